from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Development data: the demo conference (`load_demo`) and large generated ones
    (`generate_conference`). Nothing in the product imports this app."""

    name = "demo"
    verbose_name = _("Demo data")
