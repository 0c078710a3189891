from django.urls import path

from marketplace.provinces import views

app_name = "provinces"

urlpatterns = [
    path("", views.ProvinceListView.as_view(), name="list"),
    path("<slug:slug>/", views.ProvinceDetailView.as_view(), name="detail"),
]
