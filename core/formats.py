"""Moments as people read them, in the event's own time zone."""

from django.utils.formats import date_format


def local_moment(moment, tz) -> str:
    """A moment (an aware datetime) in the time zone `tz` (a ZoneInfo), to the
    second, with Django's localized month names: "24 December 2026, 23:59:00"."""
    return date_format(moment.astimezone(tz), "j F Y, H:i:s")
