"""The checkout of the Saleor-compatible API, as domain functions over an Oscar basket.

Each function validates, changes the checkout and raises ``CheckoutError`` with Saleor's codes;
the GraphQL layer only decodes ids and turns these errors into ``errors { field code message }``.
Completing the checkout goes through ``completion.complete_checkout``, the path the Oscar
storefront takes too.
"""
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from phonenumber_field.phonenumber import to_python

from marketplace.catalog import stock
from marketplace.catalog.listing import listable
from marketplace.catalog.names import product_name
from marketplace.channels.availability import active_channels, get_channel, is_sold_in, switched_off
from marketplace.core import email_addresses, i18n, library_edges, plain_text
from marketplace.metadata import store as metadata
from marketplace.payments.models import StripePayment
from marketplace.provinces.addresses import POSTCODE, PROVINCE, AddressError, check_address
from marketplace.shipping import companies, pricing
from marketplace.shipping.countries import name_in_messages
from marketplace.shipping.methods import ParcelShipping

from . import address_lengths, line_quantity, remembered
from .completion import complete_checkout
from .currency import currency_for_destination
from .errors import CheckoutError, CheckoutErrorCode as Code
from .models import Checkout
from .placement import quote_checkout, use_currency
from .strategy import ChannelStrategy

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Product = get_model("catalogue", "Product")
ShippingAddress = get_model("order", "ShippingAddress")
BillingAddress = get_model("order", "BillingAddress")
Country = get_model("address", "Country")

PARCEL_METHOD = ParcelShipping.code


def _basket(checkout):
    basket = checkout.basket
    basket.api_checkout = checkout  # the reverse one-to-one, so that lines reach their checkout without a query
    if not (basket.has_strategy and isinstance(basket.strategy, ChannelStrategy)):
        basket.strategy = ChannelStrategy(currency=checkout.channel.currency_code)
    if basket.id and not library_edges.basket_lines_loaded(basket):
        # Everything the prices, the parcels and the API's line fields read, for all lines at once.
        library_edges.keep_basket_lines(basket, basket.lines.select_related(
            "stockrecord", "product", "product__profile", "product__profile__producer", "product__packaging",
            "product__product_class").prefetch_related(
            "attributes", "product__images", "product__stockrecords", "product__channel_listings")
            .order_by("pk"))
    return basket


def load(checkout):
    """The checkout with its basket priced in its channel's currency."""
    _basket(checkout)
    return checkout


def _memo(checkout, key, compute):
    """Computed once per request: the API asks for totals and options several times per checkout."""
    cache = checkout.__dict__.setdefault("_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget(checkout):
    checkout.__dict__.pop("_memo", None)
    library_edges.forget_basket_lines(checkout.basket)


def checkout_channel(slug):
    """The channel ``checkoutCreate`` makes a checkout in, by Saleor's rules: the active channel
    called ``slug``; without a slug, the only active channel, if there is just one."""
    if not slug:
        active = list(active_channels())
        if len(active) == 1:
            return active[0]
        raise CheckoutError(Code.MISSING_CHANNEL_SLUG, _("You need to provide channel slug."), field="channel")
    channel = get_channel(slug)
    if channel is not None:
        return channel
    code = Code.CHANNEL_INACTIVE if switched_off(slug) else Code.NOT_FOUND
    raise CheckoutError(code, _("Channel with given slug does not exist or is inactive."), field="channel")


def _products(product_ids, channel):
    """The listable products ``product_ids`` that ``channel`` sells, by id. As in Saleor, a refusal
    is about the input's ``lines`` and names every product it concerns; a product that does not
    exist is answered as one that is not listed (the answer does not tell hidden products apart)."""
    found = {p.pk: p for p in listable(Product.objects.filter(pk__in=product_ids)).select_related(
        "profile", "packaging", "product_class").prefetch_related("stockrecords", "channel_listings")}
    missing = list(dict.fromkeys(pk for pk in product_ids if pk not in found))
    if missing:
        raise CheckoutError(Code.PRODUCT_NOT_PUBLISHED, _("This product is not available for purchase."),
                            field="lines", product_ids=missing)
    elsewhere = [pk for pk, product in found.items() if not is_sold_in(product, channel)]
    if elsewhere:
        raise CheckoutError(Code.UNAVAILABLE_VARIANT_IN_CHANNEL,
                            _("Cannot add lines with products that are not sold in this channel."),
                            field="lines", product_ids=elsewhere)
    return found


def _check_quantity(product, quantity, already=0, field="quantity", adding=False):
    """``quantity`` more of ``product`` on a line holding ``already``: the per-line limit and the
    stock count what the line would hold. Added lines (``adding``) need a quantity above zero; a
    line set to 0 is removed (Saleor's ``ZERO_QUANTITY`` rule, its storefront's messages)."""
    if adding and quantity <= 0:
        raise CheckoutError(Code.ZERO_QUANTITY, _("The quantity should be higher than zero."), field=field)
    if quantity < 0:
        raise CheckoutError(Code.ZERO_QUANTITY, _("The quantity should be higher or equal zero."), field=field)
    line_quantity.check(product, quantity + already, field=field)
    available = stock.quantity_available(product)
    if quantity + already > available:
        raise CheckoutError(Code.INSUFFICIENT_STOCK, _("Could not add items %(product)s. Only %(n)d remaining in "
                                                        "stock.") % {"product": product_name(product), "n": available},
                            field=field, product=product)


def create(channel, *, email=None, user=None, lines=(), language_code="th", shipping_address=None,
           billing_address=None, save_shipping_address=True, save_billing_address=True):
    """A new checkout, written whole or not at all."""
    if email:
        set_email_value(email)
    with transaction.atomic():
        basket = Basket.objects.create()
        checkout = Checkout.objects.create(basket=basket, channel=channel, email=email or (user.email if user else ""),
                                           user=user, language_code=language_code)
        add_lines(checkout, lines)
        if shipping_address:
            set_shipping_address(checkout, shipping_address, save=save_shipping_address)
        if billing_address:
            set_billing_address(checkout, billing_address, save=save_billing_address)
    return checkout


@transaction.atomic
def add_lines(checkout, lines):
    """``lines``: (product id, quantity) pairs; quantities add up for a product already there."""
    basket = _basket(checkout)
    if not lines:
        return checkout
    products = _products([pk for pk, _q in lines], checkout.channel)
    current = {line.product_id: line.quantity for line in basket.all_lines()}
    for pk, quantity in lines:
        _check_quantity(products[pk], quantity, current.get(pk, 0), adding=True)
        current[pk] = current.get(pk, 0) + quantity
    for pk, quantity in lines:
        basket.add_product(products[pk], quantity)
    return _after_lines_changed(checkout)


@transaction.atomic
def update_lines(checkout, lines):
    """``lines``: (product id or None, basket line id or None, quantity); quantity 0 removes the line."""
    basket = _basket(checkout)
    by_product = {line.product_id: line for line in basket.all_lines()}
    by_id = {line.pk: line for line in basket.all_lines()}
    new_ids = [pk for pk, line_id, _q in lines if line_id is None and pk not in by_product]
    products = _products(new_ids, checkout.channel) if new_ids else {}
    added = {}  # a new product given twice is added twice: its line holds the sum
    for pk, line_id, quantity in lines:
        line = by_id.get(line_id) if line_id is not None else by_product.get(pk)
        if line_id is not None and line is None:  # Saleor's code for a line id that resolves to no line
            raise CheckoutError(Code.GRAPHQL_ERROR, _("Couldn't find the line."), field="lineId",
                                line_ids=[line_id])
        if line is None:
            _check_quantity(products[pk], quantity, added.get(pk, 0))
            added[pk] = added.get(pk, 0) + quantity
        elif quantity != 0:  # 0 removes the line, whatever is left in stock
            _check_quantity(line.product, quantity)
    for pk, line_id, quantity in lines:  # every change checked first: a refusal leaves the lines as they were
        line = by_id.get(line_id) if line_id is not None else by_product.get(pk)
        if line is None:
            if quantity:
                basket.add_product(products[pk], quantity)
            continue
        if quantity == 0:
            line.delete()
            continue
        line.quantity = quantity
        line.save(update_fields=["quantity"])
    library_edges.forget_basket_lines(basket)
    return _after_lines_changed(checkout)


@transaction.atomic
def delete_lines(checkout, line_ids):
    basket = _basket(checkout)
    ids = set(line_ids)
    known = {line.pk for line in basket.all_lines()}
    if not ids <= known:  # Saleor: INVALID, the lines that are not this checkout's
        raise CheckoutError(Code.INVALID, _("Couldn't find the line."), field="lineId",
                            line_ids=[pk for pk in dict.fromkeys(line_ids) if pk not in known])
    basket.lines.filter(pk__in=ids).delete()
    library_edges.forget_basket_lines(basket)
    return _after_lines_changed(checkout)


def _after_lines_changed(checkout):
    forget(checkout)
    basket = _basket(checkout)
    if not basket.is_empty:
        use_currency(basket, checkout.channel.currency_code)
    return checkout


def set_email_value(email):
    if not (email or "").strip():
        raise CheckoutError(Code.REQUIRED, _("This field cannot be blank."), field="email")
    too_long = email_addresses.refusal(email)
    if too_long is not None:
        raise CheckoutError(Code.INVALID, too_long, field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise CheckoutError(Code.INVALID, _("Enter a valid email address."), field="email")
    return email


def set_email(checkout, email):
    checkout.email = set_email_value(email)
    checkout.save(update_fields=["email", "updated"])
    return checkout


def set_language(checkout, language_code):
    """The checkout's language (a LanguageCodeEnum value, "th" or "en-us"…): the order's e-mails are
    written in it."""
    checkout.language_code = language_code
    checkout.save(update_fields=["language_code", "updated"])
    return checkout


def set_customer_note(checkout, note):
    """The buyer's note for the order (Saleor's ``customerNote``): delivery instructions, kept as the
    order's shipping address's notes, as the storefront's checkout keeps what its buyers type there."""
    note = (note or "").strip()
    if len(note) > address_lengths.NOTES_MAX_LENGTH:
        raise CheckoutError(Code.INVALID, _("The note is %(length)d characters long; the limit is %(limit)d.")
                            % {"limit": address_lengths.NOTES_MAX_LENGTH, "length": len(note)}, field="customerNote")
    problem = plain_text.refusal(note, multiline=True)
    if problem is not None:
        raise CheckoutError(Code.INVALID, problem, field="customerNote")
    checkout.customer_note = note
    checkout.save(update_fields=["customer_note", "updated"])
    return checkout


def attach_customer(checkout, user):
    if not getattr(user, "is_authenticated", False):
        raise CheckoutError(Code.PERMISSION_DENIED, _("You need to be signed in."), field="customerId")
    checkout.user = user
    checkout.email = checkout.email or user.email
    checkout.save(update_fields=["user", "email", "updated"])
    return checkout


def detach_customer(checkout):
    checkout.user = None
    checkout.save(update_fields=["user", "updated"])
    return checkout


# --- addresses -----------------------------------------------------------------------------------

ADDRESS_FIELDS = ("first_name", "last_name", "company_name", "street_address_1", "street_address_2", "city",
                  "city_area", "postal_code", "country", "country_area", "phone")
REQUIRED = {"first_name": "firstName", "last_name": "lastName", "street_address_1": "streetAddress1",
            "city": "city", "country": "country"}  # and the postcode where the country has postcodes (check_address)


# The Thai address rule's fields, as AddressInput names them.
ADDRESS_RULE_FIELDS = {PROVINCE: "countryArea", POSTCODE: "postalCode"}


def clean_address(data, field):
    """Saleor's AddressInput as a dict, checked: the length of every field (``address_lengths``),
    required fields, the address rule (``check_address``: in Thailand the province in ``countryArea``
    and a postcode of that province, abroad a postcode of the country's form), a country we ship to."""
    address = {key: (str(data.get(key) or "")).strip() for key in ADDRESS_FIELDS}
    address_lengths.check(address)  # what is taken here must fit Oscar's columns when the order is placed
    for key, value in address.items():
        problem = plain_text.refusal(value)
        if problem is not None:
            raise CheckoutError(Code.INVALID, problem, field=address_lengths.FIELDS[key][0])
    address["country"] = address["country"].upper()
    for key, name in REQUIRED.items():
        if not address[key]:
            raise CheckoutError(Code.REQUIRED, _("This field is required."), field=name)
    if address["phone"]:
        number = to_python(address["phone"], region=address["country"] or None)
        if number is None or not getattr(number, "is_valid", lambda: False)():
            raise CheckoutError(Code.INVALID, _("Enter a valid phone number, with the country code (+66…)."),
                                field="phone")
        address["phone"] = str(number)
    if not Country.objects.filter(iso_3166_1_a2=address["country"], is_shipping_country=True).exists():
        raise CheckoutError(Code.INVALID, _("We do not ship to %(country)s.") % {"country": name_in_messages(address["country"])},
                            field="country")
    try:
        province, address["postal_code"] = check_address(address["country"], address["country_area"],
                                                         address["postal_code"], name_in_messages(address["country"]))
    except AddressError as refusal:
        raise CheckoutError(refusal.code, refusal.message, field=ADDRESS_RULE_FIELDS[refusal.field]) from None
    if province is not None:
        address["country_area"] = province.name
    return address


def set_shipping_address(checkout, data, save=True):
    """``save``: whether the address goes into the buyer's address book with the order (``remembered``)."""
    address = clean_address(data, "shippingAddress")
    currency_for_destination(address["country"])  # refuses a destination the shop does not sell to now
    checkout.shipping_address = address
    checkout.save_shipping_address = save
    forget(checkout)
    if checkout.delivery_method and not delivery_options(checkout):
        checkout.delivery_method = ""
    checkout.save(update_fields=["shipping_address", "save_shipping_address", "delivery_method", "updated"])
    return checkout


def set_billing_address(checkout, data, save=True):
    checkout.billing_address = clean_address(data, "billingAddress")
    checkout.save_billing_address = save
    checkout.save(update_fields=["billing_address", "save_billing_address", "updated"])
    return checkout


def oscar_address(data, model=ShippingAddress, notes=""):
    """An unsaved Oscar address of ``data`` (AddressInput's keys); a shipping address with ``notes``."""
    if not data:
        return None
    shipping_only = {"phone_number": data.get("phone") or "", "notes": notes} if model is ShippingAddress else {}
    address = model(first_name=data["first_name"], last_name=data["last_name"], line1=data["street_address_1"],
                    line2=data["street_address_2"], line3=data["city_area"], line4=data["city"],
                    state=data["country_area"], postcode=data["postal_code"], country_id=data["country"],
                    **{key: value for key, value in shipping_only.items() if value})
    companies.attach(address, data.get("company_name"))  # kept when the order is placed
    return address


# --- delivery ------------------------------------------------------------------------------------

def delivery_options(checkout):
    """The parcel method priced for this checkout's address, or [] when it cannot be shipped there."""
    return _memo(checkout, "options", lambda: _delivery_options(checkout))


def _delivery_options(checkout):
    basket = _basket(checkout)
    if not checkout.shipping_address or basket.is_empty:
        return []
    try:
        quote = pricing.quote([(line.product, line.quantity) for line in basket.all_lines()],
                              checkout.shipping_address["country"])
    except pricing.NotShippable:
        return []
    return [ParcelShipping(quote, checkout.channel.currency_code)]


def shipping_problems(checkout):
    if not checkout.shipping_address:
        return []
    country = checkout.shipping_address["country"]
    problems = {pricing.shipping_problem(line.product, country) for line in checkout.basket.all_lines()}
    problems.discard(None)
    return sorted(problems)


def set_delivery_method(checkout, method_code, field="deliveryMethodId"):
    """Choose the parcel method ``method_code`` for the checkout's address; None clears the choice.
    ``field``: the argument a refusal names."""
    if method_code is None:
        checkout.delivery_method = ""
    elif not checkout.shipping_address:
        raise CheckoutError(Code.SHIPPING_ADDRESS_NOT_SET, _("Set the shipping address first."), field=field)
    elif method_code not in [method.code for method in delivery_options(checkout)]:
        reason = "; ".join(shipping_problems(checkout)) or _("This shipping method is not applicable.")
        raise CheckoutError(Code.DELIVERY_METHOD_NOT_APPLICABLE, reason, field=field)
    else:
        checkout.delivery_method = method_code
    checkout.save(update_fields=["delivery_method", "updated"])
    forget(checkout)
    return checkout


def chosen_method(checkout):
    if not checkout.delivery_method:
        return None
    return next((m for m in delivery_options(checkout) if m.code == checkout.delivery_method), None)


# --- totals, payment, completion -----------------------------------------------------------------

def totals(checkout):
    """(subtotal, shipping, total) as Oscar prices in the channel's currency."""
    return _memo(checkout, "totals", lambda: _totals(checkout))


def _totals(checkout):
    from oscar.core import prices

    basket = _basket(checkout)
    currency = checkout.channel.currency_code
    subtotal = prices.Price(currency, basket.total_excl_tax, basket.total_incl_tax)
    method = chosen_method(checkout)
    zero = prices.Price(currency, 0, 0)
    shipping = method.calculate(basket) if method else zero
    total = prices.Price(currency, subtotal.excl_tax + shipping.excl_tax, subtotal.incl_tax + shipping.incl_tax)
    return subtotal, shipping, total


def amount_due(checkout):
    if not checkout.shipping_address:
        raise CheckoutError(Code.SHIPPING_ADDRESS_NOT_SET, _("Set the shipping address first."), field="shippingAddress")
    _method, _charge, total = quote_checkout(_basket(checkout), checkout.shipping_address["country"],
                                             checkout.channel.currency_code)
    return total


def latest_payment(checkout):
    return _memo(checkout, "payment", lambda: StripePayment.objects.filter(basket_id=checkout.basket_id)
                 .order_by("-created", "-pk").first())


def complete(checkout, request=None):
    """Place the order for a paid checkout (Saleor's ``checkoutComplete``)."""
    if checkout.order_id:
        return checkout.order
    if checkout.basket.is_empty:
        raise CheckoutError(Code.NO_LINES, _("Cannot create order without product."), field="lines")
    if not checkout.email:
        raise CheckoutError(Code.EMAIL_NOT_SET, _("Email address is not set."), field="email")
    if not checkout.shipping_address:
        raise CheckoutError(Code.SHIPPING_ADDRESS_NOT_SET, _("Shipping address is not set."), field="shippingAddress")
    address_lengths.check(checkout.shipping_address, field="shippingAddress")  # one stored before the check
    if chosen_method(checkout) is None:
        raise CheckoutError(Code.SHIPPING_METHOD_NOT_SET, _("Shipping method is not set."), field="shippingMethod")
    if not checkout.billing_address:  # Saleor's rule too: the order's invoice names whom it bills
        raise CheckoutError(Code.BILLING_ADDRESS_NOT_SET, _("Billing address is not set."), field="billingAddress")
    address_lengths.check(checkout.billing_address, field="billingAddress")
    payment = latest_payment(checkout)
    if payment is None:
        raise CheckoutError(Code.CHECKOUT_NOT_FULLY_PAID, _("The checkout is not fully paid."), field="id")

    def close_checkout(order):  # in the order's own transaction: no placed order leaves its checkout open
        checkout.order = order
        checkout.save(update_fields=["order", "updated"])
        metadata.copy(checkout, order)  # as Saleor: the order keeps what clients stored on its checkout

    return complete_checkout(
        _basket(checkout), payment=payment,
        shipping_address=oscar_address(checkout.shipping_address, notes=checkout.customer_note),
        billing_address=oscar_address(checkout.billing_address, model=BillingAddress), email=checkout.email, user=checkout.user, request=request, on_placed=close_checkout,
        # the e-mails in the checkout's language (Thai or English), whatever the messages' language
        language=i18n.shop_language(checkout.language_code),
        remember=[kind for kind, save in ((remembered.SHIPPING, checkout.save_shipping_address),
                                          (remembered.BILLING, checkout.save_billing_address)) if save])
