"""Saleor's ``shop`` query: what a storefront asks once about the shop as a whole (its name, address,
languages, the countries of its address forms, its payment gateway), answered from the settings and
rules that already say it; the staff-only fields Saleor's dashboard reads are left out.

- ``name``, ``description`` and ``headerText`` are Oscar's shop name and tagline, in the shop's
  language (Thai) as every base field of the API is, with ``translation(languageCode)`` for English;
- ``domain`` is ``OTOP_SITE_URL`` (``core.site``), the address e-mails link to;
- ``countries`` are every country an address may name (ISO 3166's, as Saleor lists them: CLDR's
  territories less its reserved codes), named in ``languageCode`` (the shop's Thai names through
  ``shipping.countries``, other languages from CLDR, English by default); with
  ``filter: {attachedToShippingZones: true}`` only those a parcel can go to (the shipping zones'),
  ``false`` the others;
- ``defaultCountry`` is the default channel's; ``channelCurrencies`` the active channels' currencies;
- ``availablePaymentGateways`` is the one gateway checkouts pay through (Stripe), for the channel or
  currency asked about;
- prices include VAT (``includeTaxesInPrices``, ``displayGrossPrices``), weights are in grams.
"""
import graphene
from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils import translation

from marketplace.channels.availability import active_channels, get_channel
from marketplace.core import site
from marketplace.graphql.catalog.types import LanguageDisplay, language_argument, language_display
from marketplace.graphql.channels.types import CountryDisplay, resolve_channel
from marketplace.graphql.checkout.common import country_codes
from marketplace.graphql.checkout.types import PaymentGateway, stripe_gateway
from marketplace.graphql.core.content import BASE_LANGUAGE, translated_language
from marketplace.graphql.core.enums import LanguageCodeEnum
from marketplace.graphql.core.ids import global_id
from marketplace.shipping.countries import name_for_code
from marketplace.shipping.models import ZoneCountry

# The minor Saleor API version whose schema this one follows (docs/saleor-parity.txt).
SCHEMA_VERSION = "3.23"


class Domain(graphene.ObjectType):
    host = graphene.String(required=True)
    ssl_enabled = graphene.Boolean(required=True)
    url = graphene.String(required=True)


class CountryFilterInput(graphene.InputObjectType):
    attached_to_shipping_zones = graphene.Boolean()


class WeightUnitsEnum(graphene.Enum):
    G = "g"
    LB = "lb"
    OZ = "oz"
    KG = "kg"
    TONNE = "tonne"


class PasswordLoginModeEnum(graphene.Enum):
    ENABLED = "enabled"
    CUSTOMERS_ONLY = "customers_only"
    DISABLED = "disabled"


class ExternalAuthentication(graphene.ObjectType):
    id = graphene.String(required=True)
    name = graphene.String()


class ShopTranslation(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    language = graphene.Field(LanguageDisplay, required=True)
    header_text = graphene.String()
    description = graphene.String()


def _in(language, text) -> str:
    with translation.override(language):
        return str(text)


def country_name(code, language_code=None) -> str:
    """A country's name in the language of ``language_code`` (a LanguageCodeEnum value): Thai and
    English as the shop names countries everywhere else, other languages as CLDR does."""
    language = translated_language(language_code) if language_code else "en"
    if language:
        return name_for_code(code, language)
    try:
        locale = Locale.parse(str(getattr(language_code, "value", language_code)), sep="-")
    except (ValueError, UnknownLocaleError):
        return name_for_code(code, "en")
    return locale.territories.get(code) or name_for_code(code, "en")


def _channel_currencies() -> list[str]:
    """The currencies of the active channels, sorted."""
    return sorted(set(active_channels().values_list("currency_code", flat=True)))


class Shop(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    description = graphene.String()
    header_text = graphene.String()
    domain = graphene.Field(Domain, required=True)
    countries = graphene.NonNull(graphene.List(graphene.NonNull(CountryDisplay)),
                                 language_code=graphene.Argument(LanguageCodeEnum), filter=CountryFilterInput())
    default_country = graphene.Field(CountryDisplay)
    languages = graphene.NonNull(graphene.List(graphene.NonNull(LanguageDisplay)))
    channel_currencies = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    available_payment_gateways = graphene.NonNull(graphene.List(graphene.NonNull(PaymentGateway)),
                                                  currency=graphene.String(), channel=graphene.String())
    available_external_authentications = graphene.NonNull(graphene.List(graphene.NonNull(ExternalAuthentication)))
    translation = graphene.Field(ShopTranslation, language_code=language_argument())
    customer_set_password_url = graphene.String()
    default_weight_unit = graphene.Field(WeightUnitsEnum)
    password_login_mode = graphene.Field(PasswordLoginModeEnum, required=True)
    include_taxes_in_prices = graphene.Boolean(required=True)
    display_gross_prices = graphene.Boolean(required=True)
    schema_version = graphene.String(required=True)

    @staticmethod
    def resolve_id(root, info):
        return global_id("Shop", settings.SITE_ID)

    @staticmethod
    def resolve_name(root, info):
        return _in(BASE_LANGUAGE, settings.OSCAR_SHOP_NAME)

    @staticmethod
    def resolve_description(root, info):
        return _in(BASE_LANGUAGE, settings.OSCAR_SHOP_TAGLINE)

    resolve_header_text = resolve_description

    @staticmethod
    def resolve_domain(root, info):
        return Domain(host=site.domain(), ssl_enabled=settings.OTOP_SITE_URL.startswith("https://"),
                      url=site.url("/"))

    @staticmethod
    def resolve_countries(root, info, language_code=None, filter=None):
        attached = (filter or {}).get("attached_to_shipping_zones")
        codes = country_codes()
        if attached is not None:
            zoned = set(ZoneCountry.objects.values_list("country", flat=True))
            codes = [code for code in codes if (code in zoned) == attached]
        return [CountryDisplay(code=code, country=country_name(code, language_code)) for code in codes]

    @staticmethod
    def resolve_default_country(root, info):
        channel = get_channel(settings.OTOP_DEFAULT_CHANNEL)
        if channel is None:
            return None
        return CountryDisplay(code=channel.default_country, country=country_name(channel.default_country))

    @staticmethod
    def resolve_languages(root, info):
        return [language_display(code) for code, _name in settings.LANGUAGES]

    @staticmethod
    def resolve_channel_currencies(root, info):
        return _channel_currencies()

    @staticmethod
    def resolve_available_payment_gateways(root, info, currency=None, channel=None):
        if channel is not None:
            return [stripe_gateway(resolve_channel(channel).currency_code)]
        currencies = _channel_currencies()
        if currency is not None:
            return [stripe_gateway(currency)] if currency.strip().upper() in currencies else []
        return [stripe_gateway(currencies[0])] if currencies else []

    @staticmethod
    def resolve_available_external_authentications(root, info):
        return []

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        if language is None:
            return None
        tagline = _in(language, settings.OSCAR_SHOP_TAGLINE)
        return ShopTranslation(id=f"Shop:{language}", language=language_display(language), header_text=tagline,
                               description=tagline)

    @staticmethod
    def resolve_customer_set_password_url(root, info):
        return None  # the password e-mail links to the redirectUrl its mutation is given

    @staticmethod
    def resolve_default_weight_unit(root, info):
        return WeightUnitsEnum.G  # the programme's net and gross weights are grams

    @staticmethod
    def resolve_password_login_mode(root, info):
        return PasswordLoginModeEnum.ENABLED

    @staticmethod
    def resolve_include_taxes_in_prices(root, info):
        return True  # Thai shelf prices include VAT: net = gross

    resolve_display_gross_prices = resolve_include_taxes_in_prices

    @staticmethod
    def resolve_schema_version(root, info):
        return SCHEMA_VERSION


class ShopQueries(graphene.ObjectType):
    shop = graphene.Field(Shop, required=True)

    @staticmethod
    def resolve_shop(root, info):
        return Shop()
