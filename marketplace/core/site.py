"""The marketplace's own public address (``OTOP_SITE_URL``), in one place.

E-mails sent by jobs have no request to take a host from, and Oscar's e-mails (password reset,
password or address changed, order placed) link to ``Site.domain`` and sign with ``Site.name``:
left as Django creates it, every such link went to example.com. ``sync`` keeps the Site row in line
with the setting; it runs after every ``migrate`` (``CoreConfig.ready``), so a deployment that
changes the address applies it with its migrations.
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation


def parse(url: str) -> str:
    """``url`` as the setting keeps it (no trailing slash); raises ImproperlyConfigured, naming
    the variable, for anything but an absolute http(s) address without a path."""
    url = (url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"OTOP_SITE_URL must be the marketplace's address, such as https://shop.example.org (got {url!r})")
    return url


def url(path: str = "/") -> str:
    """The absolute address of ``path`` on the marketplace."""
    return settings.OTOP_SITE_URL + path


def domain() -> str:
    return urlsplit(settings.OTOP_SITE_URL).netloc


def sync(using="default", **kwargs) -> None:
    """Give the current Site the marketplace's domain and name (``post_migrate`` receiver)."""
    from django.contrib.sites.models import Site

    with translation.override("en"):  # one name in every e-mail: the shop's English name
        name = str(settings.OSCAR_SHOP_NAME)
    Site.objects.using(using).update_or_create(pk=settings.SITE_ID, defaults={"domain": domain(), "name": name})
    Site.objects.clear_cache()
