"""Which currency a shopper pays in, and whether the shop sells to their destination at all.

A small port onto the sales channels (``marketplace.channels``: a THB domestic channel and a
USD international one). Prices are the channels' rule alone (``channels.pricing``): with no
active channel in a currency nothing is priced in it, and with the international channel
switched off the shop does not sell abroad (``currency_for_destination`` says so).
"""
from decimal import Decimal

from django.utils.translation import gettext as _

from marketplace.channels.availability import channel_for
from marketplace.channels.pricing import convert_to
from marketplace.shipping.models import ZoneCountry

from .errors import CheckoutError, CheckoutErrorCode

DOMESTIC_COUNTRY = "TH"
THB, USD = "THB", "USD"
CURRENCIES = (THB, USD)


def currency_for_country(country_code):
    """Shoppers shipping inside Thailand pay in baht, everyone else in US dollars."""
    return THB if (country_code or "").upper() == DOMESTIC_COUNTRY else USD


def countries_sold_to(channel) -> list[str]:
    """The countries ``channel`` sells to, sorted: the shipping zones' countries (where a parcel can
    go, ``shipping``) whose shoppers pay in the channel's currency (``currency_for_country``),
    narrowed to the channel's own list of countries when it has one."""
    codes = ZoneCountry.objects.order_by("country").values_list("country", flat=True)
    return [code for code in codes if currency_for_country(code) == channel.currency_code
            and (not channel.countries or code in channel.countries)]


def currency_for_destination(country_code):
    """The currency of the channel that sells to ``country_code``; raises ``CheckoutError``
    (``CHANNEL_INACTIVE``) when that channel is switched off: the shop does not sell there now."""
    currency = currency_for_country(country_code)
    if channel_for(currency) is None:
        if currency == THB:
            message = _("The shop is not taking orders at the moment.")
        else:
            message = _("Sorry, the shop does not sell abroad at the moment: we can only ship within Thailand.")
        raise CheckoutError(CheckoutErrorCode.CHANNEL_INACTIVE, message, field="shippingAddress")
    return currency


def currency_note(currency):
    """What choosing ``currency`` means, said by the basket and when the shopper switches."""
    if currency == USD:
        return _("Prices are shown in US dollars, converted from the producers' baht prices. You pay in the "
                 "currency of your shipping address: baht within Thailand, US dollars abroad.")
    return _("Prices are shown in baht, the producers' own prices. You pay in the currency of your "
             "shipping address: baht within Thailand, US dollars abroad.")


def convert_from_thb(amount, currency):
    """A baht amount in ``currency`` by the channels' one rate and rounding rule."""
    amount = Decimal(amount)
    if currency == THB:
        return amount.quantize(Decimal("0.01"))
    return convert_to(amount, currency)
