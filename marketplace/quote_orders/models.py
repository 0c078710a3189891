"""An accepted quote and the order it became, with the deposit the buyer owes on it.

``QuoteOrder.quote`` is unique: a quote becomes one order, however often (or however
concurrently) it is accepted — the database refuses the second row, so no check-then-insert
can race (``marketplace.quotes.acceptance``). The Oscar order keeps the quoted lines and prices;
what Oscar's order has no field for (the Incoterm and its named place, the deposit) is kept here.
The deposit is paid by card through Stripe (``deposit_payment``, a PaymentIntent of the deposit
only, not tied to the order's total) or recorded by staff as a bank transfer; so is the balance
(``balance_payment``; ``deposits.record_balance``), which lets the producer ship.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DepositMethod(models.TextChoices):
    CARD = "card", _("Card (Stripe)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


class QuoteOrder(models.Model):
    quote = models.OneToOneField("quotes.Quote", on_delete=models.PROTECT, related_name="order_link",
                                 verbose_name=_("quote"))
    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, related_name="quote_link",
                                 verbose_name=_("order"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    incoterm = models.CharField(_("Incoterm"), max_length=3)
    named_place = models.CharField(_("named place"), max_length=200, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    deposit_percent = models.DecimalField(_("deposit %"), max_digits=5, decimal_places=2, default=0)
    deposit_amount = models.DecimalField(_("deposit"), max_digits=12, decimal_places=2, default=0)
    deposit_method = models.CharField(_("deposit paid by"), max_length=16, choices=DepositMethod.choices,
                                      blank=True)
    deposit_payment = models.OneToOneField("otop_payments.StripePayment", on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="quote_deposit", verbose_name=_("card payment"))
    deposit_reference = models.CharField(_("bank transfer reference"), max_length=100, blank=True)
    deposit_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="+", verbose_name=_("recorded by"))
    deposit_paid_at = models.DateTimeField(_("deposit paid at"), null=True, blank=True)
    # The balance (the total less the deposit) is paid before shipment, by bank transfer (staff record
    # it) or by card through Stripe (``balance_payment``, an intent of the balance only); the producer
    # may then ship.
    balance_method = models.CharField(_("balance paid by"), max_length=16, choices=DepositMethod.choices, blank=True)
    balance_payment = models.OneToOneField("otop_payments.StripePayment", on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="quote_balance",
                                           verbose_name=_("balance card payment"))
    balance_reference = models.CharField(_("balance transfer reference"), max_length=100, blank=True)
    balance_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="+", verbose_name=_("balance recorded by"))
    balance_paid_at = models.DateTimeField(_("balance paid at"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("accepted quote")
        verbose_name_plural = _("accepted quotes")

    def __str__(self):
        return f"{self.order.number} ({self.incoterm} {self.named_place})"

    @property
    def deposit_due(self):
        return self.deposit_amount > 0 and self.deposit_paid_at is None

    @property
    def balance(self):
        return self.order.total_incl_tax - self.deposit_amount

    @property
    def balance_due(self):
        """The deposit is paid (or there is none) and the balance is not yet."""
        return not self.deposit_due and self.balance_paid_at is None and self.balance > 0
