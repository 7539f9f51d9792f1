"""The site's absolute address, from one place.

`SITE_URL` when it is set (production requires it: config.settings.production);
otherwise, in development, the address the current request came to
(`SiteUrlMiddleware` notes it), so links work whatever host and port runserver
listens on; outside any request, runserver's default address."""

from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings

DEVELOPMENT_URL = "http://127.0.0.1:8000"

_request_root: ContextVar[str] = ContextVar("colloquy_request_root", default="")


def site_url() -> str:
    """The site's address without a trailing slash: "https://colloquy.example.org"."""
    return settings.SITE_URL or _request_root.get() or DEVELOPMENT_URL


def site_host() -> str:
    """The site's host, with its port if it names one: "colloquy.example.org"."""
    return urlsplit(site_url()).netloc


def absolute_url(location: str) -> str:
    """A path ("/my/proposals/") on this site, as an absolute URL."""
    return f"{site_url()}{location}"


class SiteUrlMiddleware:
    """Notes the address a request came to, for `site_url` when `SITE_URL` is unset."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_root.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _request_root.reset(token)
