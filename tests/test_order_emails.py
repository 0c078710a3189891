"""An order's e-mails are jobs of the order's own transaction, sent by a real worker process:
the shopper's confirmation and each producer's new-order notice (in Thai, its own lines only).
The worker writes e-mails with Django's file-based backend to a temporary directory."""
import re

import pytest
from django.db import transaction
from oscar.core.loading import get_model

from buying import order_for
from jobs_fixtures import delivered_mail, job_rows, wait_for
from marketplace.orders.models import PendingEmail
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product

Order = get_model("order", "Order")
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"


def _mailer_env(directory):
    return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(directory)}


def test_a_committed_order_is_mailed_by_the_worker_and_a_rolled_back_one_never(start_worker, tmp_path):
    # given a worker whose mailer writes to a directory
    outbox = tmp_path / "mail"
    start_worker(**_mailer_env(outbox))
    product = certified_product(price="120.00", producer=ProducerFactory(email="maker@village.example"))

    # when one order is placed in a transaction that rolls back, and another that commits
    with pytest.raises(RuntimeError), transaction.atomic():
        order_for((product, 1), email="rolled@example.com")
        raise RuntimeError("the checkout failed after placing")
    order = order_for((product, 1), email="shopper@example.com")

    # then the worker mails the committed order's shopper, and nobody about the rolled-back one
    # (the worker marks an e-mail sent, then deletes its finished job: wait for both)
    wait_for(lambda: PendingEmail.objects.filter(order=order, sent_at__isnull=True).count() == 0
             and not job_rows(ORDER_EMAIL), what="the order's e-mails")
    mailed = delivered_mail(outbox)
    assert [m for m in mailed if "shopper@example.com" in m[0] and order.number in m[2]]
    assert not [m for m in mailed if "rolled@example.com" in m[0]]
    # and the producer hears of the committed order only
    assert [m[1] for m in mailed if "maker@village.example" in m[0]] == [
        m[1] for m in mailed if "maker@village.example" in m[0] and order.number in m[1]]
    assert len([m for m in mailed if "maker@village.example" in m[0]]) == 1


def test_a_failing_mailer_is_retried_and_the_email_delivered_once_it_works(start_worker, tmp_path):
    # given a worker whose mailer cannot write (its directory's path is taken by a file)
    outbox = tmp_path / "mail"
    outbox.write_text("not a directory")
    start_worker(**_mailer_env(outbox))

    # when an order is placed
    order = order_for((certified_product(price="80.00"), 1), email="shopper@example.com")

    # then the e-mail stays owed with the failure kept for staff …
    pending = wait_for(lambda: PendingEmail.objects.filter(order=order, kind=PendingEmail.ORDER_PLACED,
                                                           attempts__gte=1).exclude(last_error="").first(),
                       what="the first failed attempt")
    assert pending.sent_at is None and "not a directory" in pending.last_error

    # … and once the mailer works, a retry delivers it, once
    outbox.unlink()
    pending = wait_for(lambda: PendingEmail.objects.filter(pk=pending.pk, sent_at__isnull=False).first(),
                       timeout=45, what="the retry")
    assert pending.attempts >= 2 and pending.last_error == ""
    assert [m[0] for m in delivered_mail(outbox) if order.number in m[2] and "shopper" in m[0]] == ["shopper@example.com"]


def test_each_producer_is_told_of_the_new_order_with_its_own_lines_only(start_worker, tmp_path):
    # given two producers (one also with a user of its shop) and an order with a product of each
    outbox = tmp_path / "mail"
    start_worker(**_mailer_env(outbox))
    silk_maker = ProducerFactory(email="silk@village.example")
    silk_maker.partner.users.add(UserFactory(email="weaver@village.example"))
    tea_maker = ProducerFactory(email="tea@village.example")
    silk = certified_product(producer=silk_maker, name_th="ผ้าไหมมัดหมี่", price="900.00")
    tea = certified_product(producer=tea_maker, name_th="ชาอู่หลงดอยแม่สลอง", price="150.00")

    # when the order is placed
    order = order_for((silk, 2), (tea, 1), email="shopper@example.com")

    # then each producer gets one notice, in Thai, listing its own lines and never the other's
    wait_for(lambda: PendingEmail.objects.filter(order=order, sent_at__isnull=False).count() == 3,
             what="the order's three e-mails")
    mailed = delivered_mail(outbox)
    to_silk = [m for m in mailed if "silk@village.example" in m[0]]
    to_tea = [m for m in mailed if "tea@village.example" in m[0]]
    assert len(to_silk) == 1 and len(to_tea) == 1
    assert "weaver@village.example" in to_silk[0][0]
    assert "ผ้าไหมมัดหมี่" in to_silk[0][2] and "× 2" in to_silk[0][2] and "ชาอู่หลง" not in to_silk[0][2]
    assert "ชาอู่หลงดอยแม่สลอง" in to_tea[0][2] and "ผ้าไหม" not in to_tea[0][2]
    assert order.number in to_silk[0][1] and re.search("[\u0e00-\u0e7f]", to_silk[0][1])
    assert "shopper@example.com" not in to_silk[0][0] + to_tea[0][0]
