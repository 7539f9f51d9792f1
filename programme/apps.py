from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The public site: what attendees read, cached, installable and offline."""

    name = "programme"
    verbose_name = _("Programme")

    def ready(self):
        # The models the receivers are connected to exist only once the apps are ready.
        from . import signals  # noqa: PLC0415

        signals.connect()
