from django.contrib import admin
from django.urls import include, path

from programme import pwa

urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.ServiceWorkerView.as_view(), name="service-worker"),
    path("offline/", pwa.OfflineView.as_view(), name="offline"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("programme.urls")),
    path("", include("papers.urls")),
]

# Uploaded full papers are never served from MEDIA_URL: the download view checks
# who may read them (programme.views.FullPaperDownloadView).
