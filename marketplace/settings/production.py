"""Production settings: everything secret comes from the environment; nothing insecure by default."""
import os

from django.core.exceptions import ImproperlyConfigured

from marketplace.core import site as _site
from marketplace.settings import *  # noqa: F401,F403

DEBUG = False
try:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
except KeyError as exc:  # refusing to start beats running with a known key
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production") from exc
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
# The address e-mailed links use (marketplace/core/site.py): OTOP_SITE_URL, else https:// and the
# first allowed host that names one host (not ".example.org" or "*").
_named_hosts = [h for h in ALLOWED_HOSTS if not h.startswith(".") and "*" not in h]
OTOP_SITE_URL = _site.parse(os.environ.get("OTOP_SITE_URL")
                            or (f"https://{_named_hosts[0]}" if _named_hosts else OTOP_SITE_URL))  # noqa: F405
OSCAR_URL_SCHEMA = OTOP_SITE_URL.split("://", 1)[0]

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True  # the language selector's cookie, like the others, only over HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Behind a proxy on another origin (e.g. https://shop.example.com): comma-separated origins.
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Static files served by the web process itself (compressed, hashed names), right after security; then
# every page and API answer gzipped when the client accepts it (a product page is 19 KB, 4 KB gzipped:
# Lighthouse, issue 16). Django's GZipMiddleware pads each answer with random bytes against BREACH, and
# the CSRF token in a page is masked anew on each answer.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware",  # noqa: F405
              "django.middleware.gzip.GZipMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
GRAPHQL_INTROSPECTION = False  # the API's schema is published in marketplace/graphql/schema.graphql instead
# infra/nginx.conf is one proxy in front: the login throttle reads the client address it forwarded.
OTOP_TRUSTED_PROXY_COUNT = int(os.environ.get("OTOP_TRUSTED_PROXY_COUNT", "1"))

# Anonymous catalogue answers of the API are kept (marketplace/graphql/response_cache.py).
OTOP_API_CACHE_SECONDS = int(os.environ.get("OTOP_API_CACHE_SECONDS", "300"))
# … and so are the home, category and province pages and their parts (marketplace/catalog/kept_pages.py).
OTOP_PAGE_CACHE_SECONDS = int(os.environ.get("OTOP_PAGE_CACHE_SECONDS", "300"))
