"""Requests carrying a NUL character in their path, query string, cookies or form fields get a 400
that says where, instead of the 500 that PostgreSQL's refusal of NUL in text would cause deep inside
whichever view (ours, Oscar's or Django's admin) passes the value to a query. Form fields are those
of a form-encoded or multipart POST (read as the CSRF check reads them next); an uploaded file's
content and the API's requests (which it answers with a typed error itself) are not looked at."""
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldError
from django.core.paginator import InvalidPage
from django.db import DataError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from marketplace.core.redirects import back_to

logger = logging.getLogger(__name__)

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PATH = "/graphql/"  # answers a NUL in its operations (multipart uploads too) with a typed error itself


def _where_nul(request):
    if NUL in request.path:
        return "the address"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            return f"the query parameter {name!r}"
    for name, value in request.COOKIES.items():
        if NUL in name or NUL in value:
            return f"the cookie {name!r}"
    if request.method == "POST" and request.content_type in FORM_TYPES and not request.path.startswith(API_PATH):
        for name, values in request.POST.lists():
            if NUL in name or any(NUL in value for value in values):
                return f"the form field {name!r}"
    return None


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _where_nul(request)
        if where:
            return HttpResponseBadRequest(f"Bad request: {where} contains a NUL character (%00).",
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# --- the staff pages: a value their own forms never send ------------------------------------------

STAFF_AREAS = ("admin", "dashboard")
_NUMBER_EXPECTED = "expected a number but got"  # Django's refusal of a non-numeric id in a lookup
_NOT_AN_INTEGER = "invalid literal for int()"
_OUT_OF_RANGE = "out of range"  # a date past year 9999 (the admin's date drill-down: ?created__year=9999)


def _in_staff_area(path) -> bool:
    parts = [part for part in path.split("/") if part][:2]
    if parts and parts[0] in {code for code, _ in settings.LANGUAGES}:
        parts = parts[1:]
    return bool(parts) and parts[0] in STAFF_AREAS


def _bad_input(exception) -> bool:
    if isinstance(exception, (InvalidPage, FieldError, DataError, OverflowError)):  # OverflowError: a 20-digit year
        return True
    return isinstance(exception, ValueError) and any(
        words in str(exception) for words in (_NUMBER_EXPECTED, _NOT_AN_INTEGER, _OUT_OF_RANGE))


class StaffPagesBadInputMiddleware:
    """Django's admin and Oscar's dashboard read their addresses and forms as their own pages write
    them: a made-up value there (``_selected_action=abc``, ``?province=abc``, ``?per_page=-1``,
    ``?sort=checkbox``, a 20-digit id, a date list's ``?timestamp__year=9999``) raised deep in their code. On those pages such an error — an
    id that is not a number, a page that is not one, a sort by no field, a value the database
    refuses — is answered 400 with what was refused, and logged as a warning; the storefront's and
    the project's own pages check their input themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _in_staff_area(request.path):
            return None
        if isinstance(exception, (ProtectedError, RestrictedError)):
            return _refused_delete(request, exception)
        if not _bad_input(exception):
            return None
        logger.warning("Bad request to %s: %s", request.path, exception, exc_info=exception)
        return HttpResponseBadRequest(
            _("Bad request: this page cannot use a value of its address or form (%(problem)s).")
            % {"problem": str(exception).splitlines()[0][:200]}, content_type="text/plain; charset=utf-8")


SHOWN_REFERRERS = 3


def _refused_delete(request, exception):
    """A delete on the staff pages that the database's rules refuse (a producer's partner, a product
    a trade buyer's request names): Oscar's dashboard let ``ProtectedError`` through as a 500. The
    page it came from again (a delete's confirmation), saying what keeps the row; nothing was
    deleted (Django collects what a delete takes along, and refuses, before deleting anything)."""
    referrers = sorted(exception.protected_objects if isinstance(exception, ProtectedError)
                       else exception.restricted_objects, key=lambda row: (row._meta.label, str(row.pk)))
    shown = ", ".join(f"{row._meta.verbose_name} “{row}”" for row in referrers[:SHOWN_REFERRERS])
    more = len(referrers) - SHOWN_REFERRERS
    message = _("This cannot be deleted: %(rows)s still refer to it.") % {"rows": shown}
    if more > 0:
        message += " " + _("And %(count)d more.") % {"count": more}
    logger.info("Delete refused on %s: %s", request.path, exception)
    # Oscar's delete views word their success before deleting ("Partner … was deleted
    # successfully"): what this request queued is read (and so dropped) but for its warnings
    storage = messages.get_messages(request)
    for kept in [queued for queued in storage if queued.level >= messages.WARNING]:
        messages.add_message(request, kept.level, kept.message, extra_tags=kept.extra_tags)
    messages.error(request, message)
    if request.method == "POST":  # the page that asked, a delete's confirmation: shown again with the message
        return back_to(request, request.get_full_path())
    return back_to(request, request.META.get("HTTP_REFERER", ""))
