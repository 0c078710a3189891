"""Saleor's checkout mutations: decode ids, call ``marketplace.orders.checkouts``, answer with
the checkout or with ``errors`` (``BaseMutation`` turns the domain's ``CheckoutError`` into them).
The domain functions own their transactions. Promo codes are Oscar vouchers."""
import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql_relay import from_global_id

from marketplace.graphql.core.address import AddressInput
from marketplace.graphql.core.enums import LanguageCodeEnum, enum_value
from marketplace.graphql.core.ids import decode_id, global_id, integer_pk
from marketplace.graphql.core.mutations import BaseMutation, error_type, exactly_one_of
from marketplace.orders import checkout_owner, checkouts, vouchers
from marketplace.orders.errors import CheckoutError as DomainError, CheckoutErrorCode as Code, DeliveryOptionsErrorCode
from marketplace.orders.models import Checkout as CheckoutModel

from .common import CheckoutError, PositiveDecimal
from .types import Checkout, Delivery


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True)
    variant_id = graphene.ID(required=True)
    price = PositiveDecimal()
    force_new_line = graphene.Boolean(default_value=False)


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID()
    quantity = graphene.Int()
    price = PositiveDecimal()
    line_id = graphene.ID()


class CheckoutAddressValidationRules(graphene.InputObjectType):
    check_required_fields = graphene.Boolean(default_value=True)
    check_fields_format = graphene.Boolean(default_value=True)
    enable_fields_normalization = graphene.Boolean(default_value=True)


class CheckoutValidationRules(graphene.InputObjectType):
    shipping_address = graphene.Field(CheckoutAddressValidationRules)
    billing_address = graphene.Field(CheckoutAddressValidationRules)


SAVE_ADDRESS = ("Whether the %s address goes into the signed-in buyer's address book when the order is placed "
                "(Saleor's; true unless given false). Only with the address.")


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String()
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLineInput)))
    email = graphene.String()
    shipping_address = graphene.Field(AddressInput)
    save_shipping_address = graphene.Boolean(description=SAVE_ADDRESS % "shipping")
    billing_address = graphene.Field(AddressInput)
    save_billing_address = graphene.Boolean(description=SAVE_ADDRESS % "billing")
    language_code = graphene.Field(LanguageCodeEnum)
    validation_rules = graphene.Field(CheckoutValidationRules)


def find_checkout(checkout_id, field="id", *, user, placed=False):
    """The open checkout ``checkout_id`` if ``user`` may see it (``orders.checkout_owner``), else NOT_FOUND;
    no id, or one that is not a Checkout's, is Saleor's GRAPHQL_ERROR (an error of the payload, not
    of the request). ``placed``: the checkout must be one whose order was placed instead (its ``order``
    loaded with it)."""
    if not checkout_id:
        exactly_one_of((field, checkout_id), refusal=DomainError)  # a CheckoutError: callers catch it
    try:
        token = decode_id(checkout_id, "Checkout", field)
    except GraphQLError as exc:
        raise DomainError(Code.GRAPHQL_ERROR, exc.message, field=field) from None
    related = ("basket", "channel", "user", "order") if placed else ("basket", "channel", "user")
    checkout = checkout_owner.visible_to(CheckoutModel.objects, user).select_related(*related).filter(
        token=token, order__isnull=not placed).first() if _is_uuid(token) else None
    if checkout is None:
        raise DomainError(Code.NOT_FOUND, _("Couldn't resolve to a node: %(id)s") % {"id": checkout_id}, field=field)
    return checkout if placed else checkouts.load(checkout)


def _is_uuid(value):
    import uuid

    if not str(value).isascii():  # uuid.UUID reads Thai or Arabic-Indic digits as hex digits too
        return False
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _variant_pk(value, field="variantId"):
    try:
        return decode_id(value, "ProductVariant", field)
    except GraphQLError as exc:
        raise DomainError(Code.INVALID, exc.message, field=field)


def _line_pk(value):
    try:
        return decode_id(value, "CheckoutLine", "lineId")
    except GraphQLError as exc:
        raise DomainError(Code.INVALID, exc.message, field="lineId")


class CheckoutPayload(BaseMutation):
    """Base of the mutations that answer with ``checkout`` and ``errors``: anyone may call them
    (a guest's checkout is known by its id)."""

    class Meta:
        abstract = True

    error_type = CheckoutError
    permissions = ()

    checkout = graphene.Field(Checkout)

    @classmethod
    def perform_mutation(cls, root, info, **arguments):
        return cls(checkout=cls.perform(info, **arguments), errors=[])

    @classmethod
    def perform(cls, info, **arguments):
        raise NotImplementedError

    @classmethod
    def refused(cls, refusal):
        """As the base's, with Saleor's ``variants`` and ``lines``: the ids of what each refusal is about."""
        errors = cls.errors_of(refusal)
        for error, each in zip(errors, refusal.every()):
            error.variants = [global_id("ProductVariant", pk) for pk in getattr(each, "product_ids", ())] or None
            error.lines = [global_id("CheckoutLine", pk) for pk in getattr(each, "line_ids", ())] or None
        return cls(errors=errors)


class CheckoutCreate(CheckoutPayload):
    """Create a checkout in a channel."""

    class Arguments:
        input = CheckoutCreateInput(required=True)

    @classmethod
    def perform(cls, info, input):
        channel = checkouts.checkout_channel(input.get("channel"))
        user = info.context.user if getattr(info.context.user, "is_authenticated", False) else None
        lines = [(_variant_pk(line["variant_id"]), line["quantity"]) for line in input.get("lines") or []]
        language = enum_value(input.get("language_code")) or "th"
        for kind, message in (("shipping", _("This option can only be chosen with a shipping address.")),
                              ("billing", _("This option can only be chosen with a billing address."))):
            if input.get(f"save_{kind}_address") is not None and not input.get(f"{kind}_address"):
                # Saleor's refusal: a choice about an address not given
                raise DomainError(Code.MISSING_ADDRESS_DATA, message, field=f"save{kind.capitalize()}Address")
        return checkouts.create(channel, email=input.get("email"), user=user, lines=lines, language_code=language,
                                shipping_address=input.get("shipping_address"),
                                billing_address=input.get("billing_address"),
                                save_shipping_address=input.get("save_shipping_address") is not False,
                                save_billing_address=input.get("save_billing_address") is not False)


class CheckoutLinesAdd(CheckoutPayload):
    """Add lines to a checkout (quantities add up)."""

    class Arguments:
        id = graphene.ID()
        lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLineInput)))

    @classmethod
    def perform(cls, info, lines, id=None):
        checkout = find_checkout(id, user=info.context.user)
        return checkouts.add_lines(checkout, [(_variant_pk(line["variant_id"]), line["quantity"]) for line in lines])


class CheckoutLinesUpdate(CheckoutPayload):
    """Set the quantities of lines; 0 removes a line."""

    class Arguments:
        id = graphene.ID()
        lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLineUpdateInput)))

    @classmethod
    def perform(cls, info, lines, id=None):
        for line in lines:  # each line names its line or its variant, never both (Saleor's GRAPHQL_ERROR)
            exactly_one_of(("lineId", line.get("line_id")), ("variantId", line.get("variant_id")),
                           refusal=DomainError)
        checkout = find_checkout(id, user=info.context.user)
        changes = []
        for line in lines:
            if line.get("quantity") is None:
                raise DomainError(Code.REQUIRED, _("Quantity is required."), field="quantity")
            variant = _variant_pk(line["variant_id"]) if line.get("variant_id") else None
            line_id = _line_pk(line["line_id"]) if line.get("line_id") else None
            changes.append((variant, line_id, line["quantity"]))
        return checkouts.update_lines(checkout, changes)


class CheckoutLineDelete(CheckoutPayload):
    """Remove a line."""

    class Arguments:
        id = graphene.ID()
        line_id = graphene.ID()

    @classmethod
    def perform(cls, info, id=None, line_id=None):
        return checkouts.delete_lines(find_checkout(id, user=info.context.user), [_line_pk(line_id)])


class CheckoutLinesDelete(CheckoutPayload):
    """Remove lines."""

    class Arguments:
        id = graphene.ID()
        lines_ids = graphene.NonNull(graphene.List(graphene.NonNull(graphene.ID)))

    @classmethod
    def perform(cls, info, lines_ids, id=None):
        checkout = find_checkout(id, user=info.context.user)
        return checkouts.delete_lines(checkout, [_line_pk(value) for value in lines_ids])


class CheckoutEmailUpdate(CheckoutPayload):
    """Set the e-mail the order confirmation goes to."""

    class Arguments:
        id = graphene.ID()
        email = graphene.String(required=True)

    @classmethod
    def perform(cls, info, email, id=None):
        return checkouts.set_email(find_checkout(id, user=info.context.user), email)


class CheckoutLanguageCodeUpdate(CheckoutPayload):
    """Set the checkout's language: the order's e-mails are written in it."""

    class Arguments:
        id = graphene.ID()
        language_code = graphene.Argument(LanguageCodeEnum, required=True)

    @classmethod
    def perform(cls, info, language_code, id=None):
        return checkouts.set_language(find_checkout(id, user=info.context.user), enum_value(language_code))


class CheckoutCustomerNoteUpdate(CheckoutPayload):
    """Set the buyer's note for the order: delivery instructions the producers shipping it read."""

    class Arguments:
        id = graphene.ID(required=True)
        customer_note = graphene.String(required=True)

    @classmethod
    def perform(cls, info, id, customer_note):
        return checkouts.set_customer_note(find_checkout(id, user=info.context.user), customer_note)


class CheckoutCustomerAttach(CheckoutPayload):
    """Tie the checkout to the signed-in customer."""

    class Arguments:
        id = graphene.ID()
        customer_id = graphene.ID()

    @classmethod
    def perform(cls, info, id=None, customer_id=None):
        return checkouts.attach_customer(find_checkout(id, user=info.context.user), info.context.user)


class CheckoutCustomerDetach(CheckoutPayload):
    """Untie the checkout from its customer."""

    class Arguments:
        id = graphene.ID()

    @classmethod
    def perform(cls, info, id=None):
        checkout = find_checkout(id, user=info.context.user)
        user = info.context.user
        if checkout.user_id and checkout.user_id != getattr(user, "pk", None):
            raise DomainError(Code.PERMISSION_DENIED, _("You do not own this checkout."), field="id")
        return checkouts.detach_customer(checkout)


class CheckoutShippingAddressUpdate(CheckoutPayload):
    """Set where the parcels go; a chosen delivery method that no longer applies is dropped."""

    class Arguments:
        id = graphene.ID()
        shipping_address = AddressInput(required=True)
        save_address = graphene.Boolean()
        validation_rules = CheckoutAddressValidationRules()

    @classmethod
    def perform(cls, info, shipping_address, id=None, save_address=None, validation_rules=None):
        return checkouts.set_shipping_address(find_checkout(id, user=info.context.user), shipping_address,
                                              save=save_address is not False)


class CheckoutBillingAddressUpdate(CheckoutPayload):
    """Set the billing address."""

    class Arguments:
        id = graphene.ID()
        billing_address = AddressInput(required=True)
        save_address = graphene.Boolean()
        validation_rules = CheckoutAddressValidationRules()

    @classmethod
    def perform(cls, info, billing_address, id=None, save_address=None, validation_rules=None):
        return checkouts.set_billing_address(find_checkout(id, user=info.context.user), billing_address,
                                             save=save_address is not False)


class CheckoutDeliveryMethodUpdate(CheckoutPayload):
    """Choose the delivery method (the priced parcel method) by the ``Delivery.id`` that
    ``deliveryOptionsCalculate`` gave, or by the ``ShippingMethod`` id (Saleor's deprecated form);
    no id clears the choice, as in Saleor."""

    class Arguments:
        id = graphene.ID()
        delivery_method_id = graphene.ID()

    @classmethod
    def perform(cls, info, id=None, delivery_method_id=None):
        checkout = find_checkout(id, user=info.context.user)
        return checkouts.set_delivery_method(checkout, delivery_method_code(delivery_method_id))


class CheckoutShippingMethodUpdate(CheckoutPayload):
    """Choose the delivery method by a ShippingMethod id (Saleor's older mutation); no id clears it."""

    class Arguments:
        id = graphene.ID()
        shipping_method_id = graphene.ID()

    @classmethod
    def perform(cls, info, id=None, shipping_method_id=None):
        checkout = find_checkout(id, user=info.context.user)
        return checkouts.set_delivery_method(checkout, delivery_method_code(shipping_method_id, field="shippingMethodId"),
                                             field="shippingMethodId")


# The global id types that name a delivery: Saleor's ``CheckoutDelivery`` (what ``Delivery.id`` is),
# ``Delivery`` (what this API's ``Delivery.id`` was before) and the deprecated ``ShippingMethod``.
DELIVERY_ID_TYPES = ("CheckoutDelivery", "Delivery", "ShippingMethod")


def delivery_method_code(value, field="deliveryMethodId"):
    """The parcel method's code that ``value`` names, None for no id, or a typed refusal."""
    if value is None:
        return None
    try:
        type_name, code = from_global_id(value)
    except Exception:  # not base64 of "Type:id": the client's mistake, never a 500
        type_name, code = "", ""
    if type_name == "Warehouse":  # Saleor's click and collect: the marketplace has no pick-up points
        raise DomainError(Code.DELIVERY_METHOD_NOT_APPLICABLE, _("This pick up point is not applicable."),
                          field=field)
    if type_name not in DELIVERY_ID_TYPES or not code:
        raise DomainError(Code.INVALID, _("The ID is not a delivery from deliveryOptionsCalculate "
                                          "nor a shipping method."), field=field)
    return code


class CheckoutAddPromoCode(CheckoutPayload):
    """Apply an Oscar voucher code."""

    class Arguments:
        id = graphene.ID()
        checkout_id = graphene.ID()
        token = graphene.UUID()
        promo_code = graphene.String(required=True)

    @classmethod
    def perform(cls, info, promo_code, id=None, checkout_id=None, token=None):
        checkout = find_checkout(id or checkout_id, "checkoutId" if checkout_id else "id",
                                 user=info.context.user)
        return vouchers.add_code(checkout, promo_code)


class CheckoutRemovePromoCode(CheckoutPayload):
    """Remove an Oscar voucher code."""

    class Arguments:
        id = graphene.ID()
        checkout_id = graphene.ID()
        token = graphene.UUID()
        promo_code = graphene.String()
        promo_code_id = graphene.ID()

    @classmethod
    def perform(cls, info, id=None, checkout_id=None, token=None, promo_code=None, promo_code_id=None):
        exactly_one_of(("promoCode", promo_code), ("promoCodeId", promo_code_id), refusal=DomainError)
        checkout = find_checkout(id or checkout_id, "checkoutId" if checkout_id else "id",
                                 user=info.context.user)
        if promo_code:
            return vouchers.remove_code(checkout, promo_code)
        return vouchers.remove_voucher(checkout, _voucher_pk(promo_code_id))


def _voucher_pk(value):
    """The voucher a ``promoCodeId`` names, or None for the id of anything else (Saleor: NOT_FOUND);
    an id that is no global id at all is GRAPHQL_ERROR."""
    try:
        type_name, _pk = from_global_id(value)
    except Exception:  # not base64 of "Type:id": the client's mistake, never a 500
        type_name = ""
    if not type_name:
        raise DomainError(Code.GRAPHQL_ERROR, _("Invalid ID %(value)r in %(field)s: expected a global object id.")
                          % {"value": value, "field": "promoCodeId"}, field="promoCodeId")
    return integer_pk(value, "Voucher")


DeliveryOptionsCalculateError = error_type("DeliveryOptionsCalculateError", DeliveryOptionsErrorCode)


class DeliveryOptionsCalculate(BaseMutation):
    """The delivery options for the checkout's lines and address."""

    class Meta:
        error_type = DeliveryOptionsCalculateError
        permissions = ()

    class Arguments:
        id = graphene.ID(required=True)

    deliveries = graphene.NonNull(graphene.List(graphene.NonNull(Delivery)))

    @classmethod
    def perform_mutation(cls, root, info, id):
        return cls(deliveries=checkouts.delivery_options(find_checkout(id, user=info.context.user)), errors=[])

    @classmethod
    def refused(cls, refusal):
        return cls(deliveries=[], errors=cls.errors_of(refusal))
