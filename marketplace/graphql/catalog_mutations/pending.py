"""Moderated content through the API: what ``productUpdate``, ``productTranslate`` and the
``productMedia*`` mutations hand to ``marketplace.moderation.changes.submit``, exactly as the portal's
edit page does, and the extension field ``pendingChange`` their payloads carry.

A Saleor client sees the mutation succeed (``errors: []``) with the product as shoppers see it, the
approved version; the proposal waits in ``pendingChange`` until a programme officer decides."""
import graphene

from marketplace.core.errors import DomainError
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.scalars import DateTime
from marketplace.moderation import changes

# Saleor attribute slugs a producer may propose values for → moderation's field keys (the packaging
# facts; the other attributes — certification, star level, standards, producer, province, material —
# are the programme's).
PACKAGING_ATTRIBUTES = {
    "packaging": "packaging", "hs-code": "hs_code", "length-cm": "length_cm", "width-cm": "width_cm",
    "height-cm": "height_cm", "net-weight-g": "net_weight_g", "gross-weight-g": "gross_weight_g",
    "units-per-carton": "units_per_carton", "carton-length-cm": "carton_length_cm",
    "carton-width-cm": "carton_width_cm", "carton-height-cm": "carton_height_cm",
    "carton-weight-g": "carton_weight_g", "shelf-life-days": "shelf_life_days",
}
ATTRIBUTE_OF_KEY = {key: slug for slug, key in PACKAGING_ATTRIBUTES.items()}
# the packaging description's key in each language (``productTranslate``'s ``packaging``)
PACKAGING_KEYS = {"th": "packaging", "en": "packaging_en"}


def _argument_of(key):
    """The API argument a moderation field key (or ``photos``) comes from."""
    if key in ATTRIBUTE_OF_KEY:
        return "attributes"
    head = (key or "").rsplit("_", 1)[0]
    return {"name": "name", "description": "description", "story": "description", "photos": "image"}.get(head, key)


class ProductPendingChange(graphene.ObjectType):
    """A proposed change of a product's content waiting for a programme officer (OTOP extension)."""

    id = graphene.ID(required=True)
    status = graphene.String(required=True, description="pending, approved or rejected.")
    submitted_at = DateTime()
    fields = graphene.List(graphene.NonNull(graphene.String), required=True,
                           description="The content fields the change proposes values for.")

    @staticmethod
    def resolve_id(root, info):
        return global_id("ProductPendingChange", root.pk)

    @staticmethod
    def resolve_fields(root, info):
        return sorted(root.fields or {})


def submit(product, user, fields=None, photo_ops=None, arguments=None):
    """Propose ``fields`` (moderation's field keys) and ``photo_ops`` for ``product`` on behalf of ``user``:
    the pending change. Moderation checks the values (and photos by content and size); a refusal keeps
    its code and names the API's argument (``arguments`` maps a key to it where the caller's differs)."""
    try:
        return changes.submit(product, user, fields=fields or {}, photo_ops=photo_ops or [])
    except changes.ModerationError as refusal:
        argument = (arguments or {}).get(refusal.field) or _argument_of(refusal.field)
        raise DomainError(refusal.code, refusal.message, argument) from refusal


def check_alt(alt):
    """A new photo's alt text checked by moderation's rule before the photo is looked at; a refusal is
    about Saleor's ``input`` (``productMediaCreate`` answers an alt text over the limit there)."""
    try:
        changes.clean_alt(alt)
    except changes.ModerationError as refusal:
        raise DomainError(refusal.code, refusal.message, "input") from refusal


def pending_change_field():
    return graphene.Field(ProductPendingChange, description="The change waiting for moderation that holds "
                                                            "this request's proposal (OTOP extension).")
