"""Next year in minutes: an organiser copies her event to a new one — its rules,
sections with their chairs, keywords, rooms, slots and deadlines, every date moved
by the days she chooses on the event's own wall clock — and nothing of this year's
proposals, people's roles or history comes along."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import EmailLog
from panels.enums import FullPaperAccess, PaperDecider, RoleKind
from panels.models import (
    AgendaEntry,
    Event,
    Keyword,
    Panel,
    PanelRole,
    PanelStatusChange,
    Room,
    Section,
    TimeSlot,
)
from panels.selectors import panels_for_admin
from panels.services import EVENT_FIELDS_NOT_COPIED, event_copy
from papers.models import Paper
from tests.admin_forms import admin_form_data, change_url, sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LJUBLJANA = zoneinfo.ZoneInfo("Europe/Ljubljana")
HOSTILE = '<script>alert("x")</script> & <b>Conference</b>'


def local(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LJUBLJANA)


def this_year(**fields) -> Event:
    """An event of 2026 in Ljubljana with every rule set away from its default."""
    start = dt.date(2026, 7, 1)
    return EventFactory(
        **{
            "name": "General Conference 2026",
            "slug": "general-conference-2026",
            "start_date": start,
            "end_date": dt.date(2026, 7, 4),
            "venue": "Faculty of Social Sciences, Ljubljana",
            "time_zone": "Europe/Ljubljana",
            "is_published": True,
            "panel_call_opens": local(dt.date(2025, 10, 1), 9),
            "panel_call_closes": local(dt.date(2025, 11, 30), 23, 59),
            "paper_call_opens": local(dt.date(2026, 1, 5), 9),
            "paper_call_closes": local(dt.date(2026, 3, 1), 12),
            "decision_deadline": local(dt.date(2026, 4, 15), 17),
            "upload_deadline": local(dt.date(2026, 6, 20), 23, 59),
            "papers_decided_by": PaperDecider.SECTION_CHAIRS,
            "min_papers_per_panel": 3,
            "max_papers_per_panel": 6,
            "title_word_limit": 25,
            "abstract_word_limit": 250,
            "min_keywords": 2,
            "max_keywords": 5,
            "max_papers_presented_per_person": 1,
            "max_proposals_per_person": None,
            "coauthored_count_as_proposals": True,
            "chair_role_once": False,
            "co_chair_role_once": True,
            "discussant_role_once": True,
            "max_upload_mb": 9,
            "full_paper_access": FullPaperAccess.SIGNED_IN,
            **fields,
        }
    )


def fill(event, *, sections=2, keywords=3, rooms=2, slots=4):
    """Sections with chairs, keywords, rooms and slots (09:00-10:30 local, a day each)."""
    for n in range(sections):
        SectionFactory(
            event=event,
            code=f"S{n:02d}",
            title=f"Section {n}",
            description=f"What section {n} is about.",
            chair=UserFactory(),
            co_chair=UserFactory() if n % 2 else None,
        )
    for n in range(keywords):
        KeywordFactory(event=event, name=f"keyword {n}")
    for n in range(rooms):
        RoomFactory(event=event, name=f"Room {n}", position=rooms - n)
    for n in range(slots):
        day = event.start_date + dt.timedelta(days=n // 4)
        start = local(day, 9) + dt.timedelta(hours=2 * (n % 4))
        TimeSlotFactory(event=event, starts_at=start, ends_at=start + dt.timedelta(minutes=90))


@pytest.fixture
def organiser():
    return UserFactory(email="maja@example.org", name="Maja Organiser")


@pytest.fixture
def event(organiser):
    event = this_year()
    event.organisers.add(organiser, UserFactory(email="colleague@example.org"))
    fill(event)
    return event


def copy_of(event, by, **kwargs):
    return event_copy(
        event=event,
        by=by,
        name=kwargs.get("name", "General Conference 2027"),
        slug=kwargs.get("slug", "general-conference-2027"),
        offset_days=kwargs.get("offset_days", 364),
    )


# What is copied ---------------------------------------------------------------------


def test_the_copy_keeps_every_rule_of_the_event_and_moves_its_days(event, organiser):
    copy = copy_of(event, organiser, offset_days=364)

    copy.refresh_from_db()
    assert (copy.name, copy.slug, copy.is_published) == (
        "General Conference 2027",
        "general-conference-2027",
        False,
    )
    assert (copy.start_date, copy.end_date) == (dt.date(2027, 6, 30), dt.date(2027, 7, 3))
    for field in Event._meta.concrete_fields:
        if field.name in EVENT_FIELDS_NOT_COPIED or isinstance(field, models.DateField):
            continue  # name, slug, published; the dates and moments are checked below
        assert getattr(copy, field.attname) == getattr(event, field.attname), field.name
    assert copy.papers_decided_by == PaperDecider.SECTION_CHAIRS
    assert copy.max_papers_presented_per_person == 1
    assert copy.max_proposals_per_person is None
    assert copy.full_paper_access == FullPaperAccess.SIGNED_IN
    assert copy.time_zone == "Europe/Ljubljana"
    assert copy.venue == "Faculty of Social Sciences, Ljubljana"


def test_every_deadline_moves_by_the_offset_keeping_its_local_time(event, organiser):
    copy = copy_of(event, organiser, offset_days=364)

    copy.refresh_from_db()
    moments = {
        name: getattr(copy, name).astimezone(LJUBLJANA)
        for name in (
            "panel_call_opens",
            "panel_call_closes",
            "paper_call_opens",
            "paper_call_closes",
            "decision_deadline",
            "upload_deadline",
        )
    }
    assert moments == {
        "panel_call_opens": local(dt.date(2026, 9, 30), 9),
        "panel_call_closes": local(dt.date(2026, 11, 29), 23, 59),
        "paper_call_opens": local(dt.date(2027, 1, 4), 9),
        "paper_call_closes": local(dt.date(2027, 2, 28), 12),
        "decision_deadline": local(dt.date(2027, 4, 14), 17),
        "upload_deadline": local(dt.date(2027, 6, 19), 23, 59),
    }


def test_a_deadline_left_blank_stays_blank(organiser):
    event = this_year(upload_deadline=None, panel_call_opens=None, panel_call_closes=None)
    event.organisers.add(organiser)

    copy = copy_of(event, organiser)

    assert (copy.upload_deadline, copy.panel_call_opens, copy.panel_call_closes) == (
        None,
        None,
        None,
    )


def test_sections_keep_their_chairs_and_keywords_rooms_and_slots_come_along(event, organiser):
    copy = copy_of(event, organiser, offset_days=7)

    def sections(e):
        return list(
            Section.objects.filter(event=e)
            .order_by("code")
            .values_list("code", "title", "description", "chair", "co_chair")
        )

    assert sections(copy) == sections(event)
    assert len(sections(copy)) == 2
    assert sections(copy)[1][4] is not None  # the co-chair
    assert list(Keyword.objects.filter(event=copy).values_list("name", flat=True)) == [
        "keyword 0",
        "keyword 1",
        "keyword 2",
    ]
    assert list(Room.objects.filter(event=copy).values_list("name", "position")) == [
        ("Room 1", 1),
        ("Room 0", 2),
    ]
    assert [
        (s.starts_at.astimezone(LJUBLJANA), s.ends_at.astimezone(LJUBLJANA))
        for s in TimeSlot.objects.filter(event=copy)
    ] == [
        (local(dt.date(2026, 7, 8), h), local(dt.date(2026, 7, 8), h + 1, 30))
        for h in (9, 11, 13, 15)
    ]


def test_a_summer_slot_moved_into_winter_keeps_its_wall_clock_time(organiser):
    event = this_year()
    event.organisers.add(organiser)
    TimeSlotFactory(
        event=event, starts_at=local(event.start_date, 9), ends_at=local(event.start_date, 10, 30)
    )

    copy = copy_of(event, organiser, offset_days=182)

    slot = TimeSlot.objects.get(event=copy)
    winter = dt.date(2026, 12, 30)
    assert (slot.starts_at.astimezone(LJUBLJANA), slot.ends_at.astimezone(LJUBLJANA)) == (
        local(winter, 9),
        local(winter, 10, 30),
    )
    # In UTC it is an hour later than the summer slot's 07:00: summer time is over.
    assert slot.starts_at.astimezone(dt.UTC).time() == dt.time(8)
    assert copy.start_date == winter


def test_the_copy_can_move_earlier_too(event, organiser):
    copy = copy_of(event, organiser, offset_days=-1)

    assert copy.start_date == dt.date(2026, 6, 30)
    assert TimeSlot.objects.filter(event=copy).first().starts_at.astimezone(LJUBLJANA) == (
        local(dt.date(2026, 6, 30), 9)
    )


def test_the_organiser_who_copies_is_the_copys_only_organiser(event, organiser):
    copy = copy_of(event, organiser)

    assert list(copy.organisers.all()) == [organiser]
    assert event.organisers.count() == 2


def test_a_superuser_copies_any_event_and_organises_the_copy(event):
    admin = UserFactory(is_superuser=True)

    copy = copy_of(event, admin)

    assert list(copy.organisers.all()) == [admin]


def test_every_copied_row_points_only_at_its_event_and_at_people():
    """`event_copy` copies each row's fields as they are: a new link to another row of
    the event (a slot's room, say) would point into last year's event, and a new
    many-to-many field would be left behind. This fails until the copy maps them."""
    for model in (Section, Keyword, Room, TimeSlot):
        targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert targets <= {Event, get_user_model()}, model
        assert not model._meta.many_to_many, model
    assert [f.name for f in Event._meta.many_to_many] == ["organisers"]


# What is not copied -----------------------------------------------------------------


def test_no_panel_paper_role_agenda_entry_email_or_history_comes_along(event, organiser):
    section = event.sections.first()
    panel = PanelFactory(
        section=section, code="P001", slot=event.slots.first(), room=event.rooms.first()
    )
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=UserFactory())
    AuthorshipFactory(paper=PaperFactory(panel=panel))
    AgendaEntry.objects.create(user=organiser, panel=panel)
    PanelStatusChange.objects.create(panel=panel, from_status="", to_status="accepted")
    EmailLog.objects.create(to="a@example.org", subject="Hello", template="t", event=event)
    before = (Panel.objects.count(), Paper.objects.count(), PanelRole.objects.count())

    copy = copy_of(event, organiser)

    assert Panel.objects.filter(event=copy).count() == 0
    assert Paper.objects.filter(event=copy).count() == 0
    assert PanelRole.objects.filter(panel__event=copy).count() == 0
    assert AgendaEntry.objects.filter(panel__event=copy).count() == 0
    assert PanelStatusChange.objects.filter(panel__event=copy).count() == 0
    assert EmailLog.objects.filter(event=copy).count() == 0
    # This year's event keeps everything.
    assert (Panel.objects.count(), Paper.objects.count(), PanelRole.objects.count()) == before
    assert Panel.objects.get().event == event
    assert event.slots.count() == 4


# Who may, and what is refused --------------------------------------------------------


def test_an_organiser_of_another_event_may_not_copy_this_one(event):
    other = UserFactory()
    EventFactory().organisers.add(other)

    with pytest.raises(PermissionDenied):
        copy_of(event, other)

    assert not Event.objects.filter(slug="general-conference-2027").exists()


def test_a_section_chair_of_the_event_may_not_copy_it(event):
    chair = event.sections.first().chair

    with pytest.raises(PermissionDenied):
        copy_of(event, chair)

    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("general-conference-2026", "unique"),  # this year's own
        ("admin", "reserved_slug"),
        ("not a slug", "invalid"),
        ("", "blank"),
        ("x" * 61, "max_length"),
    ],
)
def test_a_short_name_taken_reserved_or_malformed_is_refused_on_its_field(
    event, organiser, slug, code
):
    with pytest.raises(ValidationError) as refused:
        copy_of(event, organiser, slug=slug)

    assert code in [e.code for e in refused.value.error_dict["slug"]]
    assert Event.objects.count() == 1
    assert Section.objects.count() == 2


@pytest.mark.parametrize("name", ["", "   ", "n" * 201])
def test_a_blank_or_overlong_name_is_refused_on_its_field(event, organiser, name):
    with pytest.raises(ValidationError) as refused:
        copy_of(event, organiser, name=name)

    assert list(refused.value.error_dict) == ["name"]
    assert Event.objects.count() == 1


def test_an_offset_past_the_calendar_is_refused_and_nothing_is_made(event, organiser):
    with pytest.raises(ValidationError) as refused:
        copy_of(event, organiser, offset_days=3_000_000)

    assert list(refused.value.error_dict) == ["offset_days"]
    assert Event.objects.count() == 1


def test_hostile_html_in_the_name_is_kept_as_text(event, organiser):
    copy = copy_of(event, organiser, name=HOSTILE)

    copy.refresh_from_db()
    assert copy.name == HOSTILE


# Its cost ------------------------------------------------------------------------------


def queries_to_copy(sections, slots):
    owner = UserFactory()
    event = this_year(slug=f"size-{sections}-{slots}")
    event.organisers.add(owner)
    fill(event, sections=sections, keywords=sections, rooms=min(sections, 12), slots=slots)
    with CaptureQueriesContext(connection) as queries:
        copy_of(event, owner, slug=f"copy-{sections}-{slots}")
    assert TimeSlot.objects.filter(event__slug=f"copy-{sections}-{slots}").count() == slots
    return len(queries)


def test_a_large_event_copies_in_as_many_queries_as_a_small_one():
    small, large = queries_to_copy(1, 1), queries_to_copy(40, 300)

    assert small == large
    assert large <= 20  # 18: roles 3, slug 1, event 2, organiser 1, rows 8, savepoints 4


# The admin: the organiser's way ----------------------------------------------------------


def copy_url(event):
    return reverse("admin:panels_event_copy", args=[event.pk])


def test_an_organiser_copies_her_event_from_its_admin_page(client, event):
    PanelFactory(section=event.sections.first(), code="P070", title="Co-Production this year")
    maja = sign_in_organiser(client, event)

    listing = client.get(reverse("admin:panels_event_changelist"))
    assert listing.status_code == 200
    assert change_url(event) in listing.text
    page = client.get(change_url(event))
    assert copy_url(event) in page.text
    assert "Copy to a new event…" in page.text
    step = client.get(copy_url(event))
    assert step.status_code == 200
    # The defaults: next year's name and address, 52 weeks later (the same weekday).
    assert admin_form_data(step) == {
        "csrfmiddlewaretoken": admin_form_data(step)["csrfmiddlewaretoken"],
        "name": "General Conference 2027",
        "slug": "general-conference-2027",
        "first_day": "2027-06-30",
    }
    assert "Europe/Ljubljana" in step.text

    response = client.post(
        copy_url(event), admin_form_data(step, name="GC 2027", first_day="2027-07-07")
    )

    copy = Event.objects.get(slug="general-conference-2027")
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    assert (copy.name, copy.start_date, copy.is_published) == (
        "GC 2027",
        dt.date(2027, 7, 7),
        False,
    )
    assert list(copy.organisers.all()) == [maja]
    landed = client.get(response["Location"])
    assert landed.status_code == 200
    assert "every date moved by 371 days" in landed.text
    assert "not published" in landed.text
    # Her list holds both events; the new one has no panel of this year's.
    listing = client.get(reverse("admin:panels_event_changelist"))
    assert change_url(copy) in listing.text
    assert change_url(event) in listing.text
    # Her panel list offers the new event nothing: its filter by event names only
    # this year's, which holds the panel.
    panels = client.get(reverse("admin:panels_panel_changelist"))
    assert "Co-Production this year" in panels.text
    assert "GC 2027" not in panels.text
    assert panels_for_admin(maja).filter(event=copy).count() == 0
    assert "P070" not in landed.text


def test_a_short_name_taken_comes_back_on_the_page_with_what_was_typed(client, event):
    EventFactory(slug="taken-2027")
    sign_in_organiser(client, event)
    step = client.get(copy_url(event))

    response = client.post(
        copy_url(event), admin_form_data(step, name="Typed name", slug="taken-2027")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["slug"]
    assert admin_form_data(response)["name"] == "Typed name"
    assert Event.objects.count() == 2


def test_a_first_day_past_the_calendar_is_an_error_on_that_field(client):
    event = this_year()
    sign_in_organiser(client, event)
    step = client.get(copy_url(event))

    response = client.post(copy_url(event), admin_form_data(step, first_day="9999-12-30"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["first_day"]
    assert Event.objects.count() == 1


def test_a_hostile_name_is_escaped_on_every_page_it_reaches(client, event):
    sign_in_organiser(client, event)
    step = client.get(copy_url(event))

    response = client.post(copy_url(event), admin_form_data(step, name=HOSTILE), follow=True)

    copy = Event.objects.get(slug="general-conference-2027")
    assert copy.name == HOSTILE
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text
    listing = client.get(reverse("admin:panels_event_changelist"))
    assert "<script>alert" not in listing.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_chair_of_the_event_cannot_reach_the_copy_page(client, event, method):
    chair = event.sections.first().chair
    client.force_login(chair)

    response = getattr(client, method)(
        copy_url(event), {"name": "Mine", "slug": "mine", "first_day": "2027-06-30"}
    )

    assert response.status_code in (403, 404)
    assert not Event.objects.filter(slug="mine").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_organiser_of_another_event_cannot_reach_the_copy_page(client, event, method):
    sign_in_organiser(client, EventFactory(name="Another conference"))

    response = getattr(client, method)(
        copy_url(event), {"name": "Mine", "slug": "mine", "first_day": "2027-06-30"}
    )

    assert response.status_code == 404
    assert "General Conference 2026" not in response.text
    assert not Event.objects.filter(slug="mine").exists()


def test_an_organiser_still_cannot_make_an_event_from_nothing(client, event):
    sign_in_organiser(client, event)

    page = client.get(reverse("admin:panels_event_changelist"))

    assert client.get(reverse("admin:panels_event_add")).status_code == 403
    assert reverse("admin:panels_event_add") not in page.text


# Daylight-saving changes and the calendar's end on the new dates (found by an attack) --


def post_copy(client, event, **typed):
    sign_in_organiser(client, event)
    step = client.get(copy_url(event))
    return client.post(copy_url(event), admin_form_data(step, **typed))


def test_a_slot_that_would_fall_in_the_skipped_hour_is_a_form_error(client, db):
    event = EventFactory(
        time_zone="Europe/Berlin", start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 9, 3)
    )
    TimeSlotFactory(
        event=event,
        starts_at=dt.datetime(2026, 9, 1, 2, 30, tzinfo=event.tz),
        ends_at=dt.datetime(2026, 9, 1, 3, 15, tzinfo=event.tz),
    )

    response = post_copy(client, event, name="Next", slug="next-dst", first_day="2027-03-28")

    assert response.status_code == 200
    assert "falls in a daylight-saving change of Europe/Berlin" in response.text
    assert not Event.objects.filter(slug="next-dst").exists()
    assert TimeSlot.objects.count() == 1


def test_two_slots_of_the_repeated_hour_that_would_start_at_once_are_a_form_error(client, db):
    event = EventFactory(
        time_zone="Europe/Berlin", start_date=dt.date(2026, 10, 25), end_date=dt.date(2026, 10, 26)
    )
    for start in (
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
    ):
        TimeSlotFactory(event=event, starts_at=start, ends_at=start + dt.timedelta(minutes=20))

    response = post_copy(client, event, name="Next", slug="next-fallback", first_day="2027-06-06")

    assert response.status_code == 200
    assert "daylight-saving change" in response.text
    assert not Event.objects.filter(slug="next-fallback").exists()


def test_a_deadline_past_the_calendars_end_in_utc_is_a_form_error(client, db):
    event = EventFactory(
        time_zone="America/Los_Angeles",
        start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 9, 1),
    )
    event.decision_deadline = dt.datetime(2026, 9, 1, 23, 30, tzinfo=event.tz)
    event.save()

    response = post_copy(client, event, name="Far", slug="far-future", first_day="9999-12-31")

    assert response.status_code == 200
    assert "outside the calendar" in response.text
    assert not Event.objects.filter(slug="far-future").exists()


def test_the_copy_page_offers_next_years_name_whatever_year_the_event_is_held_in(client, db):
    # The demo's "General Conference 2026" is held in March 2027.
    event = EventFactory(
        name="General Conference 2026",
        slug="general-conference-2026",
        start_date=dt.date(2027, 3, 9),
        end_date=dt.date(2027, 3, 11),
    )
    sign_in_organiser(client, event)

    step = client.get(copy_url(event))

    typed = admin_form_data(step)
    assert (typed["name"], typed["slug"]) == ("General Conference 2027", "general-conference-2027")
