"""Factories for tests and demos, in the spirit of ``oscar.test.factories``.

``CertifiedProductFactory()`` gives a product a shopper can see: a current certification,
an active producer and a THB price. Pass ``certification__status=...``,
``producer__active=False`` or ``price=None`` to make the cases the listing rule refuses.
"""
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.catalog.models import OTOP_PRODUCT_CLASS_SLUG, OtopCategory, Packaging, ProductProfile
from marketplace.certification import validity
from marketplace.certification.models import Certification, CertificationStatus, Standard, StandardType
from marketplace.producers.models import Producer, ProducerType
from marketplace.provinces.models import Province

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
CategoryNames = get_model("otop_catalog", "CategoryNames")

_codes = itertools.count(1)


def province(iso_code="TH-51"):
    """Provinces come from the data migration; factories look them up rather than create them."""
    return Province.objects.get(iso_code=iso_code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password("correct horse battery staple")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Producer partner {n}")


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    name_th = factory.Sequence(lambda n: f"กลุ่มทอผ้าบ้านหนองเงือก {n}")
    name_en = factory.Sequence(lambda n: f"Ban Nong Ngueak Weaving Group {n}")
    slug = factory.Sequence(lambda n: f"producer-{n}")
    producer_type = ProducerType.COMMUNITY_ENTERPRISE
    province = factory.LazyFunction(province)
    district = "ป่าซาง"
    story_th = "กลุ่มแม่บ้านทอผ้าไหมยกดอกสืบทอดลวดลายโบราณ"
    story_en = "Village women weaving brocade silk in patterns handed down for generations."
    active = True
    verified = True

    @factory.post_generation
    def users(self, create, extracted, **kwargs):
        if create and extracted:
            self.partner.users.add(*extracted)


def certified_product(*, producer=None, price="350.00", stars=4, selection_year=None,
                      category=OtopCategory.TEXTILES, name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk",
                      num_in_stock=20, status=CertificationStatus.CURRENT, code=None, is_public=True,
                      standards=((StandardType.MPC, "123/2565"),), **certification):
    """A listable OTOP product unless told otherwise: ``price=None``, ``status="revoked"``,
    ``producer=ProducerFactory(active=False)`` and so on make the cases the listing rule refuses."""
    producer = producer or ProducerFactory()
    selection_year = selection_year or timezone.localdate().year - 1
    code = code or f"5101-{selection_year + 543}-{next(_codes):04d}"
    product = Product.objects.create(
        title=name_th or name_en, structure="standalone", is_public=is_public,
        product_class=ProductClass.objects.get(slug=OTOP_PRODUCT_CLASS_SLUG),
    )
    ProductProfile.objects.create(
        product=product, programme_code=code, producer=producer, name_th=name_th, name_en=name_en,
        story_th="เรื่องราวของผ้าไหมจากหมู่บ้าน", story_en="The story of village silk.", unit="ผืน",
        otop_category=category,
    )
    Packaging.objects.create(
        product=product, description_th="กล่องกระดาษ", length_cm=30, width_cm=20, height_cm=5,
        net_weight_g=250, gross_weight_g=400, units_per_carton=20, hs_code="5007.20",
    )
    ProductCategory.objects.create(product=product, category=CategoryNames.objects.get(code=category).category)
    if price is not None:
        StockRecord.objects.create(
            product=product, partner=producer.partner, partner_sku=code,
            price_currency="THB", price=price, num_in_stock=num_in_stock,
        )
    cert = CertificationFactory(product=product, star_level=stars, selection_year=selection_year, status=status,
                                **certification)
    for standard_type, number in standards:
        Standard.objects.create(certification=cert, type=standard_type, number=number)
    return product


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    product = None
    star_level = 4
    selection_year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    province = factory.LazyFunction(province)
    valid_from = factory.LazyAttribute(lambda o: validity.period(o.selection_year)[0])
    valid_until = factory.LazyAttribute(lambda o: validity.period(o.selection_year)[1])
    status = CertificationStatus.CURRENT
