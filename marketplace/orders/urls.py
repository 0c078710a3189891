"""The producer portal's order pages, mounted at ``producer/<slug:producer_slug>/orders/``."""
from django.urls import path

from . import views

app_name = "otop_orders"
urlpatterns = [
    path("", views.ProducerShipmentListView.as_view(), name="shipment-list"),
    path("<int:pk>/", views.ProducerShipmentDetailView.as_view(), name="shipment-detail"),
]

# The addresses before the portal, mounted at ``producer/orders/``: redirects.
old_address_urlpatterns = [
    path("", views.OldShipmentAddressView.as_view(), name="otop-old-shipments"),
    path("<int:pk>/", views.OldShipmentAddressView.as_view(), name="otop-old-shipment"),
]
