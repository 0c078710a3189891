"""Certifications about to end: their producers and the programme office are told 90, 30 and
7 days ahead, once per threshold, by the midnight job run in a worker."""
import datetime

from django.core import mail
from django.utils import timezone

from jobs_fixtures import wait_for
from marketplace.certification import expiry, tasks
from marketplace.certification.models import ExpiryNotice
from marketplace.testing.factories import ProducerFactory, certified_product

DAY = datetime.timedelta(days=1)


def _send_all(ids):
    producers = ExpiryNotice.objects.filter(pk__in=ids).values_list(
        "certification__product__profile__producer_id", flat=True).distinct()
    for producer_id in producers:
        expiry.send_to_producer(ids, producer_id)
    expiry.send_to_office(ids)


def test_producer_and_office_hear_once_per_threshold(db, settings):
    # given a certification ending in 95 days, of a producer with an e-mail address
    settings.OTOP_PROGRAMME_OFFICE_EMAILS = ["otop@lamphun.example"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    producer = ProducerFactory(email="silk@village.example")
    certified_product(producer=producer, code="5101-2567-0001", valid_until=today + 95 * DAY)

    # when the nightly job runs every night for 95 nights
    sent = []
    for night in range(96):
        mail.outbox = []
        _send_all(expiry.record_due(today + night * DAY))
        sent.append((night, sorted(m.to[0] for m in mail.outbox), list(mail.outbox)))

    # then the producer and the office heard three times: 90, 30 and 7 days before the end
    told = [(night, to) for night, to, _ in sent if to]
    assert told == [(5, ["otop@lamphun.example", "silk@village.example"]),
                    (65, ["otop@lamphun.example", "silk@village.example"]),
                    (88, ["otop@lamphun.example", "silk@village.example"])]
    assert sorted(ExpiryNotice.objects.values_list("days", flat=True)) == [7, 30, 90]
    to_producer = next(m for m in sent[65][2] if m.to == ["silk@village.example"])
    assert "5101-2567-0001" in to_producer.body and "30" in to_producer.body


def test_a_certification_first_seen_inside_a_threshold_gets_that_one_notice(db, settings):
    # given a certification imported with 20 days left
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OTOP_PROGRAMME_OFFICE_EMAILS = []
    today = timezone.localdate()
    certified_product(producer=ProducerFactory(email="rice@village.example"), valid_until=today + 20 * DAY)

    # when the job runs that night and the next
    first = expiry.record_due(today)
    second = expiry.record_due(today + DAY)

    # then one notice, the 30-day one, and no e-mail to an office that has no address
    assert len(first) == 1 and second == []
    assert list(ExpiryNotice.objects.values_list("days", flat=True)) == [30]
    _send_all(first)
    assert [m.to for m in mail.outbox] == [["rice@village.example"]]


def test_the_midnight_job_in_a_worker_sends_the_notices(job_queue, start_worker):
    # given a certification ending in 7 days
    today = timezone.localdate()
    product = certified_product(producer=ProducerFactory(email="mango@village.example"),
                                valid_until=today + 7 * DAY)

    # when midnight's job runs in a worker (whose office address is set)
    start_worker(OTOP_PROGRAMME_OFFICE_EMAILS="otop@chiangmai.example")
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    tasks.record_expiry_notices.defer(timestamp=int(midnight.timestamp()))

    # then the 7-day notice is recorded and sent to the producer and to the office
    notice = wait_for(lambda: ExpiryNotice.objects.filter(
        certification__product=product, producer_sent_at__isnull=False, office_sent_at__isnull=False).first(),
        what="the notices")
    assert notice.days == 7
