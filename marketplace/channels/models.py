"""Channels and a product's listing in them.

A channel is a market with one currency: the domestic shop (THB) and the international shop
(USD). A product without any ``ProductChannelListing`` is sold in every active channel (the
programme's products are meant for both markets); once it has listings, it is sold only in
the channels listed. A listing may fix the channel's price; otherwise ``pricing.price_for``
derives it from the THB price.
"""
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.i18n import bilingual
from marketplace.core.json_fields import JSONField

DOMESTIC_CHANNEL_SLUG = "th-thb"
INTERNATIONAL_CHANNEL_SLUG = "intl-usd"


class Channel(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=128)
    name_en = models.CharField(_("name (English)"), max_length=128)
    currency_code = models.CharField(_("currency"), max_length=3)
    # ISO 3166-1 alpha-2 codes this channel ships to; empty means every country.
    countries = JSONField(_("countries"), default=list, blank=True)
    default_country = models.CharField(_("default country"), max_length=2)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    name = bilingual("name")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return f"{self.slug} ({self.currency_code})"


class ProductChannelListing(models.Model):
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="product_listings")
    # The price in the channel's currency; empty: derived from the THB price (see pricing.py).
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("product channel listing")
        verbose_name_plural = _("product channel listings")
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="one_listing_per_channel")]

    def __str__(self):
        return f"{self.product_id} in {self.channel_id}"


class ChannelListingRow(models.Model):
    """What a channel's shoppers see of a product, kept rather than worked out on every request: one
    row per product and channel (``channels.kept`` writes them from the listing's kept verdict,
    ``catalog.Listing``, whenever it is rewritten, and from the channel's own facts when they change).

    ``listed``: the listing rule lets the product be listed (but for the certification's dates, kept
    beside it and compared with the day when read, as in ``catalog.Listing``), the channel is active
    and sells it (``availability``). ``price``: what it costs there, in the channel's currency
    (``pricing.price_for``). The API's counts, filters and sorts by price read it, and the search
    index takes its prices from it, so every front end sorts by the price shoppers are shown."""

    # product: the unique (product, channel) index serves lookups by product, so none of its own. No
    # foreign-key constraints in the database, as for catalog.Listing (derived, checked nightly; Django
    # still deletes the rows with their product or channel): an import's commit checked two references
    # per row, 80,000 for 20,000 products in two channels.
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="channel_rows",
                                db_index=False, db_constraint=False)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="product_rows", db_constraint=False)
    listed = models.BooleanField(default=False)
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    currency = models.CharField(max_length=3)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("listing in a channel")
        verbose_name_plural = _("listings in channels")
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="one_row_per_product_channel")]
        indexes = [
            models.Index(fields=["channel", "price", "product"], condition=models.Q(listed=True),
                         name="channel_row_listed_price"),
            models.Index(fields=["channel", "valid_until", "valid_from"], condition=models.Q(listed=True),
                         name="channel_row_listed_window"),
        ]

    def __str__(self):
        return f"{self.product_id} in {self.channel_id}: {'listed' if self.listed else 'not listed'}"


class ListedCount(models.Model):
    """How many of a channel's rows are listed, per certification window: what the products page's
    ``totalCount`` reads instead of counting ``ChannelListingRow`` (75,000 index entries at 100,000
    products, ~3 ms a request; these rows are a handful).

    Written by PostgreSQL, not by Django: triggers on ``ChannelListingRow`` (migration 0006) add one
    row per statement that changed how many rows are listed in a window, ``n`` the change (+ or −),
    so concurrent writers never wait on each other's counter. The count of a window is the sum of
    its rows; ``channels.kept.recount`` (the nightly check) folds them into one row each and
    compares them with the rows counted afresh."""

    # no foreign key: rows of a deleted channel sum to nothing and go at the next recount
    channel_id = models.IntegerField(db_index=True)
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)
    n = models.BigIntegerField()

    class Meta:
        verbose_name = _("listed count")
        verbose_name_plural = _("listed counts")

    def __str__(self):
        return f"{self.channel_id} {self.valid_from}–{self.valid_until}: {self.n:+}"
