"""Every write in the admin goes through the services: the change form, the add form,
the inlines, the actions. Capacity, clashes and deadlines hold on each path, nothing
is half-saved, and each change leaves a history row that the History button shows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from panels.enums import RoleKind
from panels.models import PanelRole, PanelStatusChange, TimeSlot
from papers.enums import PaperStatus
from papers.models import Paper, PaperStatusChange
from tests.admin_forms import admin_form_data, change_url, sign_in_organiser
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
def organiser_client(client):
    """An organiser of the event of `full_panel`, not a superuser."""
    return client


@pytest.fixture
def full_panel():
    """P070-like: an accepted panel with all of its 5 places taken."""
    panel = PanelFactory(title="Full Panel")
    panel.event.max_papers_per_panel = 5
    panel.event.save()
    for position in range(1, 6):
        PaperFactory(panel=panel, status=PaperStatus.ACCEPTED, position=position)
    return panel


# Papers: the change form ------------------------------------------------------------


def test_a_papers_panel_cannot_be_changed_on_its_form_so_a_full_panel_stays_full(
    client, full_panel
):
    other = PanelFactory(section=full_panel.section, title="Other Panel")
    paper = PaperFactory(panel=other, status=PaperStatus.ACCEPTED, position=1)
    sign_in_organiser(client, full_panel.event)
    page = client.get(change_url(paper))

    response = client.post(change_url(paper), admin_form_data(page, panel=str(full_panel.pk)))

    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.panel == other
    assert full_panel.papers.filter(status=PaperStatus.ACCEPTED).count() == 5
    assert sorted(full_panel.papers.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_correcting_a_papers_title_leaves_a_history_row_with_from_and_to(client, full_panel):
    paper = full_panel.papers.first()
    old = paper.title
    user = sign_in_organiser(client, full_panel.event)
    page = client.get(change_url(paper))

    client.post(change_url(paper), admin_form_data(page, title="A Corrected Title"))

    row = PaperStatusChange.objects.filter(paper=paper).latest("pk")
    assert row.by == user
    assert row.changes == {"title": [old, "A Corrected Title"]}
    history = client.get(reverse("admin:papers_paper_history", args=[paper.pk]))
    assert "A Corrected Title" in history.text
    assert old in history.text


def test_a_title_over_the_word_limit_is_refused_on_its_field_and_nothing_changes(
    client, full_panel
):
    paper = full_panel.papers.first()
    old = paper.title
    sign_in_organiser(client, full_panel.event)
    page = client.get(change_url(paper))

    response = client.post(change_url(paper), admin_form_data(page, title="word " * 21))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == [
        "Shorten the title to 20 words; it has 21."
    ]
    paper.refresh_from_db()
    assert paper.title == old


# Papers: the add form --------------------------------------------------------------


def test_a_paper_added_to_a_full_panel_is_a_proposal_and_takes_no_place(client, full_panel):
    user = sign_in_organiser(client, full_panel.event)
    keywords = [full_panel.event.keywords.create(name=n) for n in ("trust", "welfare", "cities")]
    page = client.get(reverse("admin:papers_paper_add"))

    response = client.post(
        reverse("admin:papers_paper_add"),
        admin_form_data(
            page,
            event=str(full_panel.event.pk),
            section=str(full_panel.section.pk),
            panel=str(full_panel.pk),
            title="A Late Paper",
            abstract="Its abstract.",
            keywords=[str(k.pk) for k in keywords],
        ),
    )

    assert response.status_code == 302
    paper = Paper.objects.get(title="A Late Paper")
    assert paper.status == PaperStatus.SUBMITTED
    assert full_panel.papers.filter(status=PaperStatus.ACCEPTED).count() == 5
    row = paper.history.get()
    assert (row.from_status, row.to_status, row.by) == ("", PaperStatus.SUBMITTED, user)


# Panels: the change form -----------------------------------------------------------


def test_a_panels_capacity_cannot_go_below_its_accepted_papers(client, full_panel):
    sign_in_organiser(client, full_panel.event)
    page = client.get(change_url(full_panel))

    response = client.post(change_url(full_panel), admin_form_data(page, max_papers="4"))

    assert response.status_code == 200
    assert "has accepted 5 papers; it cannot hold fewer" in response.text
    full_panel.refresh_from_db()
    assert full_panel.max_papers is None


def test_a_panels_new_title_and_section_leave_one_history_row_and_its_papers_follow(
    client, full_panel
):
    user = sign_in_organiser(client, full_panel.event)
    section = SectionFactory(event=full_panel.event, title="New Home")
    page = client.get(change_url(full_panel))

    client.post(
        change_url(full_panel),
        admin_form_data(page, title="A Better Title", section=str(section.pk)),
    )

    row = PanelStatusChange.objects.filter(panel=full_panel).latest("pk")
    assert row.by == user
    assert row.changes["title"] == ["Full Panel", "A Better Title"]
    assert row.changes["section"][1] == str(section)
    assert set(full_panel.papers.values_list("section", flat=True)) == {section.pk}


def test_a_panel_placed_in_a_slot_on_its_form_goes_through_the_programmes_service(
    client, full_panel
):
    user = sign_in_organiser(client, full_panel.event)
    slot = TimeSlotFactory(event=full_panel.event)
    room = RoomFactory(event=full_panel.event)
    page = client.get(change_url(full_panel))

    client.post(change_url(full_panel), admin_form_data(page, slot=str(slot.pk), room=str(room.pk)))

    full_panel.refresh_from_db()
    assert (full_panel.slot, full_panel.room) == (slot, room)
    row = PanelStatusChange.objects.filter(panel=full_panel).latest("pk")
    assert row.by == user
    assert row.changes["room"] == ["", str(room)]


# Panels: the roles inline and the roles list ---------------------------------------


@pytest.fixture
def two_panels_at_once():
    """Two scheduled panels in one slot; Tony chairs the first."""
    first = PanelFactory(title="First")
    event = first.event
    slot = TimeSlotFactory(event=event)
    first.slot, first.room = slot, RoomFactory(event=event)
    first.save()
    second = PanelFactory(section=first.section, title="Second")
    second.slot, second.room = slot, RoomFactory(event=event)
    second.save()
    PanelRoleFactory(panel=first, name="Tony Bovaird", email="tony@example.org", position=1)
    return first, second


def test_the_roles_inline_refuses_a_person_in_two_panels_at_once_and_keeps_what_was_typed(
    client, two_panels_at_once
):
    first, second = two_panels_at_once
    sign_in_organiser(client, first.event)
    page = client.get(change_url(second))
    data = admin_form_data(page)
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-0-position": "1",
            "roles-0-kind": RoleKind.DISCUSSANT,
            "roles-0-name": "Tony Bovaird",
            "roles-0-email": "tony@example.org",
            "roles-0-affiliation": "University of Birmingham",
            "roles-0-panel": str(second.pk),
        }
    )

    response = client.post(change_url(second), data)

    assert response.status_code == 200
    assert "Tony Bovaird would be in" in response.text
    assert 'value="University of Birmingham"' in response.text
    assert not PanelRole.objects.filter(panel=second).exists()


def test_the_roles_list_refuses_the_same_clash(client, two_panels_at_once):
    first, second = two_panels_at_once
    sign_in_organiser(client, first.event)
    add = reverse("admin:panels_panelrole_add")
    page = client.get(add)

    response = client.post(
        add,
        admin_form_data(
            page,
            panel=str(second.pk),
            position="1",
            kind=RoleKind.DISCUSSANT,
            name="Tony Bovaird",
            email="tony@example.org",
        ),
    )

    assert response.status_code == 200
    assert "Tony Bovaird would be in" in response.text
    assert not PanelRole.objects.filter(panel=second).exists()


def test_a_role_added_on_the_panel_page_leaves_a_history_row(client, full_panel):
    user = sign_in_organiser(client, full_panel.event)
    page = client.get(change_url(full_panel))
    data = admin_form_data(page)
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-0-position": "1",
            "roles-0-kind": RoleKind.DISCUSSANT,
            "roles-0-name": "Dana Discussant",
            "roles-0-panel": str(full_panel.pk),
        }
    )

    response = client.post(change_url(full_panel), data)

    assert response.status_code == 302
    row = PanelStatusChange.objects.filter(panel=full_panel).latest("pk")
    assert row.by == user
    assert row.changes == {"role 1": ["", "Discussant: Dana Discussant"]}
    history = client.get(reverse("admin:panels_panel_history", args=[full_panel.pk]))
    assert "Discussant: Dana Discussant" in history.text


# Papers: the authors inline ----------------------------------------------------------


def test_a_new_presenter_who_would_be_in_two_places_at_once_is_refused(client, two_panels_at_once):
    first, second = two_panels_at_once
    paper = PaperFactory(panel=second, status=PaperStatus.ACCEPTED, position=1)
    AuthorshipFactory(paper=paper, name="Bo Author", email="bo@example.org", position=1)
    sign_in_organiser(client, first.event)
    page = client.get(change_url(paper))

    response = client.post(
        change_url(paper),
        admin_form_data(
            page,
            **{"authorships-0-name": "Tony Bovaird", "authorships-0-email": "tony@example.org"},
        ),
    )

    assert response.status_code == 200
    assert "Tony Bovaird would be in" in response.text
    assert list(paper.authorships.values_list("name", flat=True)) == ["Bo Author"]


def test_an_authors_list_without_a_presenter_is_refused_with_the_services_words(client):
    paper = PaperFactory(status=PaperStatus.SUBMITTED)
    AuthorshipFactory(paper=paper, position=1)
    sign_in_organiser(client, paper.event)
    page = client.get(change_url(paper))

    response = client.post(
        change_url(paper), admin_form_data(page, **{"authorships-0-is_presenter": None})
    )

    assert response.status_code == 200
    assert "Mark at least one author as presenting the paper." in response.text
    assert paper.authorships.get().is_presenter


# The order of a panel's papers -------------------------------------------------------


def test_a_panel_chair_orders_the_accepted_papers_and_the_history_says_so(client, full_panel):
    chair = UserFactory()
    PanelRoleFactory(panel=full_panel, user=chair, kind=RoleKind.CHAIR, position=1)
    client.force_login(chair)
    first, second = full_panel.papers.order_by("position")[:2]
    page = client.get(change_url(full_panel))
    forms = page.context["inline_admin_formsets"]
    papers_prefix = next(f.formset.prefix for f in forms if f.formset.model is Paper)
    changes = {}
    for index, form in enumerate(next(f for f in forms if f.formset.model is Paper).formset):
        if form.instance == first:
            changes[f"{papers_prefix}-{index}-position"] = "2"
        if form.instance == second:
            changes[f"{papers_prefix}-{index}-position"] = "1"

    response = client.post(change_url(full_panel), admin_form_data(page, **changes))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)
    row = PanelStatusChange.objects.filter(panel=full_panel).latest("pk")
    assert row.by == chair
    assert list(row.changes) == ["order of papers"]


def test_a_panel_chair_edits_the_public_text_of_a_published_panel(client, full_panel):
    chair = UserFactory()
    PanelRoleFactory(panel=full_panel, user=chair, kind=RoleKind.CHAIR, position=1)
    client.force_login(chair)
    page = client.get(change_url(full_panel))

    response = client.post(
        change_url(full_panel), admin_form_data(page, abstract="A clearer abstract.")
    )

    assert response.status_code == 302
    full_panel.refresh_from_db()
    assert full_panel.abstract == "A clearer abstract."


# Decisions: the deadline holds on the action and on the paper's own button -----------


def test_after_the_deadline_a_chair_can_decide_neither_by_action_nor_by_button(client):
    panel = PanelFactory()
    panel.event.decision_deadline = timezone.now() - dt.timedelta(minutes=1)
    panel.event.save()
    paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED)
    chair = UserFactory()
    PanelRoleFactory(panel=panel, user=chair, kind=RoleKind.CHAIR)
    client.force_login(chair)

    client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "accept_papers", "_selected_action": [paper.pk], "apply": "1", "message": "Hi"},
    )
    client.post(reverse("admin:papers_paper_decide", args=[paper.pk, "accept"]), {"message": "Hi"})

    paper.refresh_from_db()
    assert paper.status == PaperStatus.SUBMITTED
    assert not paper.history.exists()


# Decisions: a refusal keeps what the chair typed; a full panel is said beforehand ---


@pytest.fixture
def chair_of_full_panel(client, full_panel):
    chair = UserFactory()
    PanelRoleFactory(panel=full_panel, user=chair, kind=RoleKind.CHAIR, position=1)
    client.force_login(chair)
    return chair


def test_the_decision_step_says_the_panel_is_full_before_the_chair_types(
    client, full_panel, chair_of_full_panel
):
    waiting = PaperFactory(panel=full_panel, status=PaperStatus.SUBMITTED)

    response = client.get(reverse("admin:papers_paper_decide", args=[waiting.pk, "accept"]))

    assert "Panel P001 is full: it has 5 of 5 places filled." in response.text
    assert "Accepting there will be refused" in response.text


def test_a_refused_acceptance_keeps_the_typed_message_and_says_why_on_the_same_page(
    client, full_panel, chair_of_full_panel
):
    waiting = PaperFactory(panel=full_panel, status=PaperStatus.SUBMITTED)
    url = reverse("admin:papers_paper_decide", args=[waiting.pk, "accept"])

    response = client.post(url, {"message": "Dear Ada, a long message I wrote with care."})

    assert response.status_code == 200
    assert "Dear Ada, a long message I wrote with care." in response.text
    assert "Panel P001 is full" in response.text
    waiting.refresh_from_db()
    assert waiting.status == PaperStatus.SUBMITTED


def test_a_bulk_decision_returns_to_the_step_for_the_refused_papers_with_the_message(
    client, full_panel, chair_of_full_panel
):
    waiting = PaperFactory(panel=full_panel, status=PaperStatus.SUBMITTED, title="Waiting")

    response = client.post(
        reverse("admin:papers_paper_changelist"),
        {
            "action": "accept_papers",
            "_selected_action": [waiting.pk],
            "apply": "1",
            "message": "My careful words.",
        },
    )

    assert response.status_code == 200
    assert "My careful words." in response.text
    assert "Waiting: Panel P001 is full" in response.text
    assert f'name="_selected_action" value="{waiting.pk}"' in response.text


# The event's rules: the maximum per panel never below what a panel has accepted --


def test_the_events_maximum_per_panel_cannot_go_below_a_panels_accepted_papers(client, full_panel):
    sign_in_organiser(client, full_panel.event)
    url = change_url(full_panel.event)
    page = client.get(url)

    response = client.post(url, admin_form_data(page, max_papers_per_panel="4"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["max_papers_per_panel"] == [
        "Panel P001 has accepted 5 papers; the maximum cannot be lower."
    ]
    full_panel.event.refresh_from_db()
    assert full_panel.event.max_papers_per_panel == 5


def test_an_organiser_changes_other_rules_of_the_event_freely(client, full_panel):
    slot = TimeSlotFactory(event=full_panel.event)
    sign_in_organiser(client, full_panel.event)
    url = change_url(full_panel.event)
    page = client.get(url)

    response = client.post(url, admin_form_data(page, abstract_word_limit="250"))

    assert response.status_code == 302
    full_panel.event.refresh_from_db()
    assert full_panel.event.abstract_word_limit == 250
    assert TimeSlot.objects.get(pk=slot.pk).starts_at == slot.starts_at  # sent back as shown


def test_a_role_entered_with_a_confirmed_address_is_linked_to_that_account(client, full_panel):
    from allauth.account.models import EmailAddress

    person = UserFactory(email="dana@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    sign_in_organiser(client, full_panel.event)
    page = client.get(change_url(full_panel))
    data = admin_form_data(page)
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-0-position": "1",
            "roles-0-kind": RoleKind.CO_CHAIR,
            "roles-0-name": "Dana",
            "roles-0-email": "Dana@Example.org",
            "roles-0-panel": str(full_panel.pk),
        }
    )

    client.post(change_url(full_panel), data)

    assert PanelRole.objects.get(panel=full_panel).user == person


def test_a_role_added_without_a_position_comes_after_the_panels_other_people(client):
    panel = PanelFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, name="Chair", position=1)
    sign_in_organiser(client, panel.event)
    add = reverse("admin:panels_panelrole_add")
    page = client.get(add)

    client.post(
        add,
        admin_form_data(
            page, panel=str(panel.pk), position="0", kind=RoleKind.DISCUSSANT, name="Dana"
        ),
    )

    assert list(panel.roles.order_by("position").values_list("name", "position")) == [
        ("Chair", 1),
        ("Dana", 2),
    ]
