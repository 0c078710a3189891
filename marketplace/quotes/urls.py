from django.urls import path

from . import views

app_name = "quotes"
urlpatterns = [
    path("quotes/", views.RequestListView.as_view(), name="requests"),
    path("quotes/buyer/", views.BuyerProfileView.as_view(), name="buyer-profile"),
    path("quotes/new/", views.RequestCreateView.as_view(), name="request-new"),
    path("quotes/list/add/", views.DraftAddView.as_view(), name="draft-add"),
    path("quotes/list/<int:pk>/remove/", views.DraftRemoveView.as_view(), name="draft-remove"),
    path("quotes/staff/", views.StaffOverviewView.as_view(), name="staff"),
    path("quotes/<int:pk>/", views.RequestDetailView.as_view(), name="request"),
    path("quotes/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("quotes/<int:pk>/message/", views.MessageView.as_view(), name="message"),
    path("quotes/quote/<int:pk>/accept/", views.AcceptView.as_view(), name="accept"),
    path("quotes/order/<str:number>/deposit/", views.DepositView.as_view(), name="deposit"),
    path("quotes/order/<str:number>/balance/", views.BalanceView.as_view(), name="balance"),
    path("quotes/quote/<int:pk>/decline/", views.DeclineView.as_view(), name="decline"),
    path("quotes/message/<int:pk>/hide/", views.HideMessageView.as_view(), name="hide-message"),
    path("quotes/file/<int:pk>/", views.attachment_view, name="attachment"),
    # The producer portal's inbox (ProducerPortalMixin: the user's own producer, else 404).
    path("producer/<slug:producer_slug>/quotes/", views.InboxView.as_view(), name="producer-inbox"),
    path("producer/<slug:producer_slug>/quotes/<int:pk>/", views.AnswerView.as_view(), name="producer-request"),
]
