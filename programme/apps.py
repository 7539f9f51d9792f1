from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The public site: what attendees read, cached, installable and offline."""

    name = "programme"
    verbose_name = _("Programme")

    def ready(self):
        # The models the receivers are connected to exist only once the apps are ready.
        from panels.signals import panel_people_changed  # noqa: PLC0415

        from . import services, signals  # noqa: PLC0415

        signals.connect()
        panel_people_changed.connect(services.refuse_clashes, dispatch_uid="programme-clashes")
