"""``productMediaCreate`` (a photo sent as a multipart request), ``productMediaDelete`` and
``productMediaReorder``: photo operations proposed to moderation, as the portal's edit page proposes
them; the product's photos change when a programme officer approves. A new photo is checked by
content and size by moderation (``marketplace.media.uploads.check_product_image``) and stored only if
it passes; a refusal keeps the upload check's meaning as Saleor's code (``INVALID_FILE_TYPE``,
``FILE_SIZE_LIMIT_EXCEEDED``).
"""
import graphene
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.catalog.errors import ProductErrorCode as Code
from marketplace.graphql.catalog.types import Product, ProductMedia
from marketplace.graphql.catalog_mutations import pending
from marketplace.graphql.catalog_mutations.access import ManagedProductMutation, pk_of, product_payload
from marketplace.graphql.catalog_mutations.errors import ProductError, deprecated_errors
from marketplace.graphql.core.scalars import Upload

ProductImage = get_model("catalogue", "ProductImage")


class _MediaMutation(ManagedProductMutation):
    class Meta:
        abstract = True

    error_type = ProductError
    product_errors = deprecated_errors(ProductError)
    product = graphene.Field(Product)
    pending_change = pending.pending_change_field()

    @classmethod
    def propose(cls, info, product, photo_ops, **payload):
        change = pending.submit(product, info.context.user, photo_ops=photo_ops)
        return cls(product=product_payload(info, product, "product"), pending_change=change, errors=[], **payload)


class ProductMediaCreateInput(graphene.InputObjectType):
    alt = graphene.String(description="Alt text for a product media.")
    image = Upload(description="Represents an image file in a multipart request.")
    product = graphene.ID(required=True, description="ID of an product.")
    media_url = graphene.String(description="Refused: photos are uploaded, not linked.")


class ProductMediaCreate(_MediaMutation):
    """Propose a new photo (JPEG, PNG or WebP, sent as a multipart request) for the caller's own product;
    it is shown once a programme officer approves (``pendingChange``; ``media`` stays null)."""

    class Arguments:
        input = graphene.NonNull(ProductMediaCreateInput, description="Fields required to create a product media.")

    product_from = ("input.product", "Product")
    media = graphene.Field(ProductMedia)

    @classmethod
    def perform_mutation(cls, root, info, **arguments):
        if not (arguments.get("input") or {}).get("product"):  # Saleor: an empty id is REQUIRED, not malformed
            return cls(errors=[ProductError(code=Code.REQUIRED, field="product",
                                            message=_("%(field)s is required.") % {"field": "product"})])
        return super().perform_mutation(root, info, **arguments)

    @classmethod
    def change(cls, info, product, input, **arguments):
        # Saleor's order: the media input as a whole (``input``: neither a file nor a URL, both, the alt
        # text), then the URL, then the file
        upload, media_url = input.get("image"), input.get("media_url")
        if upload is None and not media_url:
            return cls(errors=[ProductError(code=Code.REQUIRED, field="input",
                                            message=_("Send the photo as a file of a multipart request."))])
        links_refused = _("Photos are uploaded as files; links to media are not taken.")
        if upload is not None and media_url:
            return cls(errors=[ProductError(code=Code.DUPLICATED_INPUT_ITEM, field="input", message=links_refused)])
        pending.check_alt(input.get("alt") or "")
        if media_url:
            return cls(errors=[ProductError(code=Code.UNSUPPORTED_MEDIA_PROVIDER, field="mediaUrl",
                                            message=links_refused)])
        return cls.propose(info, product, [{"action": "add", "file": upload, "alt": input.get("alt") or ""}])


class ProductMediaDelete(_MediaMutation):
    """Propose deleting a photo of the caller's own product; it goes once a programme officer approves."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product media to delete.")

    product_from = ("id", "ProductMedia")
    media = graphene.Field(ProductMedia)

    @classmethod
    def change(cls, info, product, id, **arguments):
        image = ProductImage.objects.get(pk=pk_of(id, "ProductMedia"), product=product)
        return cls.propose(info, product, [{"action": "delete", "image": image}], media=image)


class ProductMediaReorder(_MediaMutation):
    """Propose a new order of the photos of the caller's own product (every photo, once)."""

    class Arguments:
        product_id = graphene.ID(required=True, description="ID of product that media order will be altered.")
        media_ids = graphene.NonNull(graphene.List(graphene.NonNull(graphene.ID)),
                                     description="IDs of a product media in the desired order.")

    product_from = ("product_id", "Product")
    media = graphene.List(graphene.NonNull(ProductMedia))

    @classmethod
    def change(cls, info, product, media_ids, **arguments):
        images = {image.pk: image for image in ProductImage.objects.filter(product=product)}
        wanted = [pk_of(value, "ProductMedia") for value in media_ids]
        strangers = [value for value, pk in zip(media_ids, wanted) if pk not in images]
        if strangers:
            return cls(errors=[ProductError(code=Code.NOT_PRODUCTS_IMAGE, field="mediaIds",
                                            message=_("Not photos of this product: %(photos)s.")
                                            % {"photos": ", ".join(strangers)})])
        if len(set(wanted)) != len(wanted) or set(wanted) != set(images):
            return cls(errors=[ProductError(code=Code.INVALID, field="mediaIds",
                                            message=_("Give every photo of the product exactly once."))])
        return cls.propose(info, product, [{"action": "reorder", "order": wanted}],
                           media=[images[pk] for pk in wanted])
