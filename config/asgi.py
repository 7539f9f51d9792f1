"""The ASGI application: production settings unless DJANGO_SETTINGS_MODULE says otherwise.

They refuse to start without SECRET_KEY and ALLOWED_HOSTS (config/settings/production.py).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
