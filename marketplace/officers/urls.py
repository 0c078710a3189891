from django.urls import path

from marketplace.officers import views

app_name = "officers"
urlpatterns = [
    path("", views.ProvinceView.as_view(), name="province"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("changes/<int:pk>/", views.ChangeView.as_view(), name="change"),
    path("changes/<int:pk>/photos/<int:op>/", views.PendingPhotoView.as_view(), name="pending_photo"),
]
