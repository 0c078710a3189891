"""Who may change a product through the API: the one check every product mutation inherits.

A mutation declares the argument that names its product (``product_from``); the base decodes it,
finds the product among ``listing.managed_by(user)`` (staff: every product; a producer's users: their
producer's own, never another's, whatever its name) and only then calls ``change``. Anyone else gets
Saleor's top-level ``PermissionDenied`` error and nothing is read or written: for a producer's user an
id that is another producer's and one that does not exist are answered alike, so the API tells no one
which products exist. Staff get ``NOT_FOUND`` in ``errors`` for an id that does not exist (Saleor's
answer). Anonymous callers are refused by ``BaseMutation`` before the id is looked at.
"""
from django.utils.translation import gettext as _
from graphql import GraphQLError
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.core.errors import DomainError
from marketplace.graphql.catalog import loading
from marketplace.graphql.catalog.types import Variant
from marketplace.graphql.channels.types import resolve_channel
from marketplace.graphql.core.ids import decode_id, integer_pk
from marketplace.graphql.core.mutations import AUTHENTICATED_USER, BaseMutation, PermissionDenied

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")


class NotYourProduct(PermissionDenied):
    def __init__(self):
        GraphQLError.__init__(self, _("You do not manage this product: only its producer's users and staff may "
                                      "change it."), extensions={"exception": {"code": "PermissionDenied"}})


def camel(name):
    """An argument's Python name as the schema spells it (``product_id`` → ``productId``)."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def pk_of(value, kind):
    """The integer pk of a global id of ``kind``, or None (an error for the caller to report)."""
    return integer_pk(value, kind)


def _argument(arguments, path):
    value = arguments
    for name in path.split("."):
        value = (value or {}).get(name)
    return value


def _product_id(value, kind, field):
    """The product pk an id of ``kind`` stands for (a variant's pk is its product's; a medium's is
    looked up), or None when there is no such object."""
    pk = decode_id(value, kind, field)
    if kind == "ProductMedia":
        return ProductImage.objects.filter(pk=pk).values_list("product_id", flat=True).first()
    return pk


def managed_product(info, value, kind="Product", field="id"):
    """The product ``value`` names, if the caller manages it; else ``PermissionDenied`` (or
    ``NOT_FOUND`` for staff when it does not exist)."""
    user = info.context.user
    pk = _product_id(value, kind, field)
    product = listing.managed_by(user, Product.objects.filter(pk=pk)).first() if pk is not None else None
    if product is not None:
        return product
    if getattr(user, "is_staff", False):
        raise DomainError("NOT_FOUND", _("Couldn't resolve to a node: %(id)s") % {"id": value}, field)
    raise NotYourProduct()


class ManagedProductMutation(BaseMutation):
    class Meta:
        abstract = True

    permissions = (AUTHENTICATED_USER,)  # and the product must be one the caller manages (above)
    # the argument naming the product (its Python name; a dotted path into an input) and its id's type
    product_from = ("id", "Product")

    @classmethod
    def perform_mutation(cls, root, info, **arguments):
        path, kind = cls.product_from
        product = managed_product(info, _argument(arguments, path), kind, camel(path.split(".")[-1]))
        return cls.change(info, product, **arguments)

    @classmethod
    def change(cls, info, product, **arguments):
        raise NotImplementedError(f"{cls.__name__}.change")


def product_payload(info, product, *path):
    """The product as the payload shows it: read again, with what the selection under ``path`` reads,
    in the default channel (content still the approved version while a change waits for moderation)."""
    channel = resolve_channel(None)
    fresh = loading.with_related(Product.objects.filter(pk=product.pk), info, *path).first()
    return loading.load([fresh], info, channel, *path)[0]


def variant_payload(product):
    fresh = loading.with_related(Product.objects.filter(pk=product.pk)).first()
    return Variant(loading.load_for_variant(fresh, resolve_channel(None)))
