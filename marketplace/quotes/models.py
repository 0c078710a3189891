"""Overseas trade buyers asking OTOP producers for quotes (issue 14).

A ``TradeBuyer`` (profile of a user) sends a ``QuoteRequest`` with ``RequestLine``s (products of one
or more producers) and ``Attachment``s; each producer answers its own lines with one ``Quote`` whose
terms are kept as ``QuoteVersion``s (a new version never overwrites the old one) with a
``QuotePrice`` per line. ``Message``s are the thread between the buyer and one producer. Every
change of state goes through ``marketplace.quotes.states`` and leaves a ``Transition`` row.
Who may see what: ``marketplace.quotes.access``.
"""
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessType(models.TextChoices):
    IMPORTER = "importer", _("Importer")
    DISTRIBUTOR = "distributor", _("Distributor")
    RETAILER = "retailer", _("Retailer")
    HORECA = "horeca", _("Hotel / restaurant")
    OTHER = "other", _("Other")


class Incoterm(models.TextChoices):
    """Incoterms 2020 a buyer may ask for (the sea-only ones and the any-mode ones)."""

    EXW = "EXW", _("EXW – Ex Works")
    FCA = "FCA", _("FCA – Free Carrier")
    FOB = "FOB", _("FOB – Free On Board")
    CFR = "CFR", _("CFR – Cost and Freight")
    CIF = "CIF", _("CIF – Cost, Insurance and Freight")
    DAP = "DAP", _("DAP – Delivered At Place")
    DDP = "DDP", _("DDP – Delivered Duty Paid")


class TargetCurrency(models.TextChoices):
    THB = "THB", _("Thai baht (THB)")
    USD = "USD", _("US dollar (USD)")


class Certificate(models.TextChoices):
    HALAL = "halal", _("Halal")
    GI = "gi", _("Geographical Indication (GI)")
    ORGANIC = "organic", _("Organic")
    FDA = "fda", _("Thai FDA (อย.)")
    GMP = "gmp", _("GMP")
    HACCP = "haccp", _("HACCP")
    MPC = "mpc", _("Thai Community Product Standard (มผช.)")


class State(models.TextChoices):
    """The states of a request and of a quote; the moves between them: ``states.py``."""

    SUBMITTED = "submitted", _("Submitted")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Unit(models.TextChoices):
    PIECES = "pieces", _("pieces")
    CARTONS = "cartons", _("cartons")


class TradeBuyer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trade_buyer")
    company = models.CharField(_("company"), max_length=255)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. JP"))
    business_type = models.CharField(_("business type"), max_length=16, choices=BusinessType.choices)
    tax_number = models.CharField(_("tax or registration number"), max_length=64, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=255)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    currency = models.CharField(_("your own currency"), max_length=3, blank=True,
                                help_text=_("ISO 4217 code, e.g. JPY; shown for information"))
    verified = models.BooleanField(_("verified by staff"), default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trade buyer")
        verbose_name_plural = _("trade buyers")

    def __str__(self):
        return f"{self.company} ({self.country})"


class TradeTerms(models.Model):
    """A product's terms for trade buyers (shown on its page to everyone)."""

    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, related_name="trade_terms")
    minimum_order = models.PositiveIntegerField(_("minimum order"), null=True, blank=True)
    minimum_order_unit = models.CharField(_("unit of the minimum order"), max_length=8, choices=Unit.choices,
                                          default=Unit.PIECES)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)

    class Meta:
        verbose_name = _("trade terms")
        verbose_name_plural = _("trade terms")

    def __str__(self):
        return f"trade terms of product {self.product_id}"


class QuoteRequest(models.Model):
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quote_requests",
                              verbose_name=_("buyer"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices, default=Incoterm.FOB)
    destination_country = models.CharField(_("destination country"), max_length=2)
    destination_place = models.CharField(_("destination port or city"), max_length=255)
    wanted_by = models.DateField(_("wanted by"), null=True, blank=True)
    sample_requested = models.BooleanField(_("sample requested"), default=False)
    certifications_required = ArrayField(
        models.CharField(max_length=16, choices=Certificate.choices), default=list, blank=True,
        verbose_name=_("certifications required"))
    certifications_other = models.CharField(_("other certifications"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    target_currency = models.CharField(_("target currency"), max_length=3, choices=TargetCurrency.choices,
                                       default=TargetCurrency.USD)
    buyer_currency = models.CharField(_("buyer's own currency"), max_length=3, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)
    flagged_to_office_at = models.DateTimeField(_("flagged to the programme office"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("quote request")
        verbose_name_plural = _("quote requests")
        indexes = [models.Index(fields=["state", "created"], name="quotes_request_state_age")]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"RFQ-{self.pk:06d}" if self.pk else "RFQ-new"

    @property
    def certification_labels(self):
        """The certifications asked for, each as ``Certificate`` names it in the active language."""
        return [str(Certificate(code).label) if code in Certificate.values else code
                for code in self.certifications_required]


class RequestLine(models.Model):
    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    # The product's producer when the request was made: what access.py filters on.
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="quote_lines")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECES)
    target_unit_price = models.DecimalField(_("target unit price"), max_digits=12, decimal_places=2, null=True,
                                            blank=True, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("request line")
        verbose_name_plural = _("request lines")
        constraints = [models.UniqueConstraint(fields=["request", "product"], name="quotes_line_product_once")]

    def __str__(self):
        return f"{self.quantity} {self.unit} of product {self.product_id}"


class Attachment(models.Model):
    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="quotes/attachments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8)  # pdf, jpeg, png, webp: what the content was checked to be
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Quote(models.Model):
    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="quotes")
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="quotes")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUOTED)
    current_version = models.ForeignKey("QuoteVersion", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    valid_until = models.DateField(_("valid until"))
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [models.UniqueConstraint(fields=["request", "producer"], name="quotes_one_per_producer")]
        indexes = [models.Index(fields=["state", "valid_until"], name="quotes_quote_state_validity")]

    def __str__(self):
        return f"quote of producer {self.producer_id} on {self.request}"


class QuoteVersion(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    currency = models.CharField(_("currency"), max_length=3, choices=TargetCurrency.choices)
    minimum_order = models.PositiveIntegerField(_("minimum order (pieces)"), null=True, blank=True)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"))
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices)
    named_place = models.CharField(_("named place"), max_length=255)
    valid_until = models.DateField(_("valid until"))
    sample_cost = models.DecimalField(_("sample cost"), max_digits=12, decimal_places=2, null=True, blank=True,
                                      validators=[MinValueValidator(0)])
    deposit_percent = models.PositiveSmallIntegerField(
        _("deposit (%)"), default=30, validators=[MinValueValidator(0), MaxValueValidator(100)])
    payment_terms = models.CharField(_("payment terms"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["quote", "number"]
        verbose_name = _("quote version")
        verbose_name_plural = _("quote versions")
        constraints = [models.UniqueConstraint(fields=["quote", "number"], name="quotes_version_number_once")]

    def __str__(self):
        return f"version {self.number} of {self.quote}"


class QuotePrice(models.Model):
    """The unit price one version of a quote gives for one line of the request."""

    version = models.ForeignKey(QuoteVersion, on_delete=models.CASCADE, related_name="prices")
    line = models.ForeignKey(RequestLine, on_delete=models.CASCADE, related_name="prices")
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2,
                                     validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["line"]
        constraints = [models.UniqueConstraint(fields=["version", "line"], name="quotes_price_line_once")]

    def __str__(self):
        return f"{self.unit_price} for line {self.line_id}"


class Message(models.Model):
    """The thread of one request between its buyer and one producer (staff read and moderate)."""

    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="messages")
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"))
    created = models.DateTimeField(auto_now_add=True)
    hidden_by_staff = models.BooleanField(_("hidden by staff"), default=False)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"message {self.pk} on {self.request}"


class Transition(models.Model):
    """One change of state of a request or of a quote, with who (``None``: a scheduled job) and when."""

    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="transitions")
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, null=True, blank=True, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        subject = f"quote {self.quote_id}" if self.quote_id else f"request {self.request_id}"
        return f"{subject}: {self.from_state or '–'} → {self.to_state}"


class ListedProduct(models.Model):
    """A product on a signed-in buyer's quote list (``quote_list``): kept with the account, so the list
    is there after signing out and on another device. A visitor's list lives in the session until
    they sign in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quote_list")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added", "pk"]
        verbose_name = _("product on a quote list")
        verbose_name_plural = _("products on quote lists")
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="quotes_listed_product_once")]

    def __str__(self):
        return f"product {self.product_id} on the quote list of user {self.user_id}"
