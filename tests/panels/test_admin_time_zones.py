"""Dates and times in the admin are the event's: typed and shown in its time zone,
the zone named beside each field, and what is typed is what the public site, the
iCal feeds and the emails show. Each form is loaded (GET) and sent back (POST) as a
browser would, with only what a person types changed."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import EmailLog
from panels.models import Event, TimeSlot
from papers.services import paper_propose
from tests.admin_forms import add_inline_row, change_url, form_data
from tests.factories import (
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    RoomFactory,
    SectionFactory,
    UserFactory,
)
from tests.papers.helpers import proposal

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture(params=["superuser", "organiser"])
def staff(request, organiser):
    """The superuser of the suite, and an organiser of the event only (made by `event_in`)."""
    return organiser if request.param == "superuser" else UserFactory(email="org@example.org")


def event_in(zone, staff=None, **fields):
    event = EventFactory(
        name="General Conference 2027",
        time_zone=zone,
        start_date=dt.date(2027, 8, 24),
        end_date=dt.date(2027, 8, 27),
        **fields,
    )
    if staff is not None and not staff.is_superuser:
        event.organisers.add(staff)
    return event


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def type_slot(client, event, day, start, end):
    """Add a time slot on the event's admin page, as typed; the response to the POST."""
    page = client.get(change_url(event))
    assert page.status_code == 200
    data = add_inline_row(
        form_data(page.text),
        "slots",
        starts_at_0=day,
        starts_at_1=start,
        ends_at_0=day,
        ends_at_1=end,
    )
    return client.post(change_url(event), data)


def place(client, panel, slot, room):
    """Put a panel in a slot and a room on its admin page."""
    page = client.get(change_url(panel))
    assert page.status_code == 200
    response = client.post(
        change_url(panel), form_data(page.text, slot=str(slot.pk), room=str(room.pk))
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def public(url) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


# A slot: typed, then read on the programme, the panel page and in iCal ----------------


def test_a_slot_typed_for_a_vienna_event_is_shown_as_typed_everywhere(staff):
    event = event_in("Europe/Vienna", staff)
    panel = PanelFactory(section=SectionFactory(event=event), title="Co-Production")
    room = RoomFactory(event=event, name="Aula")
    client = signed_in(staff)

    page = client.get(change_url(event))
    response = type_slot(client, event, "2027-08-25", "09:00", "10:30")

    assert "Starts at (Europe/Vienna)" in page.text
    assert "Ends at (Europe/Vienna)" in page.text
    assert response.status_code == 302
    slot = TimeSlot.objects.get(event=event)
    assert slot.starts_at == dt.datetime(2027, 8, 25, 7, 0, tzinfo=UTC)
    again = client.get(change_url(event))
    assert 'name="slots-0-starts_at_1" value="09:00:00"' in again.text
    assert 'name="slots-0-ends_at_1" value="10:30:00"' in again.text

    place(client, panel, slot, room)

    programme = public(reverse("programme:programme", kwargs={"event": event.slug}))
    assert "Wednesday 25 August 2027" in programme
    assert ">09:00</time>\N{EN DASH}<time" in programme
    assert "11:00" not in programme
    assert "Wednesday 25 August, 09:00" in public(panel.get_absolute_url())
    ical = public(reverse("programme:programme-ical", kwargs={"event": event.slug}))
    assert "DTSTART:20270825T070000Z" in ical  # 09:00 in Vienna (summer time, UTC+2)


@pytest.mark.parametrize(
    ("zone", "day_in_utc", "utc_start", "utc_ical"),
    [
        ("America/Los_Angeles", 25, 16, "DTSTART:20270825T160000Z"),
        ("Pacific/Auckland", 24, 21, "DTSTART:20270824T210000Z"),  # the day before, in UTC
    ],
)
def test_zones_far_from_utc_show_what_was_typed(organiser, zone, day_in_utc, utc_start, utc_ical):
    event = event_in(zone)
    panel = PanelFactory(section=SectionFactory(event=event))
    room = RoomFactory(event=event, name="Aula")
    client = signed_in(organiser)

    response = type_slot(client, event, "2027-08-25", "09:00", "10:30")

    assert response.status_code == 302
    slot = TimeSlot.objects.get(event=event)
    assert slot.starts_at == dt.datetime(2027, 8, day_in_utc, utc_start, tzinfo=UTC)
    place(client, panel, slot, room)
    programme = public(reverse("programme:programme", kwargs={"event": event.slug}))
    assert "Wednesday 25 August 2027" in programme
    assert ">09:00</time>\N{EN DASH}<time" in programme
    assert utc_ical in public(reverse("programme:programme-ical", kwargs={"event": event.slug}))
    slot_label = "Wed 25 Aug 09:00-10:30"
    assert slot_label in client.get(change_url(panel)).text


# An event's own moments: the calls and deadlines -------------------------------------


def test_a_paper_call_closing_on_christmas_eve_in_ljubljana_closes_then(staff, time_machine):
    time_machine.move_to(dt.datetime(2027, 12, 1, 12, tzinfo=UTC))
    event = event_in("Europe/Ljubljana", staff)
    client = signed_in(staff)

    page = client.get(change_url(event))
    data = form_data(
        page.text,
        paper_call_opens_0="2027-11-01",
        paper_call_opens_1="09:00",
        paper_call_closes_0="2027-12-24",
        paper_call_closes_1="23:59",
    )
    response = client.post(change_url(event), data)

    assert "Europe/Ljubljana time." in page.text
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.paper_call_closes == dt.datetime(2027, 12, 24, 22, 59, tzinfo=UTC)
    assert 'name="paper_call_closes_1" value="23:59:00"' in client.get(change_url(event)).text
    site = public(event.get_absolute_url())
    assert "Friday 24 December 2027, 23:59 (Europe/Ljubljana)" in site
    assert "25 December" not in site
    assert event.paper_call_state(dt.datetime(2027, 12, 24, 22, 58, 59, tzinfo=UTC)) == "open"
    assert event.paper_call_state(dt.datetime(2027, 12, 24, 22, 59, tzinfo=UTC)) == "closed"


def test_the_decision_deadline_in_the_authors_receipt_is_the_one_typed(
    organiser, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(dt.datetime(2027, 6, 1, 12, tzinfo=UTC))
    event = event_in("Pacific/Auckland", min_keywords=0)
    panel = PanelFactory(section=SectionFactory(event=event), code="P070")
    client = signed_in(organiser)
    page = client.get(change_url(event))
    client.post(
        change_url(event),
        form_data(
            page.text,
            paper_call_opens_0="2027-05-01",
            paper_call_opens_1="09:00",
            paper_call_closes_0="2027-06-15",
            paper_call_closes_1="17:00",
            decision_deadline_0="2027-07-01",
            decision_deadline_1="00:30",
        ),
    )
    event.refresh_from_db()
    assert event.decision_deadline == dt.datetime(2027, 6, 30, 12, 30, tzinfo=UTC)

    submitter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        paper_propose(by=submitter, event=event, panel=panel, data=proposal(event))

    receipt = next(m for m in mail.outbox if m.to == [submitter.email])
    assert "by July 1, 2027, 12:30 a.m. (Pacific/Auckland time)" in receipt.body
    assert "30 June" not in receipt.body


def test_a_new_event_reads_its_times_in_the_zone_typed_beside_them(organiser):
    client = signed_in(organiser)
    url = reverse("admin:panels_event_add")

    page = client.get(url)
    data = form_data(
        page.text,
        name="Pacific Workshop",
        slug="pacific-workshop",
        start_date="2027-08-24",
        end_date="2027-08-26",
        time_zone="Pacific/Auckland",
        paper_call_opens_0="2027-03-01",
        paper_call_opens_1="09:00",
        paper_call_closes_0="2027-05-31",
        paper_call_closes_1="23:59",
    )
    data = add_inline_row(
        data,
        "slots",
        starts_at_0="2027-08-25",
        starts_at_1="09:00",
        ends_at_0="2027-08-25",
        ends_at_1="10:30",
    )
    response = client.post(url, data)

    assert "are typed and shown in this zone, in the admin as on the public site" in page.text
    assert response.status_code == 302
    event = Event.objects.get(slug="pacific-workshop")
    assert event.paper_call_closes == dt.datetime(2027, 5, 31, 11, 59, tzinfo=UTC)  # NZST
    assert event.slots.get().starts_at == dt.datetime(2027, 8, 24, 21, tzinfo=UTC)
    shown = client.get(change_url(event)).text
    assert "Pacific/Auckland time." in shown
    assert 'name="paper_call_closes_1" value="23:59:00"' in shown


# Daylight-saving changes: a time that does not exist, or comes twice -------------------

DST_CHANGES = [
    # zone, the night the clocks go forward, a time that does not exist; the night they
    # go back, a time that comes twice
    ("Europe/Berlin", "2027-03-28", "02:30", "2027-10-31", "02:30"),
    ("America/Los_Angeles", "2027-03-14", "02:30", "2027-11-07", "01:30"),
    ("Pacific/Auckland", "2027-09-26", "02:30", "2027-04-04", "02:30"),
]


@pytest.mark.parametrize(("zone", "forward", "missing", "back", "twice"), DST_CHANGES)
def test_a_slot_at_a_time_the_clocks_skip_or_repeat_gets_a_clear_error(
    organiser, zone, forward, missing, back, twice
):
    event = event_in(zone)
    client = signed_in(organiser)

    skipped = type_slot(client, event, forward, missing, "11:00")
    repeated = type_slot(client, event, back, twice, "11:00")

    day = dt.date.fromisoformat(forward)
    assert skipped.status_code == 200
    assert (
        f"{day.day} {day:%B %Y}, {missing} does not exist in {zone}: the clocks go forward"
        in skipped.content.decode()
    )
    day = dt.date.fromisoformat(back)
    assert repeated.status_code == 200
    assert (
        f"{day.day} {day:%B %Y}, {twice} happens twice in {zone}: the clocks go back"
        in repeated.content.decode()
    )
    assert not TimeSlot.objects.exists()


@pytest.mark.parametrize(("zone", "forward", "missing", "back", "twice"), DST_CHANGES)
def test_a_deadline_at_a_time_the_clocks_skip_or_repeat_gets_a_clear_error(
    organiser, zone, forward, missing, back, twice
):
    event = event_in(zone)
    client = signed_in(organiser)
    page = client.get(change_url(event))

    response = client.post(
        change_url(event),
        form_data(page.text, decision_deadline_0=back, decision_deadline_1=twice),
    )

    assert response.status_code == 200
    assert f"happens twice in {zone}" in response.content.decode()
    event.refresh_from_db()
    assert event.decision_deadline is None


def test_times_either_side_of_berlins_changes_are_kept_as_typed(organiser):
    event = event_in("Europe/Berlin")
    event.start_date, event.end_date = dt.date(2027, 3, 1), dt.date(2027, 11, 30)
    event.save()
    client = signed_in(organiser)

    type_slot(client, event, "2027-03-28", "01:30", "03:30")  # across the spring change
    type_slot(client, event, "2027-10-31", "01:30", "03:30")  # across the autumn change

    spring, autumn = TimeSlot.objects.order_by("starts_at")
    assert (spring.starts_at, spring.ends_at) == (
        dt.datetime(2027, 3, 28, 0, 30, tzinfo=UTC),
        dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # one hour later: the clocks skip one
    )
    assert (autumn.starts_at, autumn.ends_at) == (
        dt.datetime(2027, 10, 30, 23, 30, tzinfo=UTC),
        dt.datetime(2027, 10, 31, 2, 30, tzinfo=UTC),  # three hours later
    )
    programme = public(
        reverse("programme:programme", kwargs={"event": event.slug}) + "?day=2027-10-31"
    )
    assert ">01:30</time>\N{EN DASH}<time" in programme
    assert ">03:30</time>" in programme
    page = client.get(change_url(event)).text
    assert 'name="slots-0-starts_at_1" value="01:30:00"' in page
    assert 'name="slots-0-ends_at_1" value="03:30:00"' in page


# Moments recorded by Colloquy, shown in the event's zone --------------------------------


def test_a_panels_decision_time_and_history_are_shown_in_its_events_zone(organiser):
    event = event_in("Pacific/Auckland")
    panel = PanelFactory(
        section=SectionFactory(event=event),
        decided_at=dt.datetime(2027, 6, 1, 10, 0, tzinfo=UTC),
    )
    panel.history.create(
        from_status="proposed", to_status="accepted", at=dt.datetime(2027, 6, 1, 10, tzinfo=UTC)
    )

    page = signed_in(organiser).get(change_url(panel)).text

    assert "June 1, 2027, 10 p.m." in page  # 22:00 in Auckland
    assert "Pacific/Auckland time." in page
    assert "At (Pacific/Auckland)" in page


def test_the_email_log_shows_each_row_in_its_own_events_zone(organiser, time_machine):
    # (The papers' list no longer shows a date: its columns are for the chairs' work.)
    time_machine.move_to(dt.datetime(2027, 6, 1, 10, 0, tzinfo=UTC), tick=False)
    EmailLog.objects.create(
        to="a@example.org", subject="Receipt", template="t", event=event_in("Pacific/Auckland")
    )
    EmailLog.objects.create(
        to="b@example.org",
        subject="Receipt",
        template="t",
        event=EventFactory(time_zone="America/Los_Angeles", name="West Coast Meeting"),
    )

    page = signed_in(organiser).get(reverse("admin:accounts_emaillog_changelist")).text

    assert '<time datetime="2027-06-01T22:00:00+12:00">June 1, 2027, 10 p.m.</time>' in page
    assert "<small>Pacific/Auckland</small>" in page
    assert '<time datetime="2027-06-01T03:00:00-07:00">June 1, 2027, 3 a.m.</time>' in page
    assert "<small>America/Los_Angeles</small>" in page


def test_a_chair_sees_the_panels_times_in_its_events_zone(client):
    event = event_in("America/Los_Angeles", is_published=False)
    panel = PanelFactory(
        section=SectionFactory(event=event), decided_at=dt.datetime(2027, 6, 1, 10, tzinfo=UTC)
    )
    chair = UserFactory()
    PanelRoleFactory(panel=panel, kind="chair", user=chair)
    client.force_login(chair)

    page = client.get(change_url(panel))

    assert page.status_code == 200
    assert "June 1, 2027, 3 a.m." in page.text
    assert "America/Los_Angeles time." in page.text


# The zone of a form still being filled in, and addresses that lead nowhere ------------


def test_a_new_papers_form_names_the_zone_of_the_event_given(organiser):
    event = event_in("Pacific/Auckland")
    client = signed_in(organiser)
    url = reverse("admin:papers_paper_add")

    given = client.get(url, {"event": event.pk})
    malformed = client.get(url, {"event": "the-big-one"})

    assert given.status_code == 200
    assert "Pacific/Auckland time." in given.text
    assert malformed.status_code == 200
    assert "UTC time." in malformed.text


def test_an_unknown_zone_typed_for_a_new_event_is_refused_and_nothing_is_saved(organiser):
    client = signed_in(organiser)
    url = reverse("admin:panels_event_add")
    page = client.get(url, {"time_zone": "Europe/Vienna"})

    response = client.post(
        url,
        form_data(
            page.text,
            name="Nowhere Meeting",
            slug="nowhere",
            start_date="2027-08-24",
            end_date="2027-08-26",
            time_zone="Mars/Olympus_Mons",
        ),
    )

    assert "Europe/Vienna time." in page.text  # the zone the add form was opened with
    assert response.status_code == 200
    assert "“Mars/Olympus_Mons” is not a known time zone" in response.text
    assert not Event.objects.filter(slug="nowhere").exists()


def test_a_date_without_its_time_gets_djangos_own_error(organiser):
    event = event_in("Europe/Berlin")
    client = signed_in(organiser)
    page = client.get(change_url(event))

    response = client.post(
        change_url(event), form_data(page.text, decision_deadline_0="2027-07-01")
    )

    assert response.status_code == 200
    assert "Enter a valid time." in response.text


def test_a_malformed_address_answers_as_the_admin_does(organiser):
    client = signed_in(organiser)

    panel = client.get(reverse("admin:panels_panel_change", args=["not-a-number"]))
    add = client.get(reverse("admin:panels_panel_add"), {"event": "not-a-number"})

    assert panel.status_code == 302  # the admin's "doesn't exist" redirect
    assert add.status_code == 200
