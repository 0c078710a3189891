"""E-mail notices of the quotes, both ways, in the recipient's language: a new request to the
producer's users (and its contact address), a new quote or message to the buyer, a new message to
the producer. Each is a job enqueued in the caller's transaction (``tasks.send_quote_notice``): a
rolled-back request sends nothing, a committed one is mailed by a worker, retried while the mail
server is away."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _, gettext_noop

from marketplace.accounts import profile
from marketplace.core import site
from marketplace.core.i18n import localized
from marketplace.core.mail import subject_line
from marketplace.shipping.countries import name_for_code

NEW_REQUEST, NEW_QUOTE, NEW_MESSAGE = "new_request", "new_quote", "new_message"
PRODUCER_LANGUAGE = "th"  # the producer's contact address, when it is no user's: Thai

SUBJECTS = {
    NEW_REQUEST: gettext_noop("New quote request %(reference)s from %(company)s"),
    NEW_QUOTE: gettext_noop("%(producer)s sent a quote on your request %(reference)s"),
    NEW_MESSAGE: gettext_noop("New message on quote request %(reference)s"),
}
BODIES = {
    NEW_REQUEST: gettext_noop("%(company)s (%(country)s) asks %(producer)s for a quote.\n\n"
                              "Open the request and answer it:\n%(link)s\n"),
    NEW_QUOTE: gettext_noop("%(producer)s answered your request %(reference)s.\n\n"
                            "Compare the quotes and reply:\n%(link)s\n"),
    NEW_MESSAGE: gettext_noop("There is a new message on quote request %(reference)s.\n\nRead it:\n%(link)s\n"),
}


def to_producer(kind, request, producer):
    """Tell every user of ``producer`` (and its contact address) about ``request``."""
    from . import tasks

    users = list(producer.partner.users.exclude(email="").values_list("pk", "email"))
    for user_id, _email in users:
        tasks.send_quote_notice.defer(kind=kind, request_id=request.pk, producer_id=producer.pk,
                                      user_id=user_id, to_producer=True)
    if producer.email and producer.email.lower() not in {email.lower() for _pk, email in users}:
        tasks.send_quote_notice.defer(kind=kind, request_id=request.pk, producer_id=producer.pk,
                                      email=producer.email, to_producer=True)


def to_buyer(kind, request, producer):
    from . import tasks

    tasks.send_quote_notice.defer(kind=kind, request_id=request.pk, producer_id=producer.pk,
                                  user_id=request.buyer_id, to_producer=False)




def send(*, kind, request_id, producer_id, user_id=None, email=None, to_producer=False):
    """The job's body: the notice in the recipient's language (nothing if the request is gone)."""
    from marketplace.producers.models import Producer

    from .models import QuoteRequest

    request = QuoteRequest.objects.select_related("buyer__trade_buyer").filter(pk=request_id).first()
    producer = Producer.objects.filter(pk=producer_id).first()
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    address = user.email if user is not None else email
    if request is None or producer is None or not address:
        return False
    language = profile.language(user) if user is not None else PRODUCER_LANGUAGE
    with translation.override(language):
        if to_producer:
            path = reverse("quotes:producer-request", kwargs={"producer_slug": producer.slug, "pk": request.pk})
        else:
            path = reverse("quotes:request", kwargs={"pk": request.pk})
        buyer = getattr(request.buyer, "trade_buyer", None)
        params = {"reference": request.reference, "company": buyer.company if buyer else "",
                  "country": name_for_code(buyer.country, language) if buyer else "", "producer": localized(producer, "name", language),
                  "link": site.url(path)}
        send_mail(subject_line(_(SUBJECTS[kind]) % params), _(BODIES[kind]) % params, settings.DEFAULT_FROM_EMAIL, [address])
    return True
