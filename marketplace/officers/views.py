"""The programme officers' pages at ``/officer/``: their provinces' products and figures, and the
moderation queue. Every query is limited to ``self.provinces`` (``access.officer_required``); a
change or product outside them is a 404. Approve and reject ask ``access.may_moderate`` first,
then call the moderation domain (``moderation.changes``).
"""
import mimetypes

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model

from marketplace.catalog.models import OtopCategory
from marketplace.core.errors import DomainError
from marketplace.core.i18n import current_language
from marketplace.moderation import changes
from marketplace.moderation.models import ChangeStatus, ContentChange, PhotoAction, PhotoOperation
from marketplace.officers import audit, overview
from marketplace.officers.access import is_officer, may_moderate, officer_required, provinces_of
from marketplace.officers.models import ProgrammeOfficer

Product = get_model("catalogue", "Product")
PAGE_SIZE = 50
QUEUE_PAGE_SIZE = 25


class OfficerPage(officer_required, TemplateView):
    """An officer's page: ``self.provinces`` narrowed to one of theirs by ``?province=<slug>``."""

    def scope(self):
        """The officer's provinces, or the one chosen among them (an unknown choice shows all)."""
        chosen = self.request.GET.get("province")
        if chosen and self.provinces.filter(slug=chosen).exists():
            return self.provinces.filter(slug=chosen)
        return self.provinces

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["officer_provinces"] = list(self.provinces.order_by("name_th" if current_language() == "th" else "name_en"))
        context["chosen_province"] = self.request.GET.get("province", "")
        return context


class ProvinceView(OfficerPage):
    template_name = "officers/province.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = self.scope()
        filters = {"stars": _int(self.request.GET.get("stars")),
                   "category": self.request.GET.get("category") if self.request.GET.get("category")
                   in OtopCategory.values else None,
                   "state": self.request.GET.get("state") if self.request.GET.get("state")
                   in overview.STATES else None}
        products = (overview.filtered(scope, **filters)
                    .select_related("profile__producer__province").order_by("profile__producer__name_th", "pk"))
        page = Paginator(products, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            counts=overview.counts(scope), filters=filters, page=page, products=page.object_list,
            states=overview.STATES, ending=overview.certifications_ending(scope)[:PAGE_SIZE],
            sales=overview.sales(scope), producers=overview.producers_needing_attention(scope)[:PAGE_SIZE],
            query=self.request.GET.copy(),
        )
        return context


def _int(value):
    try:
        return int(value) if value else None
    except ValueError:
        return None


def pending_in(provinces):
    """The pending changes of the provinces' products, the oldest first."""
    return (ContentChange.objects.filter(status=ChangeStatus.PENDING,
                                         product__profile__producer__province__in=provinces)
            .select_related("product__profile__producer__province", "submitted_by")
            .annotate(photo_count=Count("photo_ops"))
            .order_by("submitted_at", "pk"))


class QueueView(OfficerPage):
    template_name = "officers/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(pending_in(self.scope()), QUEUE_PAGE_SIZE).get_page(self.request.GET.get("page"))
        for change in page.object_list:
            change.field_labels = [str(changes.FIELDS[key].label) for key in changes.FIELDS if key in change.fields]
        context.update(page=page, pending=page.object_list)
        return context


def _change_for(user, pk, provinces):
    change = get_object_or_404(ContentChange.objects.select_related("product__profile__producer__province"), pk=pk, product__profile__producer__province__in=provinces)
    if not may_moderate(user, change.product):
        raise Http404
    return change


class ChangeView(OfficerPage):
    """One change: its diff (current against proposed, photos as thumbnails), approve or reject."""

    template_name = "officers/change.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        change = _change_for(self.request.user, kwargs["pk"], self.provinces)
        context.update(change=change, rows=changes.diff(change), photos_now=_photos_now(change.product),
                       reason=kwargs.get("reason", ""), reason_error=kwargs.get("reason_error"))
        return context

    def post(self, request, pk):
        change = _change_for(request.user, pk, self.provinces)
        if change.status != ChangeStatus.PENDING:
            messages.info(request, _("This change was already decided."))
            return redirect("officers:queue")
        try:
            if request.POST.get("decision") == "approve":
                changes.approve(change, request.user)
                messages.success(request, _("Approved: shoppers now see the change."))
            elif request.POST.get("decision") == "reject":
                changes.reject(change, request.user, request.POST.get("reason", ""))
                messages.success(request, _("Rejected: the producer sees your reason."))
            else:
                messages.error(request, _("Choose approve or reject."))
                return redirect("officers:change", pk=pk)
        except DomainError as refused:
            return self.render_to_response(self.get_context_data(
                pk=pk, reason=request.POST.get("reason", ""), reason_error=str(refused.message)))
        return redirect("officers:queue")


def _photos_now(product):
    return list(product.images.order_by("display_order", "pk"))


class PendingPhotoView(officer_required, View):
    """A photo waiting in a change, for the officer who may moderate it (the file is never
    served by its storage URL)."""

    def get(self, request, pk, op):
        change = _change_for(request.user, pk, self.provinces)
        operation = get_object_or_404(PhotoOperation, pk=op, change=change, action=PhotoAction.ADD)
        if not operation.upload:
            raise Http404
        content_type = mimetypes.guess_type(operation.upload.name)[0] or "application/octet-stream"
        return FileResponse(default_storage.open(operation.upload.name, "rb"), content_type=content_type)


class ProductHistoryView(TemplateView):
    """Who changed what and when on a product (the audit log), for staff. An officer who is not
    a superuser reads the products of their provinces only; anyone else gets a 404."""

    template_name = "officers/history.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_staff):
            raise Http404
        self.product = get_object_or_404(Product.objects.select_related("profile__producer__province"),
                                         pk=kwargs["pk"])
        limited = (not request.user.is_superuser
                   and ProgrammeOfficer.objects.filter(user=request.user, active=True).exists())
        if limited and not provinces_of(request.user).filter(producers__products__product=self.product).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(audit.history_of(self.product), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(product=self.product, page=page, entries=page.object_list)
        return context


def dashboard_home(oscar_index_view):
    """Oscar's dashboard home, for staff; a programme officer (not a superuser) is sent to their own
    pages instead: Oscar's home shows every staff user the whole shop's revenue, orders, customers
    and baskets, and an officer sees their provinces only. Through Oscar's class loader
    (``marketplace/core/oscar_classes.py``)."""

    class IndexView(oscar_index_view):
        def dispatch(self, request, *args, **kwargs):
            if is_officer(request.user) and not request.user.is_superuser:
                return redirect("officers:province")
            return super().dispatch(request, *args, **kwargs)

    return IndexView
