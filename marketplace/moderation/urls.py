"""Mounted under ``producer/<slug:producer_slug>/products/<int:pk>/`` (``marketplace/urls.py``)."""
from django.urls import path

from marketplace.moderation import views

app_name = "moderation"
urlpatterns = [
    path("edit/", views.EditListingView.as_view(), name="edit"),
    path("pending-photos/<int:operation_id>/", views.pending_photo_view, name="pending-photo"),
]
