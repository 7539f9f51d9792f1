from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Papers")

    def ready(self):
        # allauth's models load with the apps; this runs once they have.
        from allauth.account.signals import email_confirmed, user_signed_up  # noqa: PLC0415

        email_confirmed.connect(link_on_confirmation, dispatch_uid="papers-link-authors")
        user_signed_up.connect(link_on_sign_up, dispatch_uid="papers-link-on-sign-up")

        # Services import models, which cannot be imported while the apps load.
        from panels.signals import accepted_panel_closing  # noqa: PLC0415

        from .services.cancelling import refuse_closing_with_papers  # noqa: PLC0415

        accepted_panel_closing.connect(
            refuse_closing_with_papers, dispatch_uid="papers-refuse-closing-with-papers"
        )


def link_to_account(user, email: str) -> None:
    """A confirmed address: the papers and the panel roles that name it become the
    account's (papers sit above panels, so this app links both)."""
    # apps.py is imported before the models exist; the services import models.
    from panels.services import link_roles  # noqa: PLC0415

    from .services import link_authorships  # noqa: PLC0415

    link_authorships(user=user, email=email)
    link_roles(user=user, email=email)


def link_on_confirmation(sender, request, email_address, **kwargs):
    """A co-author or a chair who signs up with the email on a paper or a panel, or
    adds and confirms it later, sees the paper in their list and chairs the panel."""
    link_to_account(email_address.user, email_address.email)


def link_on_sign_up(sender, request, user, **kwargs):
    """An address confirmed already at sign-up (allauth's stashed verified email) sends
    no `email_confirmed`; an unconfirmed one links nothing until it is confirmed."""
    # As above: allauth's models cannot be imported while the apps load.
    from allauth.account.models import EmailAddress  # noqa: PLC0415

    for address in EmailAddress.objects.filter(user=user, verified=True):
        link_to_account(user, address.email)
