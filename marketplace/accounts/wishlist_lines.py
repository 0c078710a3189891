"""The forms of a shopper's wish list, held to what the list may have.

- Its quantities (Oscar's ``LineFormset``): a posted form for a line that is not one of the list's —
  an id missing or made up, more forms than the list has lines — is refused with a message, never
  saved as a new line nor deleted (Oscar's view deletes a line whose quantity is 0: for a line that
  does not exist that was a 500).
- The e-mail addresses it is shared with (``WishListSharedEmailFormset``): at most
  ``MAX_SHARED_EMAILS``; a form claiming more (``TOTAL_FORMS=99999999999999999999``) built and
  showed Django's ceiling of 1,000 forms, ten seconds of a worker per request.
- Their "Delete" boxes (``shared_email_deleting_view``, the create and edit pages): Oscar's view saved
  every changed form, so a ticked address was saved again, never removed, and a ticked new row with
  no valid address was a 500; the formset is now saved as Django saves one (new rows added, changed
  ones saved, ticked ones removed or not added).
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def checked_line_formset(formset_class):
    class WishListLineFormset(formset_class):
        def initial_form_count(self):
            count = super().initial_form_count()
            return min(count, len(self.get_queryset())) if self.is_bound else count

        def total_form_count(self):
            total = super().total_form_count()
            return min(total, self.initial_form_count()) if self.is_bound else total

        def clean(self):
            super().clean()
            if any(form.instance.pk is None for form in self.forms):
                raise ValidationError(_("This wish list has changed since the page was shown: "
                                        "reload the page and try again."))

    return WishListLineFormset


MAX_SHARED_EMAILS = 50


def capped_shared_email_formset(formset_class):
    class WishListSharedEmailFormset(formset_class):
        max_num = MAX_SHARED_EMAILS
        absolute_max = MAX_SHARED_EMAILS
        validate_max = True

    return WishListSharedEmailFormset


def shared_email_deleting_view(oscar_view):
    """Oscar's wish list create or edit page, its shared addresses saved by the formset itself (see the
    module). Through Oscar's class loader (``marketplace/core/oscar_classes.py``)."""

    class WishListFormView(oscar_view):
        def process_wishlist_forms(self, wishlist_form, shared_emails_formset):
            shared_emails_formset.instance = wishlist_form.save()
            shared_emails_formset.save()
            # Oscar's own step with no forms left to save: the list saved again, its visibility warnings
            return super().process_wishlist_forms(wishlist_form, [])

    return WishListFormView
