"""Image URLs as Saleor returns them: absolute (thumbnails of a size and format are served by
``marketplace.media.thumbnails``)."""
import graphene

from marketplace.media.placeholder import placeholder_alt, placeholder_path
from marketplace.media.thumbnails import thumbnail_path


class Image(graphene.ObjectType):
    url = graphene.String(required=True)
    alt = graphene.String()


class File(graphene.ObjectType):
    url = graphene.String(required=True)
    content_type = graphene.String()


def absolute_url(info, field_file) -> str | None:
    if not field_file:
        return None
    return _absolute(info, field_file.url)


def _absolute(info, path):
    request = info.context
    return request.build_absolute_uri(path) if hasattr(request, "build_absolute_uri") else path


def image(info, field_file, alt=""):
    url = absolute_url(info, field_file)
    return {"url": url, "alt": alt} if url else None


def thumbnail_url(info, image, size=None, format="original"):
    """The URL a client gets: the original without a size, else the thumbnail endpoint."""
    format = str(getattr(format, "value", format) or "original").lower()
    if not size or size < 1:
        return absolute_url(info, image.original)
    return _absolute(info, thumbnail_path(image, size, format))


def placeholder_image(info, product_name="", size=None, format=None, category=None):
    """The thumbnail of a product without a photo: this site's placeholder for its OTOP category,
    its alt saying so."""
    format = str(getattr(format, "value", format) or "original").lower()
    return {"url": _absolute(info, placeholder_path(size, format, category)), "alt": placeholder_alt(product_name)}
