"""Oscar's class loader with this project's replacements (``OSCAR_DYNAMIC_CLASS_LOADER``): where an
app here must change one of Oscar's forms or views, the class is replaced where Oscar loads it,
rather than by forking Oscar's app (its migrations and templates would come with it).

Each entry names, by dotted path, the function of the app that owns the rule which makes the
replacement from Oscar's class (this module imports none of them):
- the dashboard's product image and category forms check an upload's content in the form field
  itself, naming the file (``media/dashboard.py``);
- the dashboard's order list downloads CSV with formulas neutralised (``orders/dashboard_downloads.py``);
- the dashboard's order page lets staff refund a whole paid order (``orders/dashboard_refunds.py``);
- the storefront's password reset keeps the API's rule of one mail per account per quarter hour
  (``accounts/reset.py``), its "Delete profile" closes an account as the API does
  (``accounts/deletion.py``) and its registration asks for the e-mail's confirmation when the API
  does (``accounts/confirmation.py``);
- the dashboard's home sends a programme officer to their own pages (``officers/views.py``);
- the basket page's line form holds a line to the checkout's per-line limit (``orders/line_quantity.py``);
- the profile form checks names by the accounts' rule (``accounts/profile.py``);
- a wish list's quantities form holds to the list's own lines, its sharing form to 50 addresses, and
  its "Delete" boxes remove addresses (``accounts/wishlist_lines.py``);
- the dashboard's stock alerts list every alert for a status that is not one (``catalog/stock_alerts.py``);
- the text parts of Oscar's e-mails are rendered as text, not HTML-escaped, and a notification's subject
  is held to its column (``accounts/notifications.py``);
- the thanks for a review says it appears once staff have checked it (``catalog/review_messages.py``);
- the "Change password" page and the registration form show the password rule's refusals under the
  password typed, not under its confirmation (``accounts/passwords.py``);
- the dashboard's offer wizard offers no shipping incentive, which the parcels' one price would not
  apply (``shipping/offers.py``).
"""
from django.utils.module_loading import import_string
from oscar.core.loading import default_class_loader

# (Oscar module label, class name) -> dotted path of a function making the replacement from Oscar's class
REPLACED_CLASSES = {
    ("dashboard.catalogue.forms", "ProductImageForm"): "marketplace.media.dashboard.checked_product_image_form",
    ("dashboard.catalogue.forms", "CategoryForm"): "marketplace.media.dashboard.checked_category_form",
    ("dashboard.orders.views", "OrderListView"): "marketplace.orders.dashboard_downloads.inert_order_list_view",
    ("dashboard.orders.views", "OrderDetailView"): "marketplace.orders.dashboard_refunds.refundable_order_detail_view",
    ("customer.forms", "PasswordResetForm"): "marketplace.accounts.reset.storefront_reset_form",
    ("customer.views", "ProfileDeleteView"): "marketplace.accounts.deletion.storefront_profile_delete_view",
    ("customer.mixins", "RegisterUserMixin"): "marketplace.accounts.confirmation.storefront_registration",
    ("dashboard.views", "IndexView"): "marketplace.officers.views.dashboard_home",
    ("basket.forms", "BasketLineForm"): "marketplace.orders.line_quantity.capped_basket_line_form",
    ("customer.forms", "ProfileForm"): "marketplace.accounts.profile.storefront_profile_form",
    ("wishlists.formsets", "LineFormset"): "marketplace.accounts.wishlist_lines.checked_line_formset",
    ("wishlists.formsets", "WishListSharedEmailFormset"):
        "marketplace.accounts.wishlist_lines.capped_shared_email_formset",
    ("customer.wishlists.views", "WishListCreateView"): "marketplace.accounts.wishlist_lines.shared_email_deleting_view",
    ("customer.wishlists.views", "WishListUpdateView"): "marketplace.accounts.wishlist_lines.shared_email_deleting_view",
    ("dashboard.catalogue.views", "StockAlertListView"): "marketplace.catalog.stock_alerts.dashboard_alert_list_view",
    ("communication.utils", "Dispatcher"): "marketplace.accounts.notifications.shopper_message_dispatcher",
    ("catalogue.reviews.views", "CreateProductReview"): "marketplace.catalog.review_messages.moderated_review_view",
    ("customer.views", "ChangePasswordView"): "marketplace.accounts.passwords.storefront_change_password_view",
    ("customer.forms", "EmailUserCreationForm"): "marketplace.accounts.passwords.storefront_registration_form",
    ("dashboard.offers.forms", "BenefitForm"): "marketplace.shipping.offers.benefit_form_without_shipping",
}
_replacements = {}


def _replacement(key, cls):
    if key not in _replacements:
        _replacements[key] = import_string(REPLACED_CLASSES[key])(cls)
    return _replacements[key]


def class_loader(module_label, classnames, module_prefix):
    """Oscar's own loader, with the replacements in place of Oscar's classes."""
    classes = default_class_loader(module_label, classnames, module_prefix)
    return [_replacement((module_label, name), cls) if (module_label, name) in REPLACED_CLASSES else cls
            for name, cls in zip(classnames, classes)]
