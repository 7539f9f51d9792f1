"""`manage.py load_demo`: the seed page's panel P070, a realistic conference
around it, the demo accounts, and a second run that changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from panels.enums import PanelStatus
from panels.models import Event, Panel
from papers.enums import PaperStatus
from papers.models import Paper

pytestmark = pytest.mark.django_db

# As published on the seed page (shared/seed/000_60d1be0e05226a6b.txt).
SEED_TITLE = "Co-Production and Citizen Participation in Public Services"
SEED_ABSTRACT_START = (
    "The purpose of this panel will be to further our understanding of one particular form "
    "of interactive governance, namely co-production."
)
SEED_ABSTRACT_END = "• unintended effects on stakeholders and service outcomes."
SEED_PAPERS = [
    "Influences on Collective Coproduction of Public Services: Which Citizens Most "
    "Participate in Complex Governance Mechanisms?",
    "Motivation, Trust and Control Beliefs Among Clients of Activation Programmes",
    "How do Government Initiatives Affect Citizen Coproduction?",
    "Co-Production and the Challenges of Marginalised Clients’ Inclusion",  # noqa: RUF001
    "Co-Production and the Sustainability of Third Sector Welfare Services",
]


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (about 2 s a load) inside a transaction
    that is rolled back at the end; each test runs in a savepoint within it, so
    what one test changes is undone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def test_p070_is_the_seed_pages_panel(demo):
    panel = Panel.objects.get(code="P070")

    assert panel.title == SEED_TITLE
    assert panel.status == PanelStatus.ACCEPTED
    assert panel.abstract.startswith(SEED_ABSTRACT_START)
    assert panel.abstract.endswith(SEED_ABSTRACT_END)
    assert [(r.name, r.affiliation) for r in panel.chairs()] == [
        ("Tony Bovaird", "University of Birmingham")
    ]
    assert list(panel.papers.order_by("position").values_list("title", "status")) == [
        (title, PaperStatus.ACCEPTED) for title in SEED_PAPERS
    ]


def test_the_p070_page_shows_what_the_seed_page_shows(demo, client):
    response = client.get("/general-conference-2026/panels/P070/")

    text = response.text
    assert response.status_code == 200
    assert "P070" in text
    assert f'<h1 class="h2">{SEED_TITLE}</h1>' in text
    assert "Tony Bovaird" in text
    assert "University of Birmingham" in text
    assert SEED_ABSTRACT_START in text
    positions = [text.index(title) for title in SEED_PAPERS]
    assert positions == sorted(positions)
    assert text.count("View Paper Details") == 5


def test_every_p070_paper_has_a_detail_page_with_authors_and_abstract(demo, client):
    for paper in Panel.objects.get(code="P070").papers.all():
        response = client.get(paper.get_absolute_url())
        assert response.status_code == 200
        assert paper.authorships.exists()
        assert paper.abstract.split("\n")[0][:60] in response.text


def test_the_demo_is_a_realistic_conference_with_every_status(demo):
    event = Event.objects.get()
    panels = dict(
        Panel.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    papers = dict(
        Paper.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )

    assert event.is_published
    assert event.sections.count() == 8
    assert sum(panels.values()) == 40
    assert 170 <= sum(papers.values()) <= 200
    assert set(panels) == set(PanelStatus.values)
    assert set(papers) == set(PaperStatus.values)
    assert Paper.objects.filter(panel__isnull=True).count() == 8  # one in each section's pool
    affiliations = set(
        apps.get_model("papers", "Authorship").objects.values_list("affiliation", flat=True)
    )
    assert len(affiliations) >= 25


def test_no_panel_of_the_demo_holds_more_accepted_papers_than_it_may(demo):
    for panel in Panel.objects.all():
        assert panel.papers.filter(status=PaperStatus.ACCEPTED).count() <= panel.capacity


def test_the_paper_call_is_open_on_the_day_the_demo_is_loaded(demo):
    event = Event.objects.get()
    now = timezone.now()

    assert event.paper_call_opens < now < event.paper_call_closes < event.decision_deadline
    assert event.panel_call_closes < now


def test_the_demo_accounts_sign_in_with_the_demo_password(demo):
    organiser = authenticate(username="organiser@example.org", password="demo")
    chair = authenticate(username="chair@example.org", password="demo")
    author = authenticate(username="author@example.org", password="demo")

    assert organiser.is_superuser
    assert Panel.objects.get(code="P070").roles.get(user=chair).kind == "chair"
    assert not chair.is_staff
    assert not author.is_staff
    assert "organiser@example.org" in demo
    assert "chair@example.org" in demo


def test_the_demo_author_has_proposals_in_several_states(demo):
    author = User.objects.get(email="author@example.org")

    statuses = set(Paper.objects.filter(authorships__user=author).values_list("status", flat=True))

    assert statuses == set(PaperStatus.values)


def test_other_demo_people_cannot_sign_in(demo):
    chairs = User.objects.exclude(email__in=["organiser@example.org", "chair@example.org"])

    assert chairs.count() > 40
    assert not any(
        user.has_usable_password() for user in chairs.exclude(email="author@example.org")
    )


def test_loading_the_demo_twice_changes_nothing(demo):
    models = [m for m in apps.get_models() if m._meta.app_label in {"accounts", "panels", "papers"}]
    before = {m: list(m.objects.order_by("pk").values()) for m in models}

    out = StringIO()
    call_command("load_demo", stdout=out)

    assert {m: list(m.objects.order_by("pk").values()) for m in models} == before
    assert "already loaded; nothing changed" in out.getvalue()


def test_the_demo_accounts_sign_in_on_the_site(demo, client):
    response = client.post("/accounts/login/", {"login": "author@example.org", "password": "demo"})

    assert response.status_code == 302
    assert response.url == "/my/proposals/"


def test_the_demo_author_can_upload_the_full_paper_of_their_accepted_paper(demo, client):
    from papers import rules

    author = User.objects.get(email="author@example.org")
    accepted = Paper.objects.get(authorships__user=author, status=PaperStatus.ACCEPTED)

    assert rules.may_upload(author, accepted)
    assert accepted.panel.code == "P070"


def test_the_demo_author_may_still_propose_a_paper(demo):
    from papers.services import proposal_counts

    event = Event.objects.get()
    counts = proposal_counts(event=event, user=User.objects.get(email="author@example.org"))

    assert counts["proposals"] < event.max_proposals_per_person
    assert counts["presenting"] < event.max_papers_presented_per_person


def test_the_demo_programme_places_every_accepted_panel_without_a_clash(demo):
    from programme.services import check_schedule

    accepted = Panel.objects.filter(status=PanelStatus.ACCEPTED)

    assert not accepted.filter(slot__isnull=True).exists()
    for panel in accepted:
        check_schedule(panel=panel, slot=panel.slot, room=panel.room)
