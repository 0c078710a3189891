"""The head of every storefront page as search engines and link previews read it: meta
description, Open Graph (absolute URLs; a product's photo or its drawn placeholder), the canonical
address, hreflang alternates in Thai and English, and a product's schema.org JSON-LD
(``marketplace.channels.structured_data``). Pages need not pass anything: the tag reads the objects
the shop's views already put in the context (product, category, province, producer, flatpage)."""
import json

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from marketplace.channels.structured_data import product_data
from marketplace.catalog.names import product_name
from marketplace.core import rich_text
from marketplace.core.i18n import LANGUAGES
from marketplace.media.placeholder import placeholder_path

register = template.Library()

DESCRIPTION_WORDS = 40


def _summary(text):
    return Truncator(rich_text.words(text)).words(DESCRIPTION_WORDS)


def _absolute(request, url):
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(url)


def _in_language(path, language):
    """``path`` in ``language``: Thai, the default, has no prefix; English is under /en/ (i18n_patterns
    with prefix_default_language=False, and the English content pages, which live at /en/<slug>/)."""
    for code in LANGUAGES:
        if path.startswith(f"/{code}/"):
            path = path[len(code) + 1:]
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def _product_image(request, product):
    image = product.primary_image()
    original = getattr(image, "original", None)
    if getattr(original, "name", None) and not getattr(image, "is_missing", False):
        return _absolute(request, original.url)
    return _absolute(request, placeholder_path())


def _about(context, request):
    """(title, description, og type, image URL, product) for the object the page shows."""
    shop = str(settings.OSCAR_SHOP_NAME)
    tagline = str(settings.OSCAR_SHOP_TAGLINE)
    default_image = _absolute(request, placeholder_path())
    product = context.get("product")
    if product is not None and hasattr(product, "primary_image"):
        profile = getattr(product, "profile", None)
        text = (profile.description if profile is not None else "") or product.description
        name = product_name(product)
        return name, _summary(text) or name, "product", _product_image(request, product), product
    category = context.get("category")
    if category is not None and hasattr(category, "full_name"):
        names = getattr(category, "names", None)
        name = names.name if names is not None else category.name
        text = _summary(category.description) or _("OTOP products in %(category)s: %(tagline)s") % {
            "category": name, "tagline": tagline}
        return name, text, "website", default_image, None
    province = context.get("province")
    if province is not None and hasattr(province, "iso_code"):
        return province.name, _("OTOP products from %(province)s, Thailand, sent by their producers.") % {
            "province": province.name}, "website", default_image, None
    producer = context.get("producer")
    if producer is not None:
        name = getattr(producer, "name", "") or str(producer)
        return name, _("OTOP products made by %(producer)s.") % {"producer": name}, "website", default_image, None
    flatpage = context.get("flatpage")
    if flatpage is not None:
        return flatpage.title, _summary(flatpage.content) or tagline, "article", default_image, None
    query = context.get("query") or context.get("q")
    if isinstance(query, str) and query:
        return (_("Search: %(query)s") % {"query": query},
                _("OTOP products matching “%(query)s”.") % {"query": query}, "website", default_image, None)
    return shop, tagline, "website", default_image, None


_JSON_IN_HTML = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    """``data`` as a JSON-LD script element; <, > and & escaped so no text in it can end the element."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_IN_HTML)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.inclusion_tag("otop/partials/seo_head.html", takes_context=True)
def seo_head(context):
    request = context.get("request")
    if request is None:
        return {}
    canonical = request.build_absolute_uri(request.path)
    title, description, kind, image, product = _about(context, request)
    alternates = [(code, request.build_absolute_uri(_in_language(request.path, code))) for code in LANGUAGES]
    structured = None
    if product is not None:
        listed = getattr(product, "is_listed", None)
        if listed is None:
            from marketplace.catalog.listing import is_listable
            listed = is_listable(product)
        structured = product_data(product, name=title, description=description, url=canonical, image_url=image,
                                  listed=listed)
    return {"seo_title": title, "seo_description": description, "seo_type": kind, "seo_image": image,
            "seo_url": canonical, "seo_alternates": alternates, "seo_default": alternates[0][1],
            "seo_site_name": str(settings.OSCAR_SHOP_NAME), "seo_locale": "th_TH" if
            request.LANGUAGE_CODE == "th" else "en_US", "seo_product": json_ld(structured) if structured else ""}
