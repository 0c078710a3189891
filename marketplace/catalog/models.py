"""What OTOP adds to Oscar's products and categories, linked one-to-one rather than forked.

``product.profile`` holds the programme's identity and the bilingual content;
``product.packaging`` the packaging facts that export shipping and trade buyers need.
"""
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.catalog import packaging_terms
from marketplace.core.i18n import bilingual, current_language
from marketplace.core.json_fields import JSONField


class OtopCategory(models.TextChoices):
    FOOD = "food", _("Food")
    BEVERAGES = "beverages", _("Beverages")
    TEXTILES = "textiles", _("Textiles and apparel")
    HOUSEHOLD = "household", _("Household, decoration and souvenirs")
    HERBAL = "herbal", _("Herbal products (non-food)")


class CategoryNames(models.Model):
    """Thai and English names for an Oscar category (the five OTOP ones and any sub-category)."""

    category = models.OneToOneField("catalogue.Category", on_delete=models.CASCADE, related_name="names")
    code = models.SlugField(max_length=64, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    name = bilingual("name")

    class Meta:
        verbose_name = _("category names")
        verbose_name_plural = _("category names")

    def __str__(self):
        return f"{self.name_th} / {self.name_en}"


class ProductProfile(models.Model):
    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, related_name="profile")
    programme_code = models.CharField(_("programme product code"), max_length=64, unique=True)
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("producer"))
    name_th = models.CharField(_("name (Thai)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    story_th = models.TextField(_("story (Thai)"), blank=True)
    story_en = models.TextField(_("story (English)"), blank=True)
    unit = models.CharField(_("selling unit"), max_length=64, blank=True)
    otop_category = models.CharField(_("OTOP category"), max_length=16, choices=OtopCategory.choices)
    quadrant = models.CharField(_("quadrant"), max_length=1, blank=True)
    # Columns of the programme record that have no field here, kept as they came.
    extra = JSONField(_("unmapped record data"), default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    name = bilingual("name")
    description = bilingual("description")
    story = bilingual("story")

    class Meta:
        verbose_name = _("product profile")
        verbose_name_plural = _("product profiles")

    def __str__(self):
        return f"{self.programme_code} {self.name_th or self.name_en}"


class Listing(models.Model):
    """The listing rule's verdict on a product, kept rather than recomputed on every request.

    ``catalog.listing`` defines it (``rule_q`` is the rule worked out from scratch) and keeps it:
    every change to what the rule reads (the product, its profile, certifications, producer,
    selling record) rewrites the product's row in the same transaction, and the programme-record
    import rewrites its products' rows in bulk. ``eligible`` is every condition but the newest
    certification's dates, which are kept beside it (``valid_from``/``valid_until``) and compared
    with the day when the table is read: a certification ending at midnight stops listing the
    product at midnight without anything being written. Shoppers' pages, the API and the search
    index read this table (``listing.listable``); ``manage.py listing_refresh --check`` (and the
    nightly job) compares it with the rule."""

    # No foreign-key constraint in the database (Django still deletes the row with its product): the
    # table is derived, checked against the rule every night, and an import's commit checked 20,000
    # references more for it (bench/bench_import.py).
    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, primary_key=True,
                                   related_name="listing_row", db_constraint=False)
    eligible = models.BooleanField(default=False)
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True)  # THB, of the selling record
    available = models.IntegerField(default=0)  # units left to sell (catalog.stock)
    star_level = models.PositiveSmallIntegerField(null=True)  # of the newest certification
    producer_id = models.IntegerField(null=True)
    province_id = models.IntegerField(null=True)  # the producer's
    category = models.CharField(max_length=16, blank=True)  # the profile's OTOP category
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        indexes = [
            models.Index(fields=["valid_until", "valid_from"], condition=models.Q(eligible=True),
                         name="listing_listed_window"),
            models.Index(fields=["price"], condition=models.Q(eligible=True), name="listing_listed_price"),
        ]

    def __str__(self):
        return f"{self.product_id}: {'eligible' if self.eligible else 'not eligible'}"


def _positive_decimal(verbose, places=2, digits=9):
    return models.DecimalField(verbose, max_digits=digits, decimal_places=places, null=True, blank=True,
                               validators=[MinValueValidator(0)])


def _positive_int(verbose):
    return models.PositiveIntegerField(verbose, null=True, blank=True)


class Packaging(models.Model):
    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, related_name="packaging")
    description_th = models.CharField(_("packaging (Thai)"), max_length=255, blank=True)
    description_en = models.CharField(_("packaging (English)"), max_length=255, blank=True)
    length_cm = _positive_decimal(_("length (cm)"))
    width_cm = _positive_decimal(_("width (cm)"))
    height_cm = _positive_decimal(_("height (cm)"))
    net_weight_g = _positive_decimal(_("net weight (g)"))
    gross_weight_g = _positive_decimal(_("gross weight (g)"))
    units_per_carton = _positive_int(_("units per carton"))
    carton_length_cm = _positive_decimal(_("carton length (cm)"))
    carton_width_cm = _positive_decimal(_("carton width (cm)"))
    carton_height_cm = _positive_decimal(_("carton height (cm)"))
    carton_weight_g = _positive_decimal(_("carton weight (g)"), digits=11)
    shelf_life_days = _positive_int(_("shelf life (days)"))
    hs_code = models.CharField(_("HS code"), max_length=16, blank=True)
    country_of_origin = models.CharField(_("country of origin"), max_length=2, default="TH")

    class Meta:
        verbose_name = _("packaging")
        verbose_name_plural = _("packaging")

    def __str__(self):
        return self.description or f"packaging of product {self.product_id}"

    @property
    def description(self):
        """The description in the reader's language (``packaging_terms.in_language``)."""
        return self.description_in(current_language())

    def description_in(self, language):
        return packaging_terms.in_language(self.description_th, self.description_en, language)

    @property
    def size_cm(self):
        if None in (self.length_cm, self.width_cm, self.height_cm):
            return None
        return (self.length_cm, self.width_cm, self.height_cm)

    @property
    def carton_size_cm(self):
        if None in (self.carton_length_cm, self.carton_width_cm, self.carton_height_cm):
            return None
        return (self.carton_length_cm, self.carton_width_cm, self.carton_height_cm)


OTOP_PRODUCT_CLASS_SLUG = "otop-product"  # created by migration 0004


class CollectionProfile(models.Model):
    """What a collection (an Oscar range: a trade fair, a campaign, a selection) shows shoppers: its
    Thai and English name and description, a background image, and the channels it is published in
    (none: every channel). The range keeps the products; its own name stays the unique key staff see."""

    range = models.OneToOneField("offer.Range", on_delete=models.CASCADE, related_name="profile")
    name_th = models.CharField(_("name (Thai)"), max_length=128)
    name_en = models.CharField(_("name (English)"), max_length=128, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    background_image = models.ImageField(_("background image"), upload_to="collections/", blank=True)
    channels = models.ManyToManyField("channels.Channel", blank=True, related_name="collections",
                                      verbose_name=_("published in channels"))

    name = bilingual("name")
    description = bilingual("description")

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return f"{self.name_th} / {self.name_en}"


class StockAlertLanguage(models.Model):
    """The language a shopper asked for a stock alert in (Oscar's ``ProductAlert`` keeps none): the
    e-mail saying the product is back is written in it (``catalog.stock_alerts``)."""

    alert = models.OneToOneField("customer.ProductAlert", on_delete=models.CASCADE, primary_key=True,
                                 related_name="otop_language")
    language = models.CharField(max_length=10)
