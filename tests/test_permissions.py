"""The permission matrix: every role by every action by its own object and someone
else's. Each cell is asserted, the allowed ones and the refused ones."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from panels.enums import PanelStatus, RoleKind
from papers.enums import PaperStatus
from tests.factories import (
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "author",
    "discussant",
    "chair_a",
    "section_chair_x",
    "organiser_e",
    "organiser_f",
    "superuser",
]


@pytest.fixture
def world():
    """Event E: section X holds panels A and B, section Y holds panel C. Event F apart."""
    e, f = EventFactory(name="Event E"), EventFactory(name="Event F")
    x, y = SectionFactory(event=e, code="SX"), SectionFactory(event=e, code="SY")
    a = PanelFactory(section=x, code="PA", title="Panel A")
    b = PanelFactory(section=x, code="PB", title="Panel B")
    c = PanelFactory(section=y, code="PC", title="Panel C")
    g = PanelFactory(section=SectionFactory(event=f), code="PG", title="Panel G")
    users = {role: UserFactory(email=f"{role}@example.org") for role in ROLES[1:]}
    users["superuser"].is_superuser = True
    users["superuser"].save()
    PanelRoleFactory(panel=a, kind=RoleKind.CHAIR, user=users["chair_a"])
    PanelRoleFactory(panel=a, kind=RoleKind.DISCUSSANT, user=users["discussant"])
    x.chair = users["section_chair_x"]
    x.save()
    e.organisers.add(users["organiser_e"])
    f.organisers.add(users["organiser_f"])
    author = users["author"]
    papers = {
        "pa": PaperFactory(
            panel=a, status=PaperStatus.SUBMITTED, submitted_by=author, title="Paper in A"
        ),
        "pb": PaperFactory(panel=b, status=PaperStatus.SUBMITTED, title="Paper in B"),
        "pc": PaperFactory(panel=c, status=PaperStatus.SUBMITTED, title="Paper in C"),
        "pg": PaperFactory(panel=g, status=PaperStatus.SUBMITTED, title="Paper in G"),
    }
    users["anonymous"] = AnonymousUser()
    return {
        "users": users,
        "panels": {"a": a, "b": b, "c": c, "g": g},
        "papers": papers,
        "events": {"e": e, "f": f},
    }


# Who may do what to which paper: A is chair_a's panel, B is a sibling panel in the
# same section X, C is in another section of E, G in another event.
Y, N = True, False
PAPER_MATRIX = {
    # view (pa, pb, pc, pg), decide (pa, pb, pc, pg), move (pa, pb, pc, pg), change (pa, pg)
    "anonymous":       ((N, N, N, N), (N, N, N, N), (N, N, N, N), (N, N)),
    "author":          ((N, N, N, N), (N, N, N, N), (N, N, N, N), (N, N)),
    "discussant":      ((N, N, N, N), (N, N, N, N), (N, N, N, N), (N, N)),
    "chair_a":         ((Y, N, N, N), (Y, N, N, N), (N, N, N, N), (N, N)),
    "section_chair_x": ((Y, Y, N, N), (N, N, N, N), (Y, Y, N, N), (N, N)),
    "organiser_e":     ((Y, Y, Y, N), (Y, Y, Y, N), (Y, Y, Y, N), (Y, N)),
    "organiser_f":     ((N, N, N, Y), (N, N, N, Y), (N, N, N, Y), (N, Y)),
    "superuser":       ((Y, Y, Y, Y), (Y, Y, Y, Y), (Y, Y, Y, Y), (Y, Y)),
}  # fmt: skip
PAPERS = ["pa", "pb", "pc", "pg"]


def paper_cells():
    for role, (view, decide, move, change) in PAPER_MATRIX.items():
        for perm, row in (("view_paper", view), ("decide_paper", decide), ("move_paper", move)):
            for paper, allowed in zip(PAPERS, row, strict=True):
                yield role, perm, paper, allowed
        for paper, allowed in zip(["pa", "pg"], change, strict=True):
            yield role, "change_paper", paper, allowed


@pytest.mark.parametrize(("role", "perm", "paper", "allowed"), list(paper_cells()))
def test_paper_permission_matrix(world, role, perm, paper, allowed):
    user = world["users"][role]

    assert user.has_perm(f"papers.{perm}", world["papers"][paper]) is allowed


PANEL_MATRIX = {
    #                 view (a, b, c, g)  change (a, c)  decide on the panel (a, c, g)
    "anonymous":       ((N, N, N, N), (N, N), (N, N, N)),
    "author":          ((N, N, N, N), (N, N), (N, N, N)),
    "discussant":      ((N, N, N, N), (N, N), (N, N, N)),
    "chair_a":         ((Y, N, N, N), (Y, N), (N, N, N)),
    "section_chair_x": ((Y, Y, N, N), (Y, N), (Y, N, N)),
    "organiser_e":     ((Y, Y, Y, N), (Y, Y), (Y, Y, N)),
    "organiser_f":     ((N, N, N, Y), (N, N), (N, N, Y)),
    "superuser":       ((Y, Y, Y, Y), (Y, Y), (Y, Y, Y)),
}  # fmt: skip


def panel_cells():
    for role, (view, change, decide) in PANEL_MATRIX.items():
        for panel, allowed in zip("abcg", view, strict=True):
            yield role, "view_panel", panel, allowed
        for panel, allowed in zip("ac", change, strict=True):
            yield role, "change_panel", panel, allowed
        for panel, allowed in zip("acg", decide, strict=True):
            yield role, "decide_panel", panel, allowed


@pytest.mark.parametrize(("role", "perm", "panel", "allowed"), list(panel_cells()))
def test_panel_permission_matrix(world, role, perm, panel, allowed):
    """The event is published: a panel chair still edits the panel's public text."""
    user = world["users"][role]

    assert user.has_perm(f"panels.{perm}", world["panels"][panel]) is allowed


def test_a_panel_chair_edits_the_text_of_their_own_panel_only(world):
    chair = world["users"]["chair_a"]

    assert chair.has_perm("panels.change_panel", world["panels"]["a"])
    assert not chair.has_perm("panels.change_panel", world["panels"]["b"])


EVENT_MATRIX = {
    # change E, change F, export, email log, admin at all
    "anonymous":       (N, N, N, N, N),
    "author":          (N, N, N, N, N),
    "discussant":      (N, N, N, N, N),
    "chair_a":         (N, N, N, Y, Y),  # the log of their own panels' messages
    "section_chair_x": (N, N, N, Y, Y),
    "organiser_e":     (Y, N, Y, Y, Y),
    "organiser_f":     (N, Y, Y, Y, Y),
    "superuser":       (Y, Y, Y, Y, Y),
}  # fmt: skip


@pytest.mark.parametrize(("role", "cells"), EVENT_MATRIX.items())
def test_event_export_log_and_admin_permission_matrix(world, role, cells):
    user = world["users"][role]
    e, f = world["events"]["e"], world["events"]["f"]

    assert (
        user.has_perm("panels.change_event", e),
        user.has_perm("panels.change_event", f),
        user.has_perm("papers.export_paper"),
        user.has_perm("accounts.view_emaillog"),
        user.has_perm("papers"),
    ) == cells


EVENT_COPY_MATRIX = {
    # copy E to a new event, copy F, make an event from nothing
    "anonymous":       (N, N, N),
    "author":          (N, N, N),
    "discussant":      (N, N, N),
    "chair_a":         (N, N, N),
    "section_chair_x": (N, N, N),
    "organiser_e":     (Y, N, N),
    "organiser_f":     (N, Y, N),
    "superuser":       (Y, Y, Y),
}  # fmt: skip


@pytest.mark.parametrize(("role", "cells"), EVENT_COPY_MATRIX.items())
def test_organisers_copy_their_own_events_and_only_superusers_start_from_nothing(
    world, role, cells
):
    user = world["users"][role]
    e, f = world["events"]["e"], world["events"]["f"]

    assert (
        user.has_perm("panels.copy_event", e),
        user.has_perm("panels.copy_event", f),
        user.has_perm("panels.add_event"),
    ) == cells


# Whose account each role may look up (accounts.view_user): the people tied to its
# events and sections. The author submitted paper A (section X of E); chair_a holds a
# role in A; organiser_f organises F; "untied" has an account and nothing else.
PEOPLE_MATRIX = {
    #                 (author, chair_a, organiser_f, untied), the people list at all
    "anonymous":       ((N, N, N, N), N),
    "author":          ((N, N, N, N), N),
    "discussant":      ((N, N, N, N), N),
    "chair_a":         ((N, N, N, N), N),
    "section_chair_x": ((Y, Y, N, N), Y),
    "organiser_e":     ((Y, Y, N, N), Y),
    "organiser_f":     ((N, N, Y, N), Y),
    "superuser":       ((Y, Y, Y, Y), Y),
}  # fmt: skip


@pytest.mark.parametrize(("role", "cells"), PEOPLE_MATRIX.items())
def test_people_permission_matrix(world, role, cells):
    user, users = world["users"][role], world["users"]
    people = [users["author"], users["chair_a"], users["organiser_f"], UserFactory()]

    assert (
        tuple(user.has_perm("accounts.view_user", person) for person in people),
        user.has_perm("accounts.view_user"),
    ) == cells


def test_where_section_chairs_decide_the_panel_chair_only_reads(world):
    event = world["events"]["e"]
    event.papers_decided_by = "section_chairs"
    event.save()
    chair, section_chair = world["users"]["chair_a"], world["users"]["section_chair_x"]
    paper = world["papers"]["pa"]
    paper.refresh_from_db()

    assert chair.has_perm("papers.view_paper", paper)
    assert not chair.has_perm("papers.decide_paper", paper)
    assert section_chair.has_perm("papers.decide_paper", paper)


def test_the_chair_of_a_panel_not_yet_accepted_has_no_rights_over_it(world):
    panel = world["panels"]["a"]
    panel.status = PanelStatus.PROPOSED
    panel.save()

    assert not world["users"]["chair_a"].has_perm("papers.view_paper", world["papers"]["pa"])
    assert not world["users"]["chair_a"].has_perm("papers")


# The same rules through the admin's URLs ---------------------------------------------------

ADMIN_VISIBLE_PAPERS = {
    "chair_a": ["Paper in A"],
    "section_chair_x": ["Paper in A", "Paper in B"],
    "organiser_e": ["Paper in A", "Paper in B", "Paper in C"],
    "organiser_f": ["Paper in G"],
    "superuser": ["Paper in A", "Paper in B", "Paper in C", "Paper in G"],
}


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_lists_exactly_the_papers_each_role_may_see(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])

    response = client.get(reverse("admin:papers_paper_changelist"))

    if role in ADMIN_VISIBLE_PAPERS:
        titles = sorted(p.title for p in response.context["cl"].result_list)
        assert titles == ADMIN_VISIBLE_PAPERS[role]
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ROLES)
def test_someone_elses_paper_page_in_the_admin_shows_nothing_of_it(client, world, role):
    """Paper C (section Y): only organiser E and the superuser may open it."""
    if role != "anonymous":
        client.force_login(world["users"][role])
    paper = world["papers"]["pc"]

    response = client.get(reverse("admin:papers_paper_change", args=[paper.pk]), follow=True)

    if role in {"organiser_e", "superuser"}:
        assert response.context["original"] == paper
    else:
        assert "Paper in C" not in response.text


# No admin: the login page. Cannot see paper B: 404. Sees it but does not decide: 403.
DECIDE_ON_PAPER_B = {
    "anonymous": 302,
    "author": 302,
    "discussant": 302,
    "chair_a": 404,
    "section_chair_x": 403,
    "organiser_e": 302,
    "organiser_f": 404,
    "superuser": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_posting_a_decision_on_someone_elses_paper_is_refused_and_changes_nothing(
    client, world, role
):
    if role != "anonymous":
        client.force_login(world["users"][role])
    paper = world["papers"]["pb"]  # panel B: decided by its chairs, organiser E, superuser
    url = reverse("admin:papers_paper_decide", args=[paper.pk, "accept"])

    response = client.post(url, {"message": "sneaky"})

    paper.refresh_from_db()
    assert response.status_code == DECIDE_ON_PAPER_B[role]
    if role in {"organiser_e", "superuser"}:
        assert paper.status == PaperStatus.ACCEPTED
    else:
        assert paper.status == PaperStatus.SUBMITTED
        if response.status_code == 302:
            assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_index_opens_for_roles_and_closes_for_everyone_else(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])

    response = client.get(reverse("admin:index"))

    expected = 200 if role in ADMIN_VISIBLE_PAPERS else 302
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("chair_a", False), ("section_chair_x", False), ("organiser_e", True), ("superuser", True)],
)
def test_only_organisers_export(client, world, role, allowed):
    client.force_login(world["users"][role])
    paper = world["papers"]["pa"]

    response = client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "export_csv", "_selected_action": [paper.pk]},
    )

    assert (response.get("Content-Type", "").startswith("text/csv")) is allowed


def test_taking_the_role_away_takes_the_admin_away(client, world):
    chair = world["users"]["chair_a"]
    client.force_login(chair)
    assert client.get(reverse("admin:index")).status_code == 200

    world["panels"]["a"].roles.filter(user=chair).delete()

    assert client.get(reverse("admin:index")).status_code == 302


def test_a_person_with_a_role_signs_in_to_the_admin_without_a_staff_flag(client, world):
    chair = world["users"]["chair_a"]
    assert not chair.is_staff

    response = client.post(
        reverse("admin:login"),
        {"username": chair.email, "password": "secret-password", "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_an_author_cannot_sign_in_to_the_admin(client, world):
    response = client.post(
        reverse("admin:login"),
        {"username": "author@example.org", "password": "secret-password", "next": "/admin/"},
    )

    assert response.status_code == 200
    assert "chairs a panel or a section" in response.text
