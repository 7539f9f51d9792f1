from django.urls import path

from . import views

app_name = "panels"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<slug:event>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<slug:event>/panels/<str:code>/", views.PanelDetailView.as_view(), name="panel-detail"),
    path("<slug:event>/propose-panel/", views.PanelProposeView.as_view(), name="panel-propose"),
]
