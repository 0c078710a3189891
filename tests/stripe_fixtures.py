"""Stripe for the tests: a real localstripe server and Stripe-signed webhook payloads.

``localstripe`` is started once per test session (``marketplace.payments.localstripe``),
bound to 127.0.0.1 on a free port with its own state file. It also serves a stand-in
Stripe.js at ``/js.stripe.com/v3/``.
localstripe ignores idempotency keys, so ``stripe_requests`` records what the shop sends.
"""
import json
import time
import uuid

import pytest
import stripe

from marketplace.payments.localstripe import start_localstripe

WEBHOOK_SECRET = "whsec_otop_tests"


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    process, url = start_localstripe(tmp_path_factory.mktemp("localstripe") / "state.pickle")
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def stripe_keys(settings, localstripe):
    """The shop's Stripe settings pointed at the test localstripe."""
    settings.STRIPE_SECRET_KEY = "sk_test_otop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_otop"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    settings.STRIPE_JS_URL = f"{localstripe}/js.stripe.com/v3/"
    stripe.api_base = localstripe  # (for code that still uses the module-level API; the shop does not)
    return settings


class RecordingClient(stripe.RequestsClient):
    """stripe-python's HTTP client, keeping each request's method, URL, headers and body."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent = []

    def request(self, method, url, headers, post_data=None):
        self.sent.append({"method": method.upper(), "url": url, "headers": dict(headers or {}),
                          "body": post_data})
        return super().request(method, url, headers, post_data)


@pytest.fixture
def stripe_requests(stripe_keys):
    previous = stripe.default_http_client
    client = RecordingClient()
    stripe.default_http_client = client
    yield client.sent
    stripe.default_http_client = previous


def as_browser_pay(intent_id, payment_method="pm_card_visa"):
    """What Stripe.js does in the shopper's browser: attach the card to the intent and confirm it.
    (localstripe cannot confirm with a payment method in one call.)"""
    options = {"api_key": "sk_test_otop"}
    stripe.PaymentIntent.modify(intent_id, payment_method=payment_method, api_key="sk_test_otop")
    try:
        return stripe.PaymentIntent.confirm(intent_id, **options)
    except stripe.CardError:
        return stripe.PaymentIntent.retrieve(intent_id, api_key="sk_test_otop")


CAPTURE = "marketplace.payments.tasks.capture_payment"


def charge_placed_orders(intent_id=None):
    """What a worker does after an order on an authorised card commits: charge the card (the
    capture jobs the placing transactions enqueued; ``intent_id``'s only, when given). Returns how
    many jobs ran."""
    from jobs_fixtures import run_enqueued

    return run_enqueued(CAPTURE, **({"intent_id": intent_id} if intent_id else {}))


def signed(payload, secret=WEBHOOK_SECRET, timestamp=None):
    """The body and ``Stripe-Signature`` header Stripe would send for ``payload``."""
    body = json.dumps(payload)
    return body, stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)


def intent_event(intent, event_type, event_id=None):
    data = intent.to_dict() if hasattr(intent, "to_dict") else dict(intent)
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:24]}", "object": "event", "type": event_type,
            "api_version": "2024-06-20", "created": int(time.time()), "data": {"object": data}}


def post_webhook(client, payload, apply=True, **signing):
    """Stripe's delivery of ``payload``; then (``apply``) the jobs it enqueued, run here as a
    worker would run them (test_webhook_jobs shows a real worker doing it)."""
    from jobs_fixtures import run_enqueued

    body, header = signed(payload, **signing)
    response = client.post("/payments/stripe/webhook/", data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)
    if apply:
        run_enqueued("marketplace.payments.tasks.apply_intent_events")
    return response


def stripe_reports(client, intent_id, event_type="payment_intent.succeeded", event_id=None):
    """Stripe telling the shop about the intent as it now stands, signed as Stripe signs."""
    intent = stripe.PaymentIntent.retrieve(intent_id, api_key="sk_test_otop")
    return post_webhook(client, intent_event(intent, event_type, event_id))



def forward_webhooks(localstripe_url, target_url, *, hook_id="tests", events=None, secret=WEBHOOK_SECRET):
    """Have localstripe send its (signed) events to ``target_url``; ``target_url=None`` stops it."""
    from marketplace.payments import localstripe

    # None: the discard port, where nothing listens.
    localstripe.forward_webhooks(localstripe_url, target_url or "http://127.0.0.1:9/", secret, hook_id, events)
