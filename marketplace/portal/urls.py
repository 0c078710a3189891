from django.urls import path

from marketplace.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.ChooserView.as_view(), name="chooser"),
    path("<slug:producer_slug>/", views.ProducerHomeView.as_view(), name="home"),
    path("<slug:producer_slug>/products/", views.ProductsView.as_view(), name="products"),
    path("<slug:producer_slug>/products/<int:pk>/prices/", views.PricesView.as_view(), name="prices"),
]
