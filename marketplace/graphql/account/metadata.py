"""Saleor's metadata API: the ``ObjectWithMetadata`` interface and ``updateMetadata`` /
``deleteMetadata`` for the objects a client may change — a checkout the caller may see (a guest
checkout by whoever holds its id, a user's only by that user and staff, as in Saleor) and the
signed-in user's own account. An order implements the interface too: it answers the metadata its
checkout had (copied when it was placed, as Saleor does) and is not changed here. Storage:
``marketplace.metadata``."""
import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar
from graphql import GraphQLError
from graphql_relay import from_global_id

from marketplace.graphql.core.mutations import BaseMutation, error_type
from marketplace.metadata import store
from marketplace.metadata.store import MetadataErrorCode, MetadataProblem

TYPE_OF_MODEL = {"otop_orders.Checkout": "Checkout", "auth.User": "User", "order.Order": "Order"}


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class Metadata(GenericScalar):
    """Saleor's ``Metadata`` scalar: an object of string keys and values."""

    class Meta:
        name = "Metadata"


def _items(data):
    return [MetadataItem(key=key, value=value) for key, value in sorted(data.items())]


def _staff(info):
    return bool(getattr(info.context.user, "is_staff", False))


class ObjectWithMetadata(graphene.Interface):
    metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    metafield = graphene.String(key=graphene.String(required=True))
    metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)))
    # Private metadata is the shop's own (e.g. an account's language): staff only, empty for others.
    private_metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    private_metafield = graphene.String(key=graphene.String(required=True))
    private_metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)))

    @classmethod
    def resolve_type(cls, instance, info):
        name = TYPE_OF_MODEL.get(getattr(getattr(instance, "_meta", None), "label", None))
        return info.schema.get_type(name).graphene_type if name else None

    @staticmethod
    def resolve_metadata(root, info):
        return _items(store.read(root))

    @staticmethod
    def resolve_metafield(root, info, key):
        return store.read(root).get(key)

    @staticmethod
    def resolve_metafields(root, info, keys=None):
        data = store.read(root)
        return {key: value for key, value in data.items() if keys is None or key in keys}

    @staticmethod
    def resolve_private_metadata(root, info):
        return _items(store.read(root, private=True)) if _staff(info) else []

    @staticmethod
    def resolve_private_metafield(root, info, key):
        return store.read(root, private=True).get(key) if _staff(info) else None

    @staticmethod
    def resolve_private_metafields(root, info, keys=None):
        if not _staff(info):
            return {}
        return {key: value for key, value in store.read(root, private=True).items() if keys is None or key in keys}


MetadataError = error_type("MetadataError", MetadataErrorCode, "An error of a metadata mutation.")


def _not_found(object_id):
    return MetadataProblem(MetadataErrorCode.NOT_FOUND,
                           _("Couldn't resolve to an object with metadata: %(id)s") % {"id": object_id}, "id")


def _object(info, object_id):
    """The checkout the caller may see (``find_checkout``'s ownership rule) or the caller's own account;
    NOT_FOUND for anything else."""
    try:
        type_name, pk = from_global_id(object_id)
    except Exception:
        type_name, pk = "", ""
    if not type_name or not pk:
        raise GraphQLError(_("Invalid ID %(value)r in id: expected a global object id.") % {"value": object_id})
    user = info.context.user
    if type_name == "Checkout":
        from marketplace.graphql.checkout.mutations import find_checkout
        from marketplace.orders.errors import CheckoutError

        try:
            return find_checkout(object_id, user=user)
        except CheckoutError:
            raise _not_found(object_id) from None
    if type_name == "User" and getattr(user, "is_authenticated", False) and str(user.pk) == pk:
        return user
    raise _not_found(object_id)


class _MetadataMutation(BaseMutation):
    class Meta:
        abstract = True

    error_type = MetadataError
    permissions = ()  # the object decides: a checkout its holder may see, or the caller's own account
    item = graphene.Field(ObjectWithMetadata)

    @classmethod
    def perform_mutation(cls, root, info, id, **arguments):
        obj = _object(info, id)
        cls.change(obj, **arguments)
        return cls(item=obj, errors=[])


class UpdateMetadata(_MetadataMutation):
    """Add or replace public metadata keys of a checkout or of the signed-in user's account."""

    class Arguments:
        id = graphene.ID(required=True)
        input = graphene.NonNull(graphene.List(graphene.NonNull(MetadataInput)))

    @staticmethod
    def change(obj, input):
        store.update(obj, [(item.key, item.value) for item in input])


class DeleteMetadata(_MetadataMutation):
    """Remove public metadata keys of a checkout or of the signed-in user's account."""

    class Arguments:
        id = graphene.ID(required=True)
        keys = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))

    @staticmethod
    def change(obj, keys):
        store.delete(obj, keys)


class MetadataMutations(graphene.ObjectType):
    update_metadata = UpdateMetadata.Field()
    delete_metadata = DeleteMetadata.Field()
