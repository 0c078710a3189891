"""An accepted quote's pages: accepting (a POST from the request's page) and the pro-forma PDF."""
from django.urls import path

from .order_views import AcceptView, proforma_download

app_name = "quote_order"
urlpatterns = [
    path("accept/<int:pk>/", AcceptView.as_view(), name="accept"),
    path("<str:number>/proforma.pdf", proforma_download, name="proforma"),
]
