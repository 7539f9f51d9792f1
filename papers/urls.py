from django.urls import path

from panels import converters  # noqa: F401  (registers <code:...>)

from . import views

app_name = "papers"

urlpatterns = [
    path("my/proposals/", views.MyProposalsView.as_view(), name="my-proposals"),
    path(
        "my/proposals/<int:pk>/submitted/",
        views.ProposalSubmittedView.as_view(),
        name="proposal-submitted",
    ),
    path("my/proposals/<int:pk>/edit/", views.PaperEditView.as_view(), name="paper-edit"),
    path(
        "my/proposals/<int:pk>/withdraw/", views.PaperWithdrawView.as_view(), name="paper-withdraw"
    ),
    path("my/proposals/<int:pk>/full-paper/", views.FullPaperView.as_view(), name="full-paper"),
    path(
        "my/proposals/<int:pk>/full-paper/delete/",
        views.FullPaperDeleteView.as_view(),
        name="full-paper-delete",
    ),
    path("my/messages/", views.MyMessagesView.as_view(), name="my-messages"),
    path("my/messages/<int:pk>/", views.MyMessageView.as_view(), name="my-message"),
    path(
        "my/authorships/<str:token>/",
        views.AuthorshipAnswerView.as_view(),
        name="authorship-answer",
    ),
    path("<slug:event>/propose-panel/", views.PanelProposeView.as_view(), name="panel-propose"),
    path("<slug:event>/propose/", views.ProposeStartView.as_view(), name="propose"),
    path(
        "<slug:event>/propose/panel/<code:code>/",
        views.PaperProposeView.as_view(),
        name="propose-to-panel",
    ),
    path(
        "<slug:event>/propose/section/<code:section>/",
        views.PaperProposeView.as_view(),
        name="propose-to-section",
    ),
]
