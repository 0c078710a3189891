from django.urls import path

from .proforma_views import proforma_download

app_name = "quote_proforma"
urlpatterns = [
    path("<str:number>/proforma.pdf", proforma_download, name="download"),
]
