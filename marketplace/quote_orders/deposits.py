"""The deposit on an accepted quote (deposit % × the order's total), and then its balance: each paid
by card through Stripe or by a bank transfer that staff record.

Money only ever follows a committed order: ``start_card`` (the deposit's or the balance's) is
called for a ``QuoteOrder`` that exists (acceptance committed it) and with no transaction open, so
Stripe is never asked while a row is locked. Each PaymentIntent is for the deposit (the balance)
alone, so its ``StripePayment`` is not tied to the order (the webhook compares a payment tied to an
order with the order's total); it is tied to the ``QuoteOrder`` instead. Stripe's signed
``payment_intent.succeeded``, applied by the payments app's job, arrives here through
``payments.signals.payment_succeeded``: only then is the deposit (the balance) paid, never on what a
browser reports; a balance paid lets the producer ship, as one staff record does.
"""
import logging
from enum import StrEnum

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.errors import DomainError
from marketplace.payments import gateway, intents, problems
from marketplace.payments.models import PaymentMethodType, PaymentProblem, StripePayment
from marketplace.payments.signals import payment_succeeded

from .models import DepositMethod, QuoteOrder

logger = logging.getLogger(__name__)

STATUS_AWAITING_DEPOSIT = "Awaiting deposit"
STATUS_DEPOSIT_PAID = "Deposit paid"  # and the balance is awaited; once it is recorded the order is "Paid"
# What a person reads for each (``orders.placement.status_label`` shows them: ``apps.py`` adds them there).
STATUS_LABELS = {STATUS_AWAITING_DEPOSIT: gettext_lazy("Awaiting deposit"),
                 STATUS_DEPOSIT_PAID: gettext_lazy("Deposit paid, awaiting the balance")}
# an intent in one of these can no longer take the deposit: a new one is started
SPENT = {"canceled", *intents.LOCALLY_FINAL}


class DepositErrorCode(StrEnum):
    """The API mirrors these in ``QuoteErrorCode``."""

    INVALID = "INVALID"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    DEPOSIT_ALREADY_PAID = "DEPOSIT_ALREADY_PAID"
    PAYMENT_ERROR = "PAYMENT_ERROR"


class DepositError(DomainError):
    code_enum = DepositErrorCode


def start_card_deposit(link: QuoteOrder) -> StripePayment:
    """The PaymentIntent for ``link``'s deposit (the open one when there is one). Call with no
    transaction open. Raises ``DepositError``."""
    return start_card(link, DEPOSIT)


DEPOSIT, BALANCE = "deposit", "balance"  # the two payments of an accepted quote's order


def card_refusal(link: QuoteOrder, stage):
    """Why ``link``'s ``stage`` (``DEPOSIT`` or ``BALANCE``) cannot be paid by card now, or None."""
    if stage == DEPOSIT:
        if link.deposit_paid_at is not None:
            return DepositError("DEPOSIT_ALREADY_PAID", _("The deposit on this order is already paid."))
        if link.deposit_amount <= 0:
            return DepositError("INVALID", _("This order has no deposit to pay."))
        return None
    if link.balance_paid_at is not None:
        return DepositError("INVALID", _("The balance of this order is already paid."))
    if link.deposit_due:
        return DepositError("INVALID", _("Pay the deposit first: the balance follows it."))
    if link.balance <= 0:
        return DepositError("INVALID", _("This order has no balance to pay."))
    return None


def amount_due(link: QuoteOrder, stage):
    return link.deposit_amount if stage == DEPOSIT else link.balance


def start_card(link: QuoteOrder, stage) -> StripePayment:
    """The PaymentIntent for ``link``'s ``stage`` (``DEPOSIT`` or ``BALANCE``), the open one when there
    is one; a spent one is replaced. Call with no transaction open. Raises ``DepositError``."""
    link.refresh_from_db()
    refused = card_refusal(link, stage)
    if refused is not None:
        raise refused
    amount, current = amount_due(link, stage), getattr(link, f"{stage}_payment")
    if current is not None and current.status not in SPENT:
        return current
    # A spent intent is replaced by a new one: its id makes the new key differ from the last one's.
    after = current.intent_id if current is not None else "none"
    try:
        intent = gateway.create_intent(
            amount=amount, currency=link.currency, method_types=["card"],
            metadata={"order": link.order.number, f"{stage}_of": str(link.pk)},
            idempotency_key=f"otop-{stage}-{link.pk}-{gateway.minor_units(amount, link.currency)}-after-{after}")
    except gateway.GatewayError as refusal:
        logger.error("%s of order %s without a payment: %s", stage.capitalize(), link.order.number, refusal)  # staff
        raise DepositError("PAYMENT_ERROR", refusal.user_message or (
            _("Card payment is not available at the moment. Please try again later, or pay the deposit by bank "
              "transfer.") if stage == DEPOSIT else
            _("Card payment is not available at the moment. Please try again later, or pay the balance by bank "
              "transfer.")))
    with transaction.atomic():
        payment, _created = StripePayment.objects.get_or_create(
            intent_id=intent.id, defaults=dict(client_secret=intent.client_secret, method=PaymentMethodType.CARD,
                                               amount=amount, currency=link.currency, status=intent.status))
        locked = QuoteOrder.objects.select_for_update().get(pk=link.pk)
        setattr(locked, f"{stage}_payment", payment)
        locked.save(update_fields=[f"{stage}_payment"])
    setattr(link, f"{stage}_payment", payment)
    return payment


def _mark_paid(link, *, method, at, by=None, reference=""):
    link.deposit_method = method
    link.deposit_paid_at = at
    link.deposit_recorded_by = by
    link.deposit_reference = reference or link.deposit_reference
    link.save(update_fields=["deposit_method", "deposit_paid_at", "deposit_recorded_by", "deposit_reference"])
    order = link.order
    if order.status == STATUS_AWAITING_DEPOSIT:
        order.status = STATUS_DEPOSIT_PAID
        order.save(update_fields=["status"])


RECORD_PERMISSION = "quote_orders.change_quoteorder"  # staff who may record a deposit (a superuser may)


def _check_recorder(by):
    """Who may record a bank transfer (a deposit, a balance): active staff holding ``RECORD_PERMISSION``."""
    if not (getattr(by, "is_staff", False) and by.is_active and by.has_perm(RECORD_PERMISSION)):
        raise DepositError("PERMISSION_DENIED", _("Only staff record bank transfers."))


def _card_confirming(payment) -> bool:
    """Whether ``payment`` (a stage's card payment, or None) was taken, or is being taken, by Stripe: its
    webhook will make the stage paid."""
    return payment is not None and payment.status in ("succeeded", "processing")


def record_bank_transfer(link: QuoteOrder, *, by, reference=""):
    """Staff saw the deposit arrive on the shop's bank account. Raises ``DepositError`` when
    the deposit is already paid (by card or an earlier record), or being paid by card."""
    _check_recorder(by)
    with transaction.atomic():
        locked = (QuoteOrder.objects.select_for_update(of=("self",)).select_related("order", "deposit_payment")
                  .get(pk=link.pk))
        if locked.deposit_paid_at is not None:
            raise DepositError("DEPOSIT_ALREADY_PAID", _("The deposit on order %(number)s is already paid.") % {
                "number": locked.order.number})
        if _card_confirming(locked.deposit_payment):
            raise DepositError("INVALID", _("The deposit on order %(number)s has just been paid by card and Stripe "
                                            "is confirming it: do not record a bank transfer.")
                               % {"number": locked.order.number})
        _mark_paid(locked, method=DepositMethod.BANK_TRANSFER, at=timezone.now(), by=by, reference=reference)
    return locked


def record_balance(link: QuoteOrder, *, by, reference=""):
    """Staff saw the balance (the total less the deposit) arrive by bank transfer: the order is paid
    and its producer may ship. Raises ``DepositError`` when the deposit is still due or the balance
    was recorded before."""
    _check_recorder(by)
    with transaction.atomic():
        locked = (QuoteOrder.objects.select_for_update(of=("self",)).select_related("order", "balance_payment")
                  .get(pk=link.pk))
        number = locked.order.number
        if locked.balance_paid_at is not None:
            raise DepositError("INVALID", _("The balance of order %(number)s is already recorded.")
                               % {"number": number})
        if _card_confirming(locked.balance_payment):
            raise DepositError("INVALID", _("The balance of order %(number)s has just been paid by card and Stripe "
                                            "is confirming it: do not record a bank transfer.") % {"number": number})
        if locked.deposit_due:
            raise DepositError("INVALID", _("The deposit on order %(number)s is not paid yet: record it first.")
                               % {"number": number})
        _mark_balance_paid(locked, method=DepositMethod.BANK_TRANSFER, at=timezone.now(), by=by,
                           reference=reference)
    return locked


def _mark_balance_paid(link, *, method, at, by=None, reference=""):
    """In the caller's transaction (``link`` locked): the balance is paid, so the order is "Paid" and
    its parcel the producer's to ship; the producer is told once this commits."""
    from marketplace.orders.outbox import queue_may_ship_notices
    from marketplace.orders.placement import mark_paid

    link.balance_method, link.balance_paid_at, link.balance_recorded_by = method, at, by
    link.balance_reference = reference or link.balance_reference
    link.save(update_fields=["balance_method", "balance_paid_at", "balance_recorded_by", "balance_reference"])
    mark_paid(link.order)
    queue_may_ship_notices(link.order)


@receiver(payment_succeeded, dispatch_uid="quote-orders-deposit-paid")
def deposit_paid(sender, payment, **kwargs):
    """Stripe's verified word that a deposit's or a balance's intent succeeded (inside the event's
    transaction, ``payment`` locked); a payment that is neither is not ours."""
    link = (QuoteOrder.objects.select_for_update(of=("self",)).select_related("order")
            .filter(Q(deposit_payment=payment) | Q(balance_payment=payment)).first())
    if link is None:
        return
    at = payment.paid_at or timezone.now()
    if link.deposit_payment_id == payment.pk:
        if link.deposit_paid_at is None:
            _mark_paid(link, method=DepositMethod.CARD, at=at)
        elif link.deposit_method != DepositMethod.CARD:
            _paid_twice(link, payment, "deposit")
    elif link.balance_paid_at is None:
        _mark_balance_paid(link, method=DepositMethod.CARD, at=at)
    elif link.balance_method != DepositMethod.CARD:
        _paid_twice(link, payment, "balance")


def _paid_twice(link, payment, what):
    """A card paid what staff had recorded as arrived by bank transfer meanwhile: staff give one back
    (told once, however often Stripe reports the payment)."""
    if payment.problems.filter(kind=PaymentProblem.Kind.PAID_TWICE).exists():
        return
    problems.flag(PaymentProblem.Kind.PAID_TWICE, f"The {what} of order {link.order.number} was paid by card "
                  f"({payment.amount} {payment.currency}) after staff had recorded it as paid by bank transfer: "
                  f"refund one of the two (this card payment in Stripe's dashboard, or the transfer).",
                  payment=payment)
