from django.contrib.admin.apps import AdminConfig


class ColloquyAdminConfig(AdminConfig):
    """The admin, with our site: access by role (see config/admin.py)."""

    default_site = "config.admin.ColloquyAdminSite"
