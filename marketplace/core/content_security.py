"""The Content-Security-Policy of every page (django-csp): what a page may load and run.

Scripts come from this site, from Stripe.js (``STRIPE_JS_URL``'s origin: js.stripe.com, or
localstripe's stand-in in tests and demos), or are inline scripts carrying the request's nonce
(``{{ request.csp_nonce }}``: the theme's ``oscar/base.html`` and the payment page); any other inline
script, such as one injected into a page, is refused. Oscar's templates still have four inline
click handlers (the mini basket's "View basket", "cancel" on forms, "Print this page"), allowed by
their hashes only. Styles may be inline (Oscar's templates and TinyMCE use ``style`` attributes);
images may come from any HTTPS origin (media in an S3 bucket or behind a CDN). Pages may talk to this
site and Stripe's API, frame only Stripe's fields, and not be framed by other sites.

The Stripe origins are read from the settings on every response (they differ between tests), which is
why the policy is built here rather than fixed in the settings: ``get_policy_parts`` is django-csp's
documented point for a policy that depends on the request.
"""
import base64
import hashlib
from functools import lru_cache
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from django.utils import translation

POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/graphql/"],  # JSON only (GraphiQL, in development, loads its own scripts)
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, "'report-sample'"],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# The real Stripe.js also loads from and frames its sub-domains, and opens 3-D Secure pages from
# hooks.stripe.com (Stripe's published CSP list); localstripe's stand-in needs only its own origin.
STRIPE_JS_ORIGIN = "https://js.stripe.com"
STRIPE_SUBDOMAINS = "https://*.js.stripe.com"
STRIPE_FRAMES = "https://hooks.stripe.com"


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _hash(handler):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()


@lru_cache(maxsize=1)
def _oscar_inline_handlers():
    """The exact text of the click handlers in Oscar's templates, in every language's addresses."""
    handlers = ["window.history.go(-1);return false", "window.print()"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            handlers.append(f"window.location.href='{reverse('basket:summary')}';")
    return tuple(_hash(handler) for handler in handlers)


def stripe_sources():
    """The directives Stripe.js needs, from the current settings."""
    script, api = _origin(settings.STRIPE_JS_URL), _origin(settings.STRIPE_API_BASE)
    real = [STRIPE_SUBDOMAINS] if script == STRIPE_JS_ORIGIN else []
    return {"script-src": [script, *real], "frame-src": [script, *real, *([STRIPE_FRAMES] if real else [])],
            "connect-src": [script, api]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        update = {key: list(values) for key, values in (parts.update or {}).items()}
        additions = stripe_sources()
        additions["script-src"] = [*additions["script-src"], UNSAFE_HASHES, *_oscar_inline_handlers()]
        for directive, sources in additions.items():
            known = update.setdefault(directive, [])
            known += [source for source in sources if source and source not in known]
        parts.update = update
        return parts
