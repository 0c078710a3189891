from django.urls import path

from marketplace.search import views

app_name = "otop_search"

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
]
