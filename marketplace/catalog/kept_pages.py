"""Whole pages kept for the visitors who have nothing of their own on them.

The home page, a category or a province page is the same for every visitor who is not signed in,
has nothing in the basket and no message waiting, asking the same address in the same language
and currency: only the header forms' CSRF token and the inline scripts' CSP nonce differ between
two answers.
With ``OTOP_PAGE_CACHE_SECONDS`` above 0 (production), such a page is kept as HTML under a key
holding the address, language, currency, day and the catalogue's version (``catalog.version``:
any change a catalogue page could show gives a new key, and so does midnight, when certifications
end), with the token and nonce replaced by marks; each answer puts this request's own back in.
A visitor who signs in, fills the basket or has a message waiting gets the page rendered for them.

Only an address the page fully understands is kept (``KeptPage.keeps``: every GET parameter one
the page reads, with a value it accepts), so that made-up parameters cannot fill the cache with
copies of a page; the cache itself must be bounded (each process's memory keeps at most 300
entries; a Redis behind ``OTOP_CACHE_URL`` needs ``maxmemory`` with an LRU policy).
"""
import re

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from marketplace.catalog import version

CSRF_MARK = "otop-kept-page-csrf-token"
NONCE_MARK = "otop-kept-page-csp-nonce"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def plain_visitor(request) -> bool:
    """Nothing on the page is this visitor's own: not signed in, an empty basket, no message."""
    if request.method != "GET" or getattr(request, "user", None) is None or request.user.is_authenticated:
        return False
    basket = getattr(request, "basket", None)
    if basket is not None and basket.num_items:
        return False
    return not len(messages.get_messages(request))


def audience(request) -> tuple:
    """What a kept page or part differs by between visitors: the page's language and the shopper's
    currency, and the scheme and host its absolute links are written with."""
    currency = getattr(getattr(request, "strategy", None), "currency", None)
    if request is None:
        return get_language(), currency
    return get_language(), currency, request.scheme, request.get_host()


def address(request) -> tuple:
    """What a kept page differs by: its path and GET parameters, and its ``audience``."""
    return request.path, sorted(request.GET.lists()), *audience(request)


def _personal(html: str, request) -> str:
    html = html.replace(CSRF_MARK, get_token(request))  # also sets the CSRF cookie, as the form tag would
    if NONCE_MARK in html:
        html = html.replace(NONCE_MARK, str(request.csp_nonce))  # the CSP header then names it
    return html


class KeptPage:
    """A view mixin: plain visitors get the kept page (``OTOP_PAGE_CACHE_SECONDS``)."""

    kept_parameters = frozenset()  # the GET parameters the page reads

    def keeps(self, request) -> bool:
        """Whether the page at this address may be kept: it reads every parameter it was given."""
        return set(request.GET) <= self.kept_parameters

    def dispatch(self, request, *args, **kwargs):
        seconds = version.page_seconds()
        if not seconds or not plain_visitor(request) or not self.keeps(request):
            return super().dispatch(request, *args, **kwargs)
        cache_key = version.key("page", *address(request))
        kept = cache.get(cache_key)
        if kept is not None:
            return HttpResponse(_personal(kept, request))
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200 or not hasattr(response, "render"):
            return response  # a redirect or an error page is never kept
        response.render()
        html = _CSRF_INPUT.sub(rf"\g<1>{CSRF_MARK}\g<2>", response.content.decode())
        nonce = getattr(request, "_csp_nonce", None)  # set only when the page used it
        if nonce:
            html = html.replace(nonce, NONCE_MARK)
        cache.set(cache_key, html, seconds)
        response.content = _personal(html, request)
        return response
