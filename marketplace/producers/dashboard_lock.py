"""Oscar's dashboard (``/dashboard/…``, ``/en/dashboard/…``) is for active staff only.

Oscar opens its product, order and index pages to any user holding ``partner.dashboard_access``
and filters them per partner; those filters leak (an order shared with another producer shows
that producer's lines, customer and revenue, and its line statuses can be changed; products can
be created and deleted outside the programme). Producers have their own portal instead, so this
middleware closes every dashboard address to a signed-in user who is not active staff, whatever
permission they hold: a GET or HEAD is redirected to the portal (``/producer/``) when the user acts
for a producer and to their account page otherwise (a shopper), any other method is refused (403)
and never reaches Oscar's view. Anonymous visitors still get Oscar's sign-in
redirect; staff get Oscar's own permission checks.

One exception: ``/dashboard/import/`` (``catalog_import``) has its own permission check and stays
open to whoever it admits.
"""
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

DASHBOARD_PREFIX = "/dashboard/"
OWN_CHECKS = ("/dashboard/import/",)  # our pages under /dashboard/ with a permission check of their own


def is_oscar_dashboard(path):
    """Whether ``path`` (with or without a language prefix) is one of Oscar's dashboard pages."""
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        path = path[len(language) + 1:]
    return path.startswith(DASHBOARD_PREFIX) and not path.startswith(OWN_CHECKS)


def may_use_oscar_dashboard(user):
    return user.is_active and user.is_staff


class StaffOnlyDashboardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not may_use_oscar_dashboard(user) and is_oscar_dashboard(request.path_info):
            if request.method in ("GET", "HEAD"):
                from marketplace.producers.models import Producer

                acts_for_one = Producer.objects.for_user(user).exists()
                return HttpResponseRedirect(reverse("portal:chooser" if acts_for_one else "customer:summary"))
            return HttpResponseForbidden(_("Oscar's dashboard is for staff. Producers use the producer portal."),
                                         content_type="text/plain; charset=utf-8")
        return self.get_response(request)
