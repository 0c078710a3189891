"""The producer portal's "Edit listing" page and the checked view of photos waiting for approval.

The page shows the approved listing (what shoppers see), the change waiting for approval (the
form is filled with it, and its differences are listed) and the reason of the last rejection;
saving submits a change through ``changes.submit`` (nothing reaches shoppers before an officer
approves). Certification, star level and programme code are shown, never editable.
"""
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView
from oscar.core.loading import get_model

from marketplace.catalog.listing import managed_by
from marketplace.media.uploads import max_image_bytes
from marketplace.moderation import changes
from marketplace.moderation.forms import ListingForm
from marketplace.moderation.models import ChangeStatus, PhotoAction, PhotoOperation
from marketplace.portal.access import ProducerPortalMixin

Product = get_model("catalogue", "Product")


def _megabytes(size):
    return f"{size / 1024 / 1024:g}"


def producers_product(user, producer, pk):
    """``producer``'s product ``pk`` if ``user`` manages it (``catalog.listing.managed_by``); 404 otherwise."""
    products = managed_by(user, Product.objects.filter(profile__producer=producer))
    return get_object_or_404(products.select_related("profile", "packaging"), pk=pk)


class EditListingView(ProducerPortalMixin, FormView):
    template_name = "moderation/edit_listing.html"
    form_class = ListingForm

    def dispatch(self, request, *args, **kwargs):
        self.product = None
        return super().dispatch(request, *args, **kwargs)

    def _load(self):
        if self.product is None:
            self.product = producers_product(self.request.user, self.producer, self.kwargs["pk"])
            self.pending = changes.pending_for(self.product)
            self.photos = changes.proposed_photos(self.product, self.pending)

    def get_form_kwargs(self):
        self._load()
        return {**super().get_form_kwargs(), "photos": self.photos}

    def get_initial(self):
        self._load()
        values = changes.current_values(self.product)
        if self.pending:
            values.update(self.pending.fields)  # the form continues the proposal waiting for approval
        return {key: "" if value is None else value for key, value in values.items()}

    def form_valid(self, form):
        try:
            change = changes.submit(self.product, self.request.user, fields=form.field_values(),
                                    photo_ops=form.photo_operations())
        except changes.ModerationError as refused:
            field = refused.field if refused.field in form.fields else (
                "new_photo" if refused.field == "photos" else None)
            form.add_error(field, refused.message)
            return self.form_invalid(form)
        if change.status == ChangeStatus.WITHDRAWN:
            messages.info(self.request, _("Your change was withdrawn: the listing stays as approved."))
        else:
            messages.success(self.request, _("Sent for approval. Shoppers see the change once a programme "
                                             "officer approves it."))
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        self._load()
        context = super().get_context_data(**kwargs)
        product = self.product
        last = changes.last_decision(product)
        context.update({
            "product": product,
            "portal_section": "products",
            "approved": [(changes.FIELDS[key].label, value) for key, value in changes.current_values(product).items()],
            "approved_photos": changes.proposed_photos(product, change=False),
            "pending": self.pending,
            "pending_diff": changes.diff(self.pending) if self.pending else [],
            "last_rejection": last if last and last.status == ChangeStatus.REJECTED else None,
            "certification": product.certifications.select_related("province").first(),
            "max_image_mb": _megabytes(max_image_bytes()),
        })
        return context


def pending_photo_view(request, producer_slug, pk, operation_id):
    """A photo waiting for approval, to the users who manage the product (its producer's users,
    staff and programme officers) only: never through a public media URL."""
    operation = get_object_or_404(
        PhotoOperation.objects.select_related("change__product__profile__producer"),
        pk=operation_id, action=PhotoAction.ADD, change__product_id=pk,
        change__product__profile__producer__slug=producer_slug)
    if not request.user.is_authenticated or not managed_by(
            request.user, Product.objects.filter(pk=operation.change.product_id)).exists():
        raise Http404
    if not operation.upload or not default_storage.exists(operation.upload.name):
        raise Http404
    response = FileResponse(default_storage.open(operation.upload.name, "rb"))
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
