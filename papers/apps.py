from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Papers")

    def ready(self):
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(link_papers_on_confirmation, dispatch_uid="papers-link-authors")


def link_papers_on_confirmation(sender, request, email_address, **kwargs):
    """A co-author who signs up with the email on a paper sees it in their list."""
    from .services import link_authorships

    link_authorships(user=email_address.user, email=email_address.email)
