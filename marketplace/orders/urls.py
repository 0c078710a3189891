from django.urls import path

from . import views

app_name = "otop_orders"
urlpatterns = [
    path("", views.ProducerShipmentListView.as_view(), name="shipment-list"),
    path("<int:pk>/", views.ProducerShipmentDetailView.as_view(), name="shipment-detail"),
]
