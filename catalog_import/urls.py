from django.urls import path

from catalog_import import downloads, views

app_name = "catalog_import"

urlpatterns = [
    path("", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.RunView.as_view(), name="run"),
    path("<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/status.json", views.StatusView.as_view(), name="status"),
    path("<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("<int:pk>/report.csv", views.ReportView.as_view(), name="report"),
    path("format/", downloads.FormatView.as_view(), name="format"),
    path("template.xlsx", downloads.TemplateView.as_view(), name="template"),
]
