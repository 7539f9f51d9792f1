from django.urls import path

from . import views

app_name = "panels"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<slug:event>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<slug:event>/panels/<str:code>/", views.PanelDetailView.as_view(), name="panel-detail"),
    path("<slug:event>/propose-panel/", views.PanelProposeView.as_view(), name="panel-propose"),
    path(
        "<slug:event>/panels/<str:code>/calendar.ics",
        views.PanelICalView.as_view(),
        name="panel-ical",
    ),
    path("<slug:event>/programme/", views.ProgrammeView.as_view(), name="programme"),
    path("<slug:event>/programme.ics", views.ProgrammeICalView.as_view(), name="programme-ical"),
    path("<slug:event>/agenda/", views.AgendaView.as_view(), name="agenda"),
    path("<slug:event>/agenda.ics", views.AgendaICalView.as_view(), name="agenda-ical"),
    path("<slug:event>/agenda/sync/", views.AgendaSyncView.as_view(), name="agenda-sync"),
    path("<slug:event>/search/", views.SearchView.as_view(), name="search"),
    path("<slug:event>/people/<slug:person>/", views.PersonView.as_view(), name="person"),
]
