"""``/producer/invitation/<token>/``: the link of an invitation e-mail (``invitations``)."""
from django.urls import path

from marketplace.producers import invitation_views

app_name = "producers_invitation"

urlpatterns = [
    path("<str:token>/", invitation_views.InvitationView.as_view(), name="accept"),
]
