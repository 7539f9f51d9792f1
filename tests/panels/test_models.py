from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from panels.models import Event
from tests.factories import EventFactory, KeywordFactory, PanelFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_panels_left_without_a_code_get_the_next_free_one():
    section = SectionFactory()

    first = PanelFactory(section=section)
    second = PanelFactory(section=section)

    assert (first.code, second.code) == ("P001", "P002")


def test_the_next_code_follows_the_highest_one_in_the_event():
    section = SectionFactory()
    PanelFactory(section=section, code="P070")
    PanelFactory(section=section, code="Roundtable A")
    PanelFactory(code="P500")  # another event's panel does not count

    assert PanelFactory(section=section).code == "P071"


def test_codes_grow_past_three_digits():
    section = SectionFactory()
    PanelFactory(section=section, code="P999")

    assert PanelFactory(section=section).code == "P1000"


def test_a_panel_code_is_unique_within_its_event():
    section = SectionFactory()
    PanelFactory(section=section, code="P070")

    with pytest.raises(IntegrityError):
        PanelFactory(section=section, code="P070")


def test_the_same_panel_code_may_be_used_in_another_event():
    PanelFactory(code="P070")

    assert PanelFactory(code="P070").code == "P070"


def test_a_section_code_is_unique_within_its_event():
    event = EventFactory()
    SectionFactory(event=event, code="S01")

    with pytest.raises(IntegrityError):
        SectionFactory(event=event, code="S01")


def test_keywords_are_unique_within_an_event_whatever_their_case():
    event = EventFactory()
    KeywordFactory(event=event, name="Democracy")

    with pytest.raises(IntegrityError):
        KeywordFactory(event=event, name="democracy")


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "maybe"), ("format", "hologram")],
)
def test_a_panel_cannot_hold_an_unknown_status_or_format(field, value):
    panel = PanelFactory()

    with pytest.raises(IntegrityError):
        type(panel).objects.filter(pk=panel.pk).update(**{field: value})


@pytest.mark.parametrize("call", ["panel_call", "paper_call"])
def test_a_call_cannot_close_before_it_opens(call):
    now = timezone.now()
    event = EventFactory()

    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(
            **{f"{call}_opens": now, f"{call}_closes": now - timedelta(hours=1)}
        )


@pytest.mark.parametrize(
    "changes",
    [
        {"min_papers_per_panel": 6, "max_papers_per_panel": 5},
        {"min_keywords": 9, "max_keywords": 8},
        {"title_word_limit": 0},
        {"papers_decided_by": "the public"},
    ],
)
def test_an_event_cannot_hold_rules_that_contradict_themselves(changes):
    event = EventFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(**changes)


def test_an_event_cannot_end_before_it_starts():
    event = EventFactory()

    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(end_date=event.start_date - timedelta(1))


@pytest.mark.parametrize("slug", ["admin", "static", "media"])
def test_an_event_cannot_take_a_slug_the_site_uses(slug):
    with pytest.raises(ValidationError) as error:
        EventFactory.build(slug=slug).full_clean()

    assert error.value.error_dict["slug"][0].code == "reserved_slug"


def test_an_event_time_zone_must_be_a_real_one():
    with pytest.raises(ValidationError) as error:
        EventFactory.build(time_zone="Mars/Olympus_Mons").full_clean()

    assert error.value.error_dict["time_zone"][0].code == "invalid_time_zone"


def test_a_panel_section_must_belong_to_the_panels_event():
    panel = PanelFactory.build(section=SectionFactory(), event=EventFactory(), code="P001")

    with pytest.raises(ValidationError) as error:
        panel.full_clean()

    assert "section" in error.value.error_dict


def test_models_read_as_people_expect_and_link_to_their_pages():
    panel = PanelFactory(code="P070", title="Co-Production", section__event__slug="gc")

    assert str(panel) == "P070 Co-Production"
    assert panel.get_absolute_url() == "/gc/panels/P070/"
    assert panel.event.get_absolute_url() == "/gc/"


def test_a_panel_capacity_is_its_own_maximum_or_the_events():
    panel = PanelFactory(section__event__max_papers_per_panel=5)

    assert panel.capacity == 5
    panel.max_papers = 3
    assert panel.capacity == 3


def test_the_events_rules_name_the_roles_held_once():
    event = EventFactory.build(chair_role_once=True, discussant_role_once=True)

    assert event.roles_held_once() == ["chair", "discussant"]
