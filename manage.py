#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    # Development settings by default: they need no secret, and `make run` sets DEBUG=1.
    # A deployment exports DJANGO_SETTINGS_MODULE=config.settings.production.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    # Django reads the settings module named above when this is imported.
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
