"""Nobody in two places at once and no room holding two panels, for slots that
overlap and not only the same slot; a person is one person whether known by account
or by address; every path that can make a clash refuses it."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse

from panels.enums import RoleKind
from papers import services as papers_services
from papers.enums import PaperStatus
from programme.services import check_schedule, panel_schedule
from tests.admin_forms import change_url, form_data, sign_in_organiser
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
def day():
    """Two slots that overlap (09:00 to 10:45, 10:00 to 11:30), a later one, two rooms."""
    section = SectionFactory()
    event = section.event

    def at(hour, minute=0):
        return dt.datetime.combine(event.start_date, dt.time(hour, minute), tzinfo=event.tz)

    return {
        "event": event,
        "section": section,
        "early": TimeSlotFactory(event=event, starts_at=at(9), ends_at=at(10, 45)),
        "late": TimeSlotFactory(event=event, starts_at=at(10), ends_at=at(11, 30)),
        "after": TimeSlotFactory(event=event, starts_at=at(12), ends_at=at(13)),
        "aula": RoomFactory(event=event, name="Aula"),
        "other": RoomFactory(event=event, name="Room 2"),
        "organiser": UserFactory(is_superuser=True),
    }


def placed(day, slot, room, **kwargs):
    panel = PanelFactory(section=day["section"], **kwargs)
    panel_schedule(panel=panel, slot=day[slot], room=day[room], by=day["organiser"])
    return panel


def test_a_room_cannot_hold_two_panels_in_slots_that_overlap(day):
    placed(day, "early", "aula")
    panel = PanelFactory(section=day["section"])

    with pytest.raises(ValidationError) as error:
        check_schedule(panel=panel, slot=day["late"], room=day["aula"])

    assert error.value.code == "room_clash"


def test_a_person_cannot_be_in_two_panels_in_slots_that_overlap(day):
    first = placed(day, "early", "aula")
    PanelRoleFactory(panel=first, name="Tony Bovaird", email="tony@example.org")
    second = PanelFactory(section=day["section"])
    PanelRoleFactory(
        panel=second, kind=RoleKind.DISCUSSANT, name="T. Bovaird", email="Tony@Example.org"
    )

    with pytest.raises(ValidationError) as error:
        check_schedule(panel=second, slot=day["late"], room=day["other"])

    assert error.value.code == "person_clash"
    assert "T. Bovaird would be in" in error.value.messages[0]


def test_slots_that_only_touch_do_not_clash(day):
    first = placed(day, "late", "aula")
    PanelRoleFactory(panel=first, email="tony@example.org")
    second = PanelFactory(section=day["section"])
    PanelRoleFactory(panel=second, email="tony@example.org")

    check_schedule(panel=second, slot=day["after"], room=day["aula"])


def test_a_person_known_by_account_in_one_row_and_by_address_in_the_other_is_one_person(day):
    tony = UserFactory(email="tony@example.org", name="Tony")
    EmailAddress.objects.create(user=tony, email=tony.email, verified=True, primary=True)
    first = placed(day, "early", "aula")
    PanelRoleFactory(panel=first, name="Tony", user=tony, email="")
    second = PanelFactory(section=day["section"])
    paper = PaperFactory(panel=second, status=PaperStatus.ACCEPTED)
    AuthorshipFactory(paper=paper, name="Tony", email="tony@example.org", user=None)

    with pytest.raises(ValidationError) as error:
        check_schedule(panel=second, slot=day["early"], room=day["other"])

    assert error.value.code == "person_clash"


def test_accepting_a_paper_whose_presenter_is_elsewhere_then_is_refused(day):
    first = placed(day, "early", "aula")
    PanelRoleFactory(panel=first, name="Tony", email="tony@example.org")
    second = placed(day, "late", "other")
    paper = PaperFactory(panel=second, status=PaperStatus.SUBMITTED)
    AuthorshipFactory(paper=paper, name="Tony", email="tony@example.org", is_presenter=True)

    with pytest.raises(ValidationError) as error:
        papers_services.paper_accept(paper=paper, by=day["organiser"])

    assert error.value.code == "person_clash"
    paper.refresh_from_db()
    assert paper.status == PaperStatus.SUBMITTED


def test_new_times_for_a_slot_that_would_make_a_clash_are_refused_in_the_admin(client, day):
    first = placed(day, "early", "aula")
    PanelRoleFactory(panel=first, name="Tony", email="tony@example.org")
    second = placed(day, "after", "other")
    PanelRoleFactory(panel=second, name="Tony", email="tony@example.org")
    sign_in_organiser(client, day["event"])
    page = client.get(change_url(day["event"]))
    data = form_data(page.text)  # as shown: the times in the event's zone
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("slots-") and key.endswith("-id") and value == str(day["after"].pk)
    )
    data[f"slots-{index}-starts_at_1"] = "10:30:00"

    response = client.post(change_url(day["event"]), data)

    assert response.status_code == 200
    assert "Tony would be in" in response.text
    day["after"].refresh_from_db()
    assert day["after"].starts_at.astimezone(day["event"].tz).hour == 12
    assert reverse("admin:panels_event_changelist")
