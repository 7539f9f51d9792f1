"""Adding a panel in the admin: with its slot and room in one save, its section,
keywords, slot and room chosen among its event's only, and named with the event
for people who work on several. Each form is loaded (GET), then sent back (POST)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from panels.enums import RoleKind
from panels.models import Panel
from panels.services import panel_accept
from programme.services import check_schedule
from tests.admin_forms import choices, form_data
from tests.factories import (
    EventFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:panels_panel_add")


def conference(name, zone="Europe/Vienna", start=dt.date(2027, 8, 24)):
    """An event whose objects are named as another event's would be: only the event tells."""
    event = EventFactory(name=name, time_zone=zone, start_date=start, min_keywords=1)
    SectionFactory(event=event, code="S01", title="Public Policy")
    RoomFactory(event=event, name="Room 1")
    KeywordFactory(event=event, name="Democracy")
    TimeSlotFactory(
        event=event,
        starts_at=dt.datetime.combine(start + dt.timedelta(days=1), dt.time(9), tzinfo=event.tz),
        ends_at=dt.datetime.combine(start + dt.timedelta(days=1), dt.time(10, 30), tzinfo=event.tz),
    )
    return event


@pytest.fixture
def general():
    return conference("General Conference 2026")


@pytest.fixture
def summer():
    return conference("Summer School 2027", start=dt.date(2027, 7, 5))


def organiser_of(*events):
    user = UserFactory()
    for event in events:
        event.organisers.add(user)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def new_panel(page, event, **changes):
    fields = {
        "section": str(event.sections.get().pk),
        "title": "Co-Production of Public Services",
        "keywords": [str(event.keywords.get().pk)],
        "slot": str(event.slots.get().pk),
        "room": str(event.rooms.order_by("pk").first().pk),
    }
    return form_data(page, **{**fields, **changes})


def test_a_new_panel_is_saved_with_its_slot_and_room_at_once(general, summer):
    client = organiser_of(general)

    page = client.get(ADD)
    response = client.post(ADD, new_panel(page.text, general))

    assert page.status_code == 200
    assert choices(page.text, "event") == ["General Conference 2026"]
    assert response.status_code == 302
    panel = Panel.objects.get(title="Co-Production of Public Services")
    assert (panel.event, panel.slot, panel.room) == (
        general,
        general.slots.get(),
        general.rooms.get(),
    )
    assert list(panel.keywords.all()) == list(general.keywords.all())
    panel_accept(panel=panel, by=client.user, message="")
    programme = Client().get(reverse("programme:programme", kwargs={"event": general.slug}))
    assert "Co-Production of Public Services" in programme.text
    assert "Room 1" in programme.text
    assert ">09:00</time>" in programme.text


def test_one_events_organiser_sees_its_choices_only_without_the_events_name(general, summer):
    client = organiser_of(general)

    page = client.get(ADD).text

    assert choices(page, "section") == ["S01 Public Policy"]
    assert choices(page, "room") == ["Room 1"]
    assert choices(page, "keywords") == ["Democracy"]
    assert choices(page, "slot") == ["Wed 25 Aug 09:00-10:30"]


def test_who_works_on_several_events_chooses_the_event_first(general, summer):
    client = organiser_of(general, summer)

    chooser = client.get(ADD)
    link = f"?event={summer.pk}"
    page = client.get(ADD + link)

    assert chooser.status_code == 200
    assert "Add a panel: choose its event" in chooser.text
    assert f'href="{link}">Summer School 2027</a>' in chooser.text
    assert f'href="?event={general.pk}">General Conference 2026</a>' in chooser.text
    assert page.status_code == 200
    assert choices(page.text, "event") == ["Summer School 2027"]
    assert choices(page.text, "section") == ["S01 Public Policy (Summer School 2027)"]
    assert choices(page.text, "room") == ["Room 1 (Summer School 2027)"]
    assert choices(page.text, "keywords") == ["Democracy (Summer School 2027)"]
    assert choices(page.text, "slot") == ["Tue 06 Jul 09:00-10:30 (Summer School 2027)"]

    response = client.post(ADD + link, new_panel(page.text, summer))

    assert response.status_code == 302
    panel = Panel.objects.get()
    assert (panel.event, panel.section.event, panel.slot.event, panel.room.event) == (summer,) * 4
    assert [k.event for k in panel.keywords.all()] == [summer]


def test_the_lists_add_button_keeps_the_event_it_is_filtered_by(general, summer):
    client = organiser_of(general, summer)
    changelist = client.get(
        reverse("admin:panels_panel_changelist"), {"event__id__exact": summer.pk}
    )
    link = f"{ADD}?_changelist_filters=event__id__exact%3D{summer.pk}"
    assert link in changelist.text  # the list's "Add panel" button

    page = client.get(link)

    assert choices(page.text, "event") == ["Summer School 2027"]


@pytest.mark.parametrize("field", ["section", "keywords", "slot", "room"])
def test_a_choice_of_another_event_is_refused_and_nothing_is_saved(general, summer, field):
    client = organiser_of(general, summer)
    page = client.get(f"{ADD}?event={summer.pk}").text
    data = new_panel(page, summer)
    other = {
        "section": general.sections.get(),
        "keywords": general.keywords.get(),
        "slot": general.slots.get(),
        "room": general.rooms.get(),
    }[field]
    data[field] = [str(other.pk)] if field == "keywords" else str(other.pk)

    response = client.post(f"{ADD}?event={summer.pk}", data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Panel.objects.exists()


def test_a_new_panel_in_a_room_already_taken_gets_the_clash(general, organiser):
    PanelFactory(
        section=general.sections.get(),
        code="P001",
        slot=general.slots.get(),
        room=general.rooms.get(),
    )
    client = Client()
    client.force_login(organiser)

    page = client.get(ADD).text
    response = client.post(ADD, new_panel(page, general))

    assert response.status_code == 200
    assert "Room 1 is already used by P001" in response.text
    assert Panel.objects.count() == 1


def test_a_superuser_sees_every_events_choices_named_on_the_change_form(general, summer, organiser):
    panel = PanelFactory(section=summer.sections.get(), title="Summer Panel")
    client = Client()
    client.force_login(organiser)

    page = client.get(reverse("admin:panels_panel_change", args=[panel.pk]))
    data = form_data(
        page.text,
        slot=str(summer.slots.get().pk),
        room=str(summer.rooms.get().pk),
        keywords=[str(summer.keywords.get().pk)],
    )
    response = client.post(reverse("admin:panels_panel_change", args=[panel.pk]), data)

    assert choices(page.text, "room") == ["Room 1 (Summer School 2027)"]
    assert choices(page.text, "section") == ["S01 Public Policy (Summer School 2027)"]
    assert choices(page.text, "event") == []  # shown, not chosen: a panel stays in its event
    assert "Summer School 2027" in page.text
    assert response.status_code == 302
    panel.refresh_from_db()
    assert (panel.slot, panel.room) == (summer.slots.get(), summer.rooms.get())


def test_a_section_chair_adds_a_panel_to_their_section(general, summer):
    chair = UserFactory()
    section = general.sections.get()
    section.chair = chair
    section.save()
    client = Client()
    client.force_login(chair)

    page = client.get(ADD)
    response = client.post(
        ADD,
        form_data(
            page.text,
            section=str(section.pk),
            title="Grouped Papers",
            keywords=[str(general.keywords.get().pk)],
        ),
    )

    assert choices(page.text, "event") == ["General Conference 2026"]
    assert choices(page.text, "section") == ["S01 Public Policy"]
    assert response.status_code == 302
    assert Panel.objects.get().section == section


def test_a_panel_chair_keeps_the_keywords_of_their_panel(general):
    general.is_published = False
    general.save()
    panel = PanelFactory(section=general.sections.get(), title="Chaired Panel")
    panel.keywords.set(general.keywords.all())
    chair = UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair)
    client = Client()
    client.force_login(chair)
    url = reverse("admin:panels_panel_change", args=[panel.pk])

    page = client.get(url)
    response = client.post(url, form_data(page.text, title="Chaired Panel, Renamed"))

    assert choices(page.text, "keywords") == ["Democracy"]
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.title == "Chaired Panel, Renamed"
    assert list(panel.keywords.all()) == list(general.keywords.all())


def test_the_schedule_check_takes_a_new_panels_event(general, summer):
    new = Panel(section=general.sections.get(), title="New")

    check_schedule(panel=new, slot=general.slots.get(), room=general.rooms.get(), event=general)
    with pytest.raises(ValidationError) as refused:
        check_schedule(panel=new, slot=summer.slots.get(), room=summer.rooms.get(), event=general)

    assert refused.value.code == "wrong_event"


def test_a_panel_chair_may_not_add_panels(general, summer):
    panel = PanelFactory(section=general.sections.get())
    chair = UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair)
    client = Client()
    client.force_login(chair)

    assert client.get(ADD).status_code == 403


def test_a_new_panel_goes_into_a_slot_that_other_panels_use_in_other_rooms(general):
    client = organiser_of(general)
    busy = PanelFactory(section=general.sections.get(), title="Already There")
    PanelRoleFactory(panel=busy, name="Someone Busy")
    room_2 = RoomFactory(event=general, name="Room 2")
    busy.slot, busy.room = general.slots.get(), room_2
    busy.save()
    page = client.get(f"{ADD}?event={general.pk}")

    room_1 = general.rooms.get(name="Room 1")
    response = client.post(
        f"{ADD}?event={general.pk}", new_panel(page.text, general, room=str(room_1.pk))
    )

    assert response.status_code == 302
    panel = Panel.objects.get(title="Co-Production of Public Services")
    assert (panel.slot, panel.room.name) == (general.slots.get(), "Room 1")


def errors_of(response) -> list[str]:
    form = response.context["adminform"].form
    return [message for messages in form.errors.values() for message in messages]


@pytest.mark.parametrize("organises", ["one event", "two events"])
def test_an_empty_panel_is_refused_in_plain_words(general, summer, organises):
    client = organiser_of(general, summer) if organises == "two events" else organiser_of(general)
    page = client.get(ADD, {"event": general.pk})
    assert page.status_code == 200

    sent = client.post(
        ADD, form_data(page.content.decode(), event="", section="", code="", title="")
    )

    assert sent.status_code == 200
    assert not Panel.objects.exists()
    errors = errors_of(sent)
    assert "This field is required." in errors
    assert not any("Constraint" in message for message in errors), errors
    assert (
        "Give the panel a code, or choose its event so that the next free code is given." in errors
    )
    assert "panel_code_not_empty" not in sent.text
