"""Image URLs as Saleor returns them: absolute (thumbnails of a size and format: ``thumbnails.py``)."""
import graphene


class Image(graphene.ObjectType):
    url = graphene.String(required=True)
    alt = graphene.String()


class File(graphene.ObjectType):
    url = graphene.String(required=True)
    content_type = graphene.String()


def absolute_url(info, field_file) -> str | None:
    if not field_file:
        return None
    url = field_file.url
    request = info.context
    return request.build_absolute_uri(url) if hasattr(request, "build_absolute_uri") else url


def image(info, field_file, alt=""):
    url = absolute_url(info, field_file)
    return {"url": url, "alt": alt} if url else None
