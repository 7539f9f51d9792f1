"""iCalendar (RFC 5545) for panels, the programme and an agenda, with icalendar."""

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.site import absolute_url, site_host


def calendar_for(panels, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Colloquy//Conference programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for panel in panels:
        if panel.slot is None:
            continue
        entry = CalendarEvent()
        # Unique across every site (RFC 5545, 3.8.4.7: the site's host on the right),
        # so that calendars subscribed to two Colloquy sites never merge their panels.
        entry.add("uid", f"panel-{panel.pk}@{site_host()}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", panel.slot.starts_at)
        entry.add("dtend", panel.slot.ends_at)
        entry.add("summary", f"{panel.code} {panel.title}")
        place = [panel.room.name] if panel.room else []
        if panel.event.venue:
            place.append(panel.event.venue)
        entry.add("location", ", ".join(place))
        chairs = "; ".join(f"{r.name} ({r.affiliation})" for r in panel.chairs())
        description = f"Chairs: {chairs}\n\n{panel.abstract}" if chairs else panel.abstract
        entry.add("description", description)
        entry.add("url", absolute_url(panel.get_absolute_url()))
        calendar.add_component(entry)
    return calendar.to_ical()
