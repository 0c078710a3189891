"""What a shopper is told after writing a review: reviews are shown once staff approve them
(``OSCAR_MODERATE_REVIEWS``), and Oscar's thanks did not say so — the shopper looked for a review
that was not there. A class replacement of Oscar's review view (``core/oscar_classes.py``)."""
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _


def moderated_review_view(view_class):
    class CreateProductReview(view_class):
        def get_success_url(self):
            if not getattr(settings, "OSCAR_MODERATE_REVIEWS", False):
                return super().get_success_url()
            messages.success(self.request, _("Thank you for your review. It will appear on the product's page "
                                             "once our staff have checked it."))
            return self.product.get_absolute_url()

    return CreateProductReview
