"""The programme: slots and rooms, the clash rules, the public page, now and next."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from panels.enums import PanelStatus, RoleKind
from programme import services
from tests.factories import (
    AuthorshipFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(panel):
    event = panel.event
    return {
        "slot": TimeSlotFactory(event=event),
        "later": TimeSlotFactory(
            event=event,
            starts_at=timezone.now() + timedelta(days=91),
            ends_at=timezone.now() + timedelta(days=91, hours=1),
        ),
        "room": RoomFactory(event=event, name="Aula"),
        "other_room": RoomFactory(event=event, name="Room 2"),
    }


def test_an_organiser_places_a_panel_in_a_slot_and_a_room(organiser, panel, setting):
    services.panel_schedule(panel=panel, slot=setting["slot"], room=setting["room"], by=organiser)

    panel.refresh_from_db()
    assert (panel.slot, panel.room) == (setting["slot"], setting["room"])


def test_a_room_cannot_hold_two_panels_in_one_slot(organiser, panel, setting):
    services.panel_schedule(panel=panel, slot=setting["slot"], room=setting["room"], by=organiser)
    other = PanelFactory(section=panel.section, code="P002")

    with pytest.raises(ValidationError) as error:
        services.panel_schedule(
            panel=other, slot=setting["slot"], room=setting["room"], by=organiser
        )

    assert error.value.code == "room_clash"
    assert f"Aula is already used by {panel.code}" in error.value.messages[0]


def test_the_database_refuses_a_room_twice_in_a_slot_too(panel, setting):
    panel.slot, panel.room = setting["slot"], setting["room"]
    panel.save()
    other = PanelFactory(section=panel.section)
    other.slot, other.room = setting["slot"], setting["room"]

    with pytest.raises(IntegrityError):
        other.save()


@pytest.mark.parametrize("kind", [RoleKind.CHAIR, RoleKind.DISCUSSANT])
def test_a_person_cannot_be_in_two_panels_of_one_slot(organiser, panel, setting, kind):
    person = UserFactory(name="Ubiquitous Person")
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=person, name=person.name)
    other = PanelFactory(section=panel.section, code="P002")
    PanelRoleFactory(panel=other, kind=kind, user=person, name=person.name)
    services.panel_schedule(panel=panel, slot=setting["slot"], room=setting["room"], by=organiser)

    with pytest.raises(ValidationError) as error:
        services.panel_schedule(
            panel=other, slot=setting["slot"], room=setting["other_room"], by=organiser
        )

    assert error.value.code == "person_clash"
    assert "Ubiquitous Person would be in" in error.value.messages[0]


def test_a_presenting_author_counts_and_is_known_by_email_without_an_account(
    organiser, panel, setting
):
    paper = PaperFactory(panel=panel)
    AuthorshipFactory(paper=paper, email="pat@example.org", name="Pat", is_presenter=True)
    other = PanelFactory(section=panel.section, code="P002")
    PanelRoleFactory(panel=other, kind=RoleKind.DISCUSSANT, email="PAT@example.org", name="P.")
    services.panel_schedule(panel=panel, slot=setting["slot"], room=setting["room"], by=organiser)

    with pytest.raises(ValidationError):
        services.panel_schedule(
            panel=other, slot=setting["slot"], room=setting["other_room"], by=organiser
        )


def test_the_same_person_in_different_slots_is_fine(organiser, panel, setting):
    person = UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=person)
    other = PanelFactory(section=panel.section, code="P002")
    PanelRoleFactory(panel=other, kind=RoleKind.CO_CHAIR, user=person)

    services.panel_schedule(panel=panel, slot=setting["slot"], room=setting["room"], by=organiser)
    services.panel_schedule(panel=other, slot=setting["later"], room=setting["room"], by=organiser)

    assert other.__class__.objects.filter(slot__isnull=False).count() == 2


def test_only_organisers_build_the_programme(panel, setting):
    from django.core.exceptions import PermissionDenied

    chair = UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair)

    with pytest.raises(PermissionDenied):
        services.panel_schedule(panel=panel, slot=setting["slot"], room=setting["room"], by=chair)


def test_the_admin_form_names_the_clash(client, organiser, panel, setting):
    services.panel_schedule(panel=panel, slot=setting["slot"], room=setting["room"], by=organiser)
    other = PanelFactory(section=panel.section, code="P002", title="Second")
    client.force_login(organiser)

    response = client.post(
        reverse("admin:panels_panel_change", args=[other.pk]),
        {
            "event": other.event_id,
            "section": other.section_id,
            "code": "P002",
            "title": "Second",
            "abstract": "",
            "format": "in_person",
            "slot": setting["slot"].pk,
            "room": setting["room"].pk,
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Aula is already used by P001" in response.text


def test_the_programme_page_lists_days_slots_rooms_and_chairs(client, panel, setting):
    panel.slot, panel.room = setting["slot"], setting["room"]
    panel.save()
    hidden = PanelFactory(section=panel.section, status=PanelStatus.PROPOSED, title="Hidden")
    hidden.slot, hidden.room = setting["slot"], setting["other_room"]
    hidden.save()

    response = client.get(reverse("programme:programme", kwargs={"event": panel.event.slug}))

    text = response.text
    assert panel.title in text
    assert "Aula" in text
    assert "Tony Bovaird" in text
    assert "09:00" in text
    assert "Hidden" not in text


def test_now_and_next_show_while_the_event_runs(client, panel, setting):
    now = timezone.now()
    setting["slot"].starts_at, setting["slot"].ends_at = (
        now - timedelta(minutes=10),
        now + timedelta(minutes=50),
    )
    setting["slot"].save()
    setting["later"].starts_at, setting["later"].ends_at = (
        now + timedelta(hours=2),
        now + timedelta(hours=3),
    )
    setting["later"].save()
    panel.slot, panel.room = setting["slot"], setting["room"]
    panel.save()
    nxt = PanelFactory(section=panel.section, title="Coming Up")
    nxt.slot, nxt.room = setting["later"], setting["room"]
    nxt.save()

    response = client.get(reverse("programme:programme", kwargs={"event": panel.event.slug}))

    assert response.context["now_slot"] == setting["slot"]
    assert response.context["next_slot"] == setting["later"]
    assert "Now and next" in response.text


def test_panel_and_paper_pages_say_when_and_where(client, panel, setting):
    panel.slot, panel.room = setting["slot"], setting["room"]
    panel.save()
    paper = PaperFactory(panel=panel)

    for url in (panel.get_absolute_url(), paper.get_absolute_url()):
        text = client.get(url).text
        assert "09:00" in text
        assert "Aula" in text


@pytest.mark.parametrize("size", [1, 8])
def test_the_programme_makes_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, size
):
    section = SectionFactory()
    event = section.event
    for n in range(size):
        slot = TimeSlotFactory(
            event=event,
            starts_at=timezone.now() + timedelta(days=90, hours=2 * n),
            ends_at=timezone.now() + timedelta(days=90, hours=2 * n + 1),
        )
        panel = PanelFactory(section=section)
        PanelRoleFactory.create_batch(2, panel=panel)
        panel.slot, panel.room = slot, RoomFactory(event=event)
        panel.save()

    # event, slots, their panels, the panels' people; + moments (event, slots)
    with django_assert_num_queries(6):
        client.get(reverse("programme:programme", kwargs={"event": event.slug}))


def test_the_programme_shows_one_day_at_a_time_with_the_days_to_choose(client, panel, setting):
    panel.slot, panel.room = setting["slot"], setting["room"]
    panel.save()
    other = PanelFactory(section=panel.section, title="On Another Day")
    other.slot, other.room = setting["later"], setting["room"]
    other.save()
    url = reverse("programme:programme", kwargs={"event": panel.event.slug})
    later_day = timezone.localtime(setting["later"].starts_at, panel.event.tz).date()

    first = client.get(url)
    second = client.get(url, {"day": later_day.isoformat()})

    assert panel.title in first.text
    assert "On Another Day" not in first.text
    assert "On Another Day" in second.text
    assert f"?day={later_day.isoformat()}" in first.text


@pytest.mark.parametrize(
    "day", ["2026-13-45", "tomorrow", "1999-01-01", "٢٠٢٧-٠٦-٠٢", "9" * 40, "2027-6-2\x00"]
)
def test_a_day_not_in_the_programme_shows_its_first_day(client, panel, setting, day):
    panel.slot, panel.room = setting["slot"], setting["room"]
    panel.save()
    url = reverse("programme:programme", kwargs={"event": panel.event.slug})

    response = client.get(url, {"day": day})

    assert response.status_code == 200
    assert panel.title in response.text
