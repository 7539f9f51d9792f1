"""Moments as people read them, in the event's own time zone."""


def local_moment(moment, tz) -> str:
    """A moment (an aware datetime) in the time zone `tz` (a ZoneInfo), to the
    second: "24 December 2026, 23:59:00"."""
    return moment.astimezone(tz).strftime("%d %B %Y, %H:%M:%S")
