"""Applying Stripe webhook events: each event id once, and only when it adds up.

A signed event is first checked for shape (``parse``): an id, a type, ``data.object`` with the
fields of its kind and the right types; a malformed one is refused (400) and recorded.

``payment_intent.succeeded`` marks the payment paid only when the intent says "succeeded" (a card
that is only authorised is not paid: ``payment_intent.amount_capturable_updated`` records the hold)
and matches what the shop asked for: the amount and currency of the ``StripePayment`` (and of its order, once placed) and
an intent the shop created. A mismatch is recorded as a ``PaymentProblem`` for staff and
changes nothing. A failed or cancelled intent does not undo a payment that succeeded (Stripe
does not promise to deliver events in order), and a payment the shop returned stays
"refunded"; ``charge.refunded`` marks a refund (the shop's, or one made in Stripe's dashboard).
The orders app follows through the ``signals`` (payments never imports orders).

The webhook only verifies and ``store``s an event (Stripe gets its 200 at once) and enqueues
``apply_intent_events`` in the same transaction; the job applies the intent's stored events
that are not applied yet, oldest first by Stripe's ``created`` (jobs of one intent never run
side by side: ``lock``), each in its own transaction with its ``applied_at``, so an event is
applied exactly once however often Stripe delivers it.
"""
import json
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import gateway, intents, problems
from .models import PaymentProblem, ProcessedStripeEvent, StripePayment
from .signals import payment_failed, payment_refunded, payment_succeeded

logger = logging.getLogger("marketplace.payments")


class MalformedEvent(ValueError):
    pass


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    object: dict
    payload: str
    created: int = 0

    @property
    def intent_id(self):
        return self.object.get("payment_intent" if self.type in CHARGE_HANDLERS else "id", "") \
            if self.type in HANDLERS or self.type in CHARGE_HANDLERS else ""


# The longest text the shop keeps of an event's strings (``ProcessedStripeEvent``'s columns, and a
# payment's ``status``, which a failure copies from the intent); Stripe's ids are a few dozen characters.
TEXT_LIMITS = {"type": 64, "status": 32}
TEXT_LIMIT = 255
# Stripe's ``created`` is seconds since 1970, kept in a 64-bit column.
LATEST_CREATED = 2 ** 63 - 1


def _require(container, key, kind, where):
    value = container.get(key)
    # bool is an int in Python; Stripe's amounts never are
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool or value == "":
        raise MalformedEvent(f"{where}.{key} must be a {kind.__name__}, not {type(value).__name__}")
    if kind is str:
        limit = TEXT_LIMITS.get(key, TEXT_LIMIT)
        if len(value) > limit:
            raise MalformedEvent(f"{where}.{key} is longer than {limit} characters")
        if "\x00" in value:
            raise MalformedEvent(f"{where}.{key} holds a NUL character")
    return value


INTENT_FIELDS = {"id": str, "amount": int, "currency": str, "status": str}
CHARGE_FIELDS = {"payment_intent": str, "amount": int, "amount_refunded": int, "currency": str, "refunded": bool}


def parse(payload):
    """The verified body as an ``Event``; raises ``MalformedEvent`` for anything Stripe would not send."""
    try:
        data = json.loads(payload)
    except ValueError as error:
        raise MalformedEvent(f"not JSON: {error}")
    if not isinstance(data, dict):
        raise MalformedEvent("the event is not an object")
    event_id = _require(data, "id", str, "event")
    event_type = _require(data, "type", str, "event")
    body = _require(data, "data", dict, "event")
    obj = _require(body, "object", dict, "event.data")
    fields = INTENT_FIELDS if event_type.startswith("payment_intent.") else \
        CHARGE_FIELDS if event_type in CHARGE_HANDLERS else {}
    for key, kind in fields.items():
        _require(obj, key, kind, "event.data.object")
    created = data.get("created")
    created = created if isinstance(created, int) and not isinstance(created, bool) else 0
    if not 0 <= created <= LATEST_CREATED:
        raise MalformedEvent(f"event.created is out of range: {created}")
    return Event(event_id, event_type, obj, payload, created)


def record_malformed(payload, reason):
    """Keep what was refused, for staff (the id and type when they could be read)."""
    try:
        data = json.loads(payload)
    except ValueError:
        data = None
    data = data if isinstance(data, dict) else {}
    event_id = data.get("id") if isinstance(data.get("id"), str) else ""
    event_type = data.get("type") if isinstance(data.get("type"), str) else ""
    problems.flag(PaymentProblem.Kind.MALFORMED_EVENT, reason, event_id=event_id, event_type=event_type,
                  payload=payload)


def _payment_for(intent_id, event):
    payment = (StripePayment.objects.select_for_update(of=("self",)).filter(intent_id=intent_id)
               .select_related("order").first())
    if payment is None:
        problems.flag(PaymentProblem.Kind.UNKNOWN_INTENT, f"No payment of this shop has intent {intent_id}.",
                      event_id=event.id, event_type=event.type, payload=event.payload)
    return payment


def _mismatch(payment, intent):
    """Why ``intent`` is not what ``payment`` (and its order) asked for, or None."""
    currency, amount = intent["currency"].upper(), intent["amount"]
    received = intent.get("amount_received")
    expected = [(payment.currency, payment.amount, "payment")]
    if payment.order is not None:
        expected.append((payment.order.currency, payment.order.total_incl_tax, f"order {payment.order.number}"))
    for want_currency, want_amount, what in expected:
        if currency != want_currency.upper():
            return (PaymentProblem.Kind.CURRENCY_MISMATCH,
                    f"Stripe reports {currency}, the {what} is in {want_currency}.")
        if amount != gateway.minor_units(want_amount, want_currency):
            return PaymentProblem.Kind.AMOUNT_MISMATCH, (
                f"Stripe reports {amount} (minor units) {currency}, the {what} is {want_amount} {want_currency}.")
    if isinstance(received, int) and not isinstance(received, bool) and received != amount:
        return PaymentProblem.Kind.AMOUNT_MISMATCH, f"Stripe received {received} of {amount} (minor units) {currency}."
    return None


def on_authorised(event):
    """``payment_intent.amount_capturable_updated``: the card is held (``requires_capture``), to be
    charged once an order is placed on it or let go when none is (``intents.release_unclaimed``)."""
    intent = event.object
    payment = _payment_for(intent["id"], event)
    if payment is None or intent["status"] != intents.AUTHORISED:
        return
    if payment.paid_at is None and payment.status not in (
            "succeeded", "canceled", "partially_refunded", *intents.LOCALLY_FINAL):
        payment.status = intents.AUTHORISED
        payment.save(update_fields=["status", "updated"])


def on_succeeded(event):
    intent = event.object
    if intent["status"] != "succeeded":
        # Stripe's succeeded event always says "succeeded"; a card only authorised is not paid
        # (a stand-in such as localstripe reports the authorisation under this name)
        if intent["status"] == intents.AUTHORISED:
            on_authorised(event)
        else:
            logger.info("Ignoring %s for %s: its intent is %s", event.type, intent["id"], intent["status"])
        return
    payment = _payment_for(intent["id"], event)
    if payment is None:
        return
    mismatch = _mismatch(payment, intent)
    if mismatch is not None:
        kind, detail = mismatch
        problems.flag(kind, detail, payment=payment, event_id=event.id, event_type=event.type, payload=event.payload)
        return
    if payment.status in ("refunded", "releasing"):
        # The shop returned this money (no order could be placed); Stripe reports the charge late.
        payment.paid_at = payment.paid_at or timezone.now()
        payment.save(update_fields=["paid_at", "updated"])
        return
    payment.status = "succeeded"
    payment.paid_at = payment.paid_at or timezone.now()
    payment.save(update_fields=["status", "paid_at", "updated"])
    payment_succeeded.send(sender=StripePayment, payment=payment)


def on_failed(event):
    intent = event.object
    payment = _payment_for(intent["id"], event)
    if payment is None:
        return
    if payment.paid_at is not None or payment.status in ("succeeded", "refunded", "releasing") or (
            payment.status == "canceled" and event.type == "payment_intent.payment_failed"):
        # Stripe does not deliver in order: a failure older than the success, or than the cancelling of
        # a declined attempt's intent (``intents._retire``), changes nothing.
        logger.info("Ignoring %s for %s: the payment is already %s", event.type, payment.intent_id, payment.status)
        return
    payment.status = intent["status"]
    payment.save(update_fields=["status", "updated"])
    payment_failed.send(sender=StripePayment, payment=payment)


def on_charge_refunded(event):
    charge = event.object
    payment = _payment_for(charge["payment_intent"], event)
    if payment is None:
        return
    payment.status = "refunded" if charge["refunded"] else "partially_refunded"
    payment.save(update_fields=["status", "updated"])
    if charge["refunded"]:
        # a refund staff asked for (``orders.refunds``) is complete, whoever gave the money back:
        # the shop's job, or staff in Stripe's dashboard after Stripe had refused the job
        payment_refunded.send(sender=StripePayment, payment=payment)


HANDLERS = {
    "payment_intent.succeeded": on_succeeded,
    "payment_intent.amount_capturable_updated": on_authorised,
    "payment_intent.payment_failed": on_failed,
    "payment_intent.canceled": on_failed,
}
CHARGE_HANDLERS = {
    "charge.refunded": on_charge_refunded,
}


def store(event):
    """Keep a verified event and enqueue the job that applies it (the caller's transaction);
    False when this event id was stored before (a replay: nothing more happens)."""
    from . import tasks

    with transaction.atomic():
        _row, new = ProcessedStripeEvent.objects.get_or_create(
            event_id=event.id, defaults={"type": event.type, "intent_id": event.intent_id,
                                         "stripe_created": event.created, "payload": event.payload,
                                         "applied_at": None if event.intent_id else timezone.now()})
        if new and event.intent_id:
            tasks.enqueue(event.intent_id)
    return new


def apply_next(intent_id):
    """Apply the oldest stored, unapplied event of ``intent_id``; its id, or None when none is left."""
    with transaction.atomic():
        row = (ProcessedStripeEvent.objects.select_for_update()
               .filter(intent_id=intent_id, applied_at__isnull=True).order_by("stripe_created", "pk").first())
        if row is None:
            return None
        event = parse(row.payload)
        handler = HANDLERS.get(event.type) or CHARGE_HANDLERS.get(event.type)
        if handler is not None:
            handler(event)
        row.applied_at = timezone.now()
        row.save(update_fields=["applied_at"])
    return row.event_id


def apply_intent_events(intent_id):
    """Apply every stored event of ``intent_id`` not applied yet, in Stripe's order; their ids."""
    applied = []
    while (event_id := apply_next(intent_id)) is not None:
        applied.append(event_id)
    return applied
