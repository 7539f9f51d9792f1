from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured

from core.mail import html_from_text, send_after_commit
from core.site import absolute_url


def on_our_site(url: str) -> str:
    """allauth's absolute URL (built from the request's host) on SITE_URL instead, so
    its links and ours agree."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails get an HTML part in our layout and leave only after the commit."""

    def get_client_ip(self, request):
        """The client's address for the rate limits (allauth's): from X-Forwarded-For
        behind `ALLAUTH_TRUSTED_PROXY_COUNT` proxies. A header with fewer entries than
        proxies (sent past a proxy, or by a proxy that replaces the header) is no
        server error, as allauth's ImproperlyConfigured would make it: the request
        is counted by the address it came from, the nearest proxy's."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META["REMOTE_ADDR"]

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(message, "alternatives", None):
            message.attach_alternative(html_from_text(message.body, message.subject), "text/html")
        return message

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        # The confirmation, reset and sign-up links (`activate_url`, `password_reset_url`…).
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str) and value:
                context[key] = on_our_site(value)
        message = self.render_mail(template_prefix, email, context)
        send_after_commit(message, template=template_prefix.rsplit("/", 1)[-1])
