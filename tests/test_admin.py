"""The organisers' admin: every page opens, changelists cost the same whatever
the event's size, and actions go through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panels.enums import PanelStatus
from panels.models import Panel
from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories import (
    AuthorshipFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    ("accounts", "user"),
    ("accounts", "emaillog"),
    ("panels", "panelrole"),
    ("panels", "event"),
    ("panels", "section"),
    ("panels", "keyword"),
    ("panels", "panel"),
    ("papers", "paper"),
]


@pytest.fixture
def admin_client(client, organiser):
    client.force_login(organiser)
    return client


def grow_conference(section, size):
    """`size` panels with people, papers of every status and authors."""
    for _ in range(size):
        panel = PanelFactory(section=section)
        PanelRoleFactory.create_batch(2, panel=panel)
        panel.keywords.add(KeywordFactory(event=section.event))
        for status in PaperStatus.values:
            paper = PaperFactory(panel=panel, status=status)
            AuthorshipFactory.create_batch(2, paper=paper)
        section.chair = UserFactory()
        section.save()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_changelist_and_add_form_opens_for_an_organiser(admin_client, app, model):
    grow_conference(SectionFactory(), 2)

    changelist = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    add = admin_client.get(reverse(f"admin:{app}_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == (403 if model == "emaillog" else 200)  # the log is read-only


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_change_form_opens_for_an_organiser(admin_client, app, model):
    grow_conference(SectionFactory(), 1)
    from django.apps import apps

    from accounts.models import EmailLog

    EmailLog.objects.create(to="a@example.org", subject="Hello", template="t")
    obj = apps.get_model(app, model).objects.first()

    response = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_changelist_makes_the_same_queries_whatever_the_size(admin_client, app, model):
    section = SectionFactory()
    url = reverse(f"admin:{app}_{model}_changelist")
    grow_conference(section, 1)
    small = queries_for(admin_client, url)

    grow_conference(section, 6)
    SectionFactory.create_batch(3, event=section.event)
    large = queries_for(admin_client, url)

    assert small == large


def test_the_panel_changelist_counts_papers_by_status(admin_client):
    panel = PanelFactory(code="P070")
    PaperFactory.create_batch(3, panel=panel)
    PaperFactory.create_batch(2, panel=panel, status=PaperStatus.SUBMITTED)
    PaperFactory(panel=panel, status=PaperStatus.REJECTED)

    response = admin_client.get(reverse("admin:panels_panel_changelist"))

    row = response.context["cl"].result_list[0]
    assert (row.n_submitted, row.n_accepted, row.n_reserve, row.n_rejected) == (2, 3, 0, 1)


def test_the_panel_changelist_finds_panels_by_chair_name(admin_client):
    panel = PanelFactory(code="P070")
    PanelRoleFactory(panel=panel, name="Tony Bovaird")
    PanelFactory(code="P071")

    response = admin_client.get(reverse("admin:panels_panel_changelist"), {"q": "bovaird"})

    assert list(response.context["cl"].result_list) == [panel]


@pytest.mark.parametrize("typed", ["wisniewski", "WIŚNIEWSKI", "Wiśniewski"])
def test_the_admins_search_forgives_accents_and_case_as_the_sites_does(admin_client, typed):
    panel = PanelFactory(code="P070", title="Łódź after the Transition")
    PanelRoleFactory(panel=panel, name="Piotr Wiśniewski", affiliation="Uniwersytet Łódzki")
    paper = PaperFactory(panel=panel, title="Straße und Staat")
    AuthorshipFactory(paper=paper, name="Anna Wiśniewski")
    PanelFactory(code="P071", title="Elsewhere")

    panels = admin_client.get(reverse("admin:panels_panel_changelist"), {"q": typed})
    roles = admin_client.get(reverse("admin:panels_panelrole_changelist"), {"q": typed})
    papers = admin_client.get(reverse("admin:papers_paper_changelist"), {"q": typed})

    assert list(panels.context["cl"].result_list) == [panel]
    assert [r.name for r in roles.context["cl"].result_list] == ["Piotr Wiśniewski"]
    assert list(papers.context["cl"].result_list) == [paper]


def test_the_admins_search_finds_titles_and_affiliations_typed_plainly(admin_client):
    panel = PanelFactory(code="P070", title="Łódź after the Transition")
    PanelRoleFactory(panel=panel, name="Piotr Nowak", affiliation="Uniwersytet Łódzki")
    paper = PaperFactory(panel=panel, title="Straße und Staat")

    by_title = admin_client.get(reverse("admin:panels_panel_changelist"), {"q": "lodz"})
    by_paper = admin_client.get(reverse("admin:papers_paper_changelist"), {"q": "strasse"})
    by_place = admin_client.get(reverse("admin:panels_panelrole_changelist"), {"q": "lodzki"})

    assert list(by_title.context["cl"].result_list) == [panel]
    assert list(by_paper.context["cl"].result_list) == [paper]
    assert [r.name for r in by_place.context["cl"].result_list] == ["Piotr Nowak"]


def test_the_accept_action_accepts_through_the_service(admin_client, organiser):
    paper = PaperFactory(status=PaperStatus.SUBMITTED)

    response = admin_client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "accept_papers", "_selected_action": [paper.pk], "apply": "1", "message": "Yes"},
        follow=True,
    )

    paper.refresh_from_db()
    assert (paper.status, paper.decided_by) == (PaperStatus.ACCEPTED, organiser)
    assert "1 paper accepted." in response.text


def test_the_accept_action_reports_a_full_panel_and_changes_nothing(admin_client):
    panel = PanelFactory(code="P070")
    PaperFactory.create_batch(5, panel=panel)
    waiting = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, title="One Too Many")

    response = admin_client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "accept_papers", "_selected_action": [waiting.pk], "apply": "1"},
        follow=True,
    )

    assert Paper.objects.get(pk=waiting.pk).status == PaperStatus.SUBMITTED
    assert "One Too Many: Panel P070 is full: it has 5 of 5 places filled." in response.text


def test_the_reject_action_rejects_each_selected_paper(admin_client):
    papers = PaperFactory.create_batch(2, status=PaperStatus.SUBMITTED)

    admin_client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "reject_papers", "_selected_action": [p.pk for p in papers], "apply": "1"},
    )

    assert set(Paper.objects.values_list("status", flat=True)) == {PaperStatus.REJECTED}


def test_the_panel_actions_accept_and_reject_through_the_service(admin_client):
    proposed = PanelFactory(status=PanelStatus.PROPOSED)
    other = PanelFactory(status=PanelStatus.PROPOSED)
    url = reverse("admin:panels_panel_changelist")

    admin_client.post(
        url, {"action": "accept_panels", "_selected_action": [proposed.pk], "apply": "1"}
    )
    admin_client.post(
        url, {"action": "reject_panels", "_selected_action": [other.pk], "apply": "1"}
    )

    assert Panel.objects.get(pk=proposed.pk).status == PanelStatus.ACCEPTED
    assert Panel.objects.get(pk=other.pk).status == PanelStatus.REJECTED


def test_a_panel_added_in_the_admin_without_a_code_gets_the_next_one(admin_client):
    section = SectionFactory()
    PanelFactory(section=section, code="P070")

    response = admin_client.post(
        reverse("admin:panels_panel_add"),
        {
            "event": section.event.pk,
            "section": section.pk,
            "code": "",
            "title": "New panel",
            "abstract": "",
            "format": "in_person",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Panel.objects.get(title="New panel").code == "P071"


def test_the_status_cannot_be_edited_by_hand_in_the_admin(admin_client):
    panel = PanelFactory(status=PanelStatus.PROPOSED)
    paper = PaperFactory(status=PaperStatus.SUBMITTED)

    panel_form = admin_client.get(reverse("admin:panels_panel_change", args=[panel.pk]))
    paper_form = admin_client.get(reverse("admin:papers_paper_change", args=[paper.pk]))

    assert "status" not in panel_form.context["adminform"].form.fields
    assert "status" not in paper_form.context["adminform"].form.fields


def test_a_person_who_is_not_staff_cannot_open_the_admin(client):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:papers_paper_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(("app", "model"), [("papers", "paper"), ("panels", "panel")])
def test_a_chairs_changelists_make_the_same_queries_whatever_the_size(client, app, model):
    section = SectionFactory()
    chair = UserFactory()
    url = reverse(f"admin:{app}_{model}_changelist")

    def chair_more(size):
        grow_conference(section, size)
        for panel in section.panels.all():
            PanelRoleFactory(panel=panel, kind="chair", user=chair)

    chair_more(1)
    client.force_login(chair)
    small = queries_for(client, url)
    chair_more(5)
    large = queries_for(client, url)

    assert small == large


def test_autocomplete_offers_only_a_section_chairs_own_sections(client):
    chair = UserFactory()
    own = SectionFactory(chair=chair, title="Own Section")
    SectionFactory(event=own.event, title="Other Section")
    client.force_login(chair)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "panels", "model_name": "panel", "field_name": "section", "term": "section"},
    )

    assert [r["text"] for r in response.json()["results"]] == [str(own)]


@pytest.mark.parametrize(("app", "model"), [("papers", "paper"), ("panels", "panel")])
def test_a_panel_chairs_filters_name_no_other_event_or_section(client, app, model):
    from tests.factories import EventFactory

    secret = SectionFactory(
        event=EventFactory(name="Secret Unpublished Congress", is_published=False),
        title="Hidden Section",
    )
    PaperFactory(panel=PanelFactory(section=secret))
    panel = PanelFactory(title="Chaired Panel")
    PaperFactory(panel=panel)
    chair = UserFactory()
    PanelRoleFactory(panel=panel, kind="chair", user=chair)
    client.force_login(chair)

    response = client.get(reverse(f"admin:{app}_{model}_changelist"))

    assert response.status_code == 200
    assert "Chaired Panel" in response.text
    assert "Secret Unpublished Congress" not in response.text
    assert "Hidden Section" not in response.text


def test_papers_move_only_to_panels_of_the_section_a_chair_places_for(client):
    chair = UserFactory()
    section = SectionFactory(chair=chair)
    pool_paper = PaperFactory(panel=None, section=section, event=section.event, status="submitted")
    own = PanelFactory(section=section, title="Own Section Panel")
    elsewhere = PanelFactory(event=section.event, title="Chaired Elsewhere")
    PanelRoleFactory(panel=elsewhere, kind="chair", user=chair)
    client.force_login(chair)

    response = client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "move_papers", "_selected_action": [pool_paper.pk]},
    )

    choices = list(response.context["form"].fields["panel"].queryset)
    assert choices == [own]
