from django.urls import path

from panels import converters  # noqa: F401  (registers <code:...>)

from . import views
from .caching import public_page

app_name = "programme"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("<slug:event>/", public_page(views.EventDetailView.as_view()), name="event-detail"),
    path(
        "<slug:event>/panels/<code:code>/",
        public_page(views.PanelDetailView.as_view()),
        name="panel-detail",
    ),
    path(
        "<slug:event>/panels/<code:code>/calendar.ics",
        public_page(views.PanelICalView.as_view()),
        name="panel-ical",
    ),
    path(
        "<slug:event>/papers/<int:pk>/",
        public_page(views.PaperDetailView.as_view()),
        name="paper-detail",
    ),
    path(
        "<slug:event>/papers/<int:pk>/full-paper.pdf",
        views.FullPaperDownloadView.as_view(),
        name="full-paper-download",
    ),
    path("<slug:event>/programme/", public_page(views.ProgrammeView.as_view()), name="programme"),
    path(
        "<slug:event>/programme.ics",
        public_page(views.ProgrammeICalView.as_view()),
        name="programme-ical",
    ),
    path("<slug:event>/agenda/", public_page(views.AgendaView.as_view()), name="agenda"),
    path(
        "<slug:event>/agenda.ics", public_page(views.AgendaICalView.as_view()), name="agenda-ical"
    ),
    path("<slug:event>/agenda/sync/", views.AgendaSyncView.as_view(), name="agenda-sync"),
    path("<slug:event>/search/", public_page(views.SearchView.as_view()), name="search"),
    path(
        "<slug:event>/people/<slug:person>/", public_page(views.PersonView.as_view()), name="person"
    ),
]
