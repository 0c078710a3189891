from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path, reverse_lazy
from django.views.decorators.csrf import csrf_exempt
from oscar.views.decorators import login_forbidden

from marketplace.accounts import confirmation, passwords
from marketplace.accounts import views as accounts_views
from marketplace.catalog import views as catalog_views
from marketplace.catalog.dashboard_lookup import product_lookup_view
from marketplace.catalog.urls import CATEGORY_PATH, guarded_account_urls
from marketplace.core.redirects import without_default_language_prefix
from marketplace.graphql.view import APIView
from marketplace.media.placeholder import placeholder_view
from marketplace.media.thumbnails import thumbnail_view
from marketplace.officers import views as officers_views
from marketplace.orders import checkout_urls
from marketplace.orders import urls as orders_urls
from marketplace.orders import views as orders_views
from marketplace.search import browse
from storefront_theme.sitemaps import robots_view, sitemap_view

# Browsers and crawlers ask for /favicon.ico whatever a page links to: the icon the pages link to
# (oscar/base.html's favicon block), a static file.
FAVICON = "oscar/favicon.ico"

urlpatterns = [
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),  # the language switch (an account remembers it)
    path("admin/", admin.site.urls),
    path("graphql/", csrf_exempt(APIView.as_view()), name="graphql"),  # Saleor-compatible API: messages in the Accept-Language
    path("thumbnail/<int:image_id>/<int:size>/<str:format>/", thumbnail_view, name="thumbnail"),  # the API's images
    path("placeholder/<int:size>/<str:format>/", placeholder_view, name="product-placeholder"),  # no photo yet
    path("placeholder/<slug:category>/<int:size>/<str:format>/", placeholder_view, name="category-placeholder"),
    path("payments/", include("marketplace.payments.urls")),  # Stripe webhooks: no language prefix
    path("sitemap.xml", sitemap_view, name="sitemap"),  # both languages in one sitemap
    path("robots.txt", robots_view, name="robots"),
    path("favicon.ico", lambda request: redirect(static_url(FAVICON), permanent=True), name="favicon"),
    re_path(rf"^{settings.LANGUAGE_CODE}(?:/(?P<rest>.*))?$", without_default_language_prefix),  # /th/… is /…
]

urlpatterns += i18n_patterns(
    # Ours first: they apply the listing rule where Oscar's views would not.
    path("", catalog_views.HomeView.as_view(), name="home"),
    # all-products, category and province pages with filters and sorts (search.browse), ahead of the plain listings
    # (every page's route is named: the language switch finds its address in the other language by
    # the name; tests/test_i18n.py checks them all)
    path("catalogue/", browse.CatalogueView.as_view(), name="browse-all"),
    re_path(CATEGORY_PATH.replace("^", "^catalogue/", 1), browse.CategoryView.as_view(), name="browse-category"),
    path("provinces/<slug:slug>/", browse.ProvinceView.as_view(), name="browse-province"),
    path("catalogue/", include("marketplace.catalog.urls")),
    path("provinces/", include("marketplace.provinces.urls")),
    path("producers/", include("marketplace.producers.urls")),
    path("producer/orders/", include(orders_urls.old_address_urlpatterns)),  # before the portal: redirects
    path("producer/<slug:producer_slug>/orders/", include("marketplace.orders.urls")),  # the portal's Orders
    path("producer/<slug:producer_slug>/sales/", include("marketplace.sales.urls")),  # the portal's Sales
    path("producer/invitation/", include("marketplace.producers.invitation_urls")),  # invitation links, ahead of the portal
    path("", include("marketplace.quotes.urls")),  # trade quotes: /quotes/… and /producer/<producer_slug>/quotes/…
    path("producer/", include("marketplace.portal.urls")),  # the producer portal: /producer/<producer_slug>/…
    path("producer/<slug:producer_slug>/products/<int:pk>/", include("marketplace.moderation.urls")),  # edit a listing (moderated)
    # the address book with the checkout's address form (the Thai address rule), ahead of Oscar's
    path("accounts/confirm/", confirmation.confirm_view, name="otop-account-confirm"),  # a storefront registration's link
    path("accounts/confirm/send/", confirmation.send_confirmation_view, name="otop-send-confirmation"),
    path("accounts/", include(guarded_account_urls())),  # stock alerts and wish list lines: listing rule, ahead of Oscar's
    path("accounts/email/", accounts_views.EmailChangeView.as_view(), name="otop-email-change"),  # ahead of Oscar's
    path("accounts/email/confirm/", accounts_views.email_confirm_view, name="otop-email-confirm"),  # the mailed link
    path("accounts/addresses/", login_required(accounts_views.AddressListView.as_view()), name="otop-address-list"),
    path("accounts/addresses/add/", login_required(accounts_views.AddressCreateView.as_view()), name="otop-address-add"),
    path("accounts/addresses/<int:pk>/", login_required(accounts_views.AddressUpdateView.as_view()),
         name="otop-address-edit"),
    # order history: re-order messages name products in the shopper's language, ahead of Oscar's
    path("accounts/orders/<str:order_number>/", login_required(accounts_views.OrderDetailView.as_view()),
         name="otop-order"),
    path("accounts/orders/<str:order_number>/parcels/<int:pk>/received/", orders_views.ParcelReceivedView.as_view(),
         name="otop-parcel-received"),  # the shopper's "I have received this parcel"
    re_path(r"^accounts/order-status/(?P<order_number>[\w-]*)/(?P<hash>[A-z0-9-_=:]+)/parcels/(?P<pk>[0-9]+)/received/$",
            orders_views.GuestParcelReceivedView.as_view(), name="otop-guest-parcel-received"),  # the same, a guest's
    path("accounts/orders/<str:order_number>/<int:line_id>/", login_required(accounts_views.OrderLineView.as_view()),
         name="otop-order-line"),
    path("checkout/", accounts_views.CheckoutGatewayView.as_view(), name="otop-checkout"),  # its sign-in throttled, ahead of Oscar's
    path("checkout/", include(("marketplace.orders.checkout_urls", "otop_checkout"))),  # ahead of Oscar's
    path("basket/", include((checkout_urls.basket_urlpatterns, "otop_basket"))),  # listing rule, ahead of Oscar's
    re_path(r"^offers/(?P<slug>[\w-]+)/$", catalog_views.OfferDetailView.as_view(), name="otop-offer"),  # listed products only
    path("dashboard/import/", include("catalog_import.urls")),  # programme-record import, ahead of Oscar's
    path("dashboard/catalogue/product-lookup/", product_lookup_view(), name="otop-product-lookup"),  # a user's own products only, ahead of Oscar's
    path("search/", include("marketplace.search.urls")),  # ahead of Oscar's haystack search at the same URL
    path("officer/", include("marketplace.officers.urls")),  # programme officers: their provinces, the moderation queue
    path("dashboard/catalogue/products/<int:pk>/history/", officers_views.ProductHistoryView.as_view(),
         name="product-history"),  # the audit log of a product, for staff, ahead of Oscar's
    path("quotes/orders/", include("marketplace.quotes.proforma_urls")),  # an accepted quote's pro-forma PDF
    # the reset link's page as Oscar's, with the password rule's refusals under the password typed (accounts/passwords.py)
    path("password-reset/confirm/<str:uidb64>/<str:token>/", login_forbidden(auth_views.PasswordResetConfirmView.as_view(
        form_class=passwords.reset_password_form(), success_url=reverse_lazy("password-reset-complete"),
        template_name="oscar/registration/password_reset_confirm.html")), name="password-reset-confirm"),
    path("", include(apps.get_app_config("oscar").urls[0])),
    prefix_default_language=False,
)

# 400 and 500 in the language of the address (marketplace/core/error_pages.py); 403 and 404 are drawn after
# LocaleMiddleware, in the shop's layout (storefront_theme/templates/403.html, 404.html).
handler400 = "marketplace.core.error_pages.bad_request"
handler500 = "marketplace.core.error_pages.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
