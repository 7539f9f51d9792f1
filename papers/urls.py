from django.urls import path

from . import views

app_name = "papers"

urlpatterns = [
    path("<slug:event>/papers/<int:pk>/", views.PaperDetailView.as_view(), name="paper-detail"),
]
