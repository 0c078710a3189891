"""Where a form may send the visitor back to: one rule for every ``next``, ``back`` and Referer.

A target is kept only when it is an address of this site: a path (``/…``; not ``//host`` nor
``/\\host``, which browsers read as another host) or an absolute address of this host and scheme
(a Referer), which is kept as its path and query. Anything else — another site, a bare word such as
``home`` that ``redirect()`` would take for a view's name, an empty value — gives ``default``.
"""
from urllib.parse import urlsplit, urlunsplit

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request, target, default="/") -> str:
    """``target`` as a path of this site, or ``default`` when it is not one."""
    target = (target or "").strip()
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                         require_https=request.is_secure()):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:  # this site's own address, as a Referer gives it
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else default


def back_to(request, target, default="/") -> HttpResponseRedirect:
    """A redirect to ``local_path(request, target, default)``, never read as a view's name."""
    return HttpResponseRedirect(local_path(request, target, default))


def without_default_language_prefix(request, rest=""):
    """``/th/…``: the shop's default language has no prefix (``/…`` is Thai, ``/en/…`` English), so an
    address written with one — by hand, or from another site's link — is sent for good to the same
    page without it, query string kept. What follows the prefix is only ever a path of this site."""
    path = local_path(request, "/" + rest.lstrip("/\\"), default="/")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(path + ("?" + query if query else ""))
