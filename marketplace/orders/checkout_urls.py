"""Oscar's checkout paths served by the marketplace's checkout views (included ahead of Oscar's),
Oscar's basket page and add-to-basket (the listing rule, names in the shopper's language), and the shopper's choice of currency."""
from django.contrib.auth.decorators import login_required
from django.urls import path

from . import basket_views, currency_views
from . import checkout_views as views

urlpatterns = [
    path("shipping-address/", views.ShippingAddressView.as_view(), name="shipping-address"),
    path("user-address/edit/<int:pk>/", login_required(views.UserAddressUpdateView.as_view()),
         name="user-address-update"),  # signed-in only, as Oscar's
    path("shipping-method/", views.ShippingMethodView.as_view(), name="shipping-method"),
    path("payment-method/", views.PaymentMethodView.as_view(), name="payment-method"),
    path("payment-details/", views.PaymentDetailsView.as_view(), name="payment-details"),
    path("preview/", views.PaymentDetailsView.as_view(preview=True), name="preview"),
]

basket_urlpatterns = [
    path("", basket_views.NamedBasketView.as_view(), name="summary"),
    path("add/<int:pk>/", basket_views.ListedBasketAddView.as_view(), name="add"),
    path("currency/", currency_views.choose_currency_view, name="currency"),
]
