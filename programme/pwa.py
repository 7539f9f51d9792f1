"""Installable and offline: the web app manifest, the service worker, the offline page."""

import hashlib
import json

from django.conf import settings
from django.http import JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

THEME = "#1d3557"


def manifest(request):
    data = {
        "name": "Colloquy",
        "short_name": "Colloquy",
        "description": _("Panels, papers and programme of academic conferences."),
        "lang": settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("img/icon-192.svg"), "sizes": "192x192", "type": "image/svg+xml"},
            {"src": static("img/icon-512.svg"), "sizes": "512x512", "type": "image/svg+xml"},
            {
                "src": static("img/icon-maskable.svg"),
                "sizes": "512x512",
                "type": "image/svg+xml",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def shell_urls() -> list[str]:
    """What every page needs, by their hashed names: a new deployment that changes
    any of them changes the service worker's version, which renews its caches."""
    return [
        static("bootstrap/css/bootstrap.min.css"),
        static("css/colloquy.css"),
        static("js/colloquy.js"),
        static("js/theme.js"),
        static("img/icon.svg"),
        "/offline/",
    ]


class ServiceWorkerView(TemplateView):
    template_name = "pwa/sw.js"
    content_type = "text/javascript; charset=utf-8"

    def get_context_data(self, **kwargs):
        shell = shell_urls()
        release = getattr(settings, "RELEASE", "")
        version = hashlib.sha256("\n".join([release, *shell]).encode()).hexdigest()[:12]
        return super().get_context_data(shell_json=json.dumps(shell), version=version, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-cache"  # browsers check for a new worker each visit
        response["Service-Worker-Allowed"] = "/"
        return response


class OfflineView(TemplateView):
    template_name = "pwa/offline.html"
