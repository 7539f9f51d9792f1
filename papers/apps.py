from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Papers")

    def ready(self):
        # allauth's models load with the apps; this runs once they have.
        from allauth.account.signals import email_confirmed  # noqa: PLC0415

        email_confirmed.connect(link_papers_on_confirmation, dispatch_uid="papers-link-authors")


def link_papers_on_confirmation(sender, request, email_address, **kwargs):
    """A co-author who signs up with the email on a paper sees it in their list."""
    # apps.py is imported before the models exist; the services import models.
    from .services import link_authorships  # noqa: PLC0415

    link_authorships(user=email_address.user, email=email_address.email)
