"""Chairs and organisers at work in the admin: deciding with a message, the
history of every change, moving and grouping papers, exports, the email log."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailLog
from panels.enums import PanelStatus, RoleKind
from panels.models import Panel
from papers import services
from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories import (
    AuthorshipFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(panel):
    user = UserFactory(email="chair@example.org")
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=user, email=user.email)
    return user


@pytest.fixture
def waiting(panel):
    paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, title="Waiting Paper")
    AuthorshipFactory(paper=paper, email="first@example.org", name="First Author")
    AuthorshipFactory(paper=paper, email="second@example.org", name="Second Author")
    AuthorshipFactory(paper=paper, email="", name="No Email")
    return paper


def test_the_chair_sees_the_authors_content_read_only_and_the_decisions(client, chair, waiting):
    client.force_login(chair)

    response = client.get(reverse("admin:papers_paper_change", args=[waiting.pk]))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert reverse("admin:papers_paper_decide", args=[waiting.pk, "accept"]) in response.text
    assert reverse("admin:papers_paper_decide", args=[waiting.pk, "reject"]) in response.text
    assert "First Author" in response.text


def test_deciding_from_the_papers_page_offers_a_default_message_then_emails_every_author(
    client, chair, waiting, django_capture_on_commit_callbacks
):
    client.force_login(chair)
    url = reverse("admin:papers_paper_decide", args=[waiting.pk, "accept"])

    page = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Welcome to the panel!"})

    assert "We are pleased to accept your paper" in page.text
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by, waiting.decision_message) == (
        PaperStatus.ACCEPTED,
        chair,
        "Welcome to the panel!",
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "second@example.org"]
    assert all("Welcome to the panel!" in m.body for m in mail.outbox)
    assert all(m.subject.startswith("[Colloquy] Accepted:") for m in mail.outbox)


def test_the_bulk_action_asks_for_one_message_then_decides_each_paper(
    client, chair, panel, django_capture_on_commit_callbacks
):
    papers = PaperFactory.create_batch(2, panel=panel, status=PaperStatus.SUBMITTED)
    client.force_login(chair)
    url = reverse("admin:papers_paper_changelist")
    selected = {"action": "reject_papers", "_selected_action": [p.pk for p in papers]}

    step = client.post(url, selected)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**selected, "apply": "1", "message": "Sorry."})

    assert "Thank you for your proposal" in step.text
    assert set(Paper.objects.values_list("status", "decision_message")) == {
        (PaperStatus.REJECTED, "Sorry.")
    }


def test_every_status_change_is_recorded_and_shown_on_the_papers_admin_page(
    client, chair, waiting, organiser
):
    services.paper_reserve(paper=waiting, by=chair, message="Full for now")
    services.paper_accept(paper=waiting, by=chair, message="A place is free")
    client.force_login(chair)

    history = list(waiting.history.values_list("from_status", "to_status", "by", "message"))
    page = client.get(reverse("admin:papers_paper_change", args=[waiting.pk]))

    assert history == [
        ("submitted", "reserve", chair.pk, "Full for now"),
        ("reserve", "accepted", chair.pk, "A place is free"),
    ]
    assert "A place is free" in page.text
    assert Paper.objects.filter(pk=waiting.pk).exists()


def test_decisions_are_refused_from_the_deadline_second_on(panel, chair, waiting):
    deadline = timezone.now() + timedelta(hours=1)
    panel.event.decision_deadline = deadline
    panel.event.save()

    services.paper_reserve(paper=waiting, by=chair, now=deadline - timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        services.paper_accept(paper=waiting, by=chair, now=deadline)

    assert error.value.code == "deadline_passed"
    assert Paper.objects.get(pk=waiting.pk).status == PaperStatus.RESERVE


def test_an_organiser_moves_a_rejected_paper_to_another_panel_keeping_its_history(
    organiser, panel, waiting, django_capture_on_commit_callbacks
):
    services.paper_reject(paper=waiting, by=organiser, message="Not here")
    other = PanelFactory(section=panel.section, code="P099")
    PanelRoleFactory(panel=other, kind=RoleKind.CHAIR, email="other.chair@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_move(paper=waiting, to_panel=other, by=organiser, message="Try here")

    waiting.refresh_from_db()
    assert (waiting.panel, waiting.status) == (other, PaperStatus.SUBMITTED)
    last = waiting.history.last()
    assert (last.from_panel, last.to_panel, last.from_status) == (panel, other, "rejected")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["first@example.org", "other.chair@example.org", "second@example.org"]


def test_a_section_chair_places_a_pool_paper_in_a_panel_of_their_section_only(panel):
    section_chair = UserFactory()
    panel.section.chair = section_chair
    panel.section.save()
    pooled = PaperFactory(panel=None, section=panel.section, status=PaperStatus.SUBMITTED)
    elsewhere = PanelFactory(section=SectionFactory(event=panel.event))

    with pytest.raises(PermissionDenied):
        services.paper_move(paper=pooled, to_panel=elsewhere, by=section_chair)
    services.paper_move(paper=pooled, to_panel=panel, by=section_chair)

    assert Paper.objects.get(pk=pooled.pk).panel == panel


def test_the_move_action_moves_through_the_service(client, organiser, panel, waiting):
    other = PanelFactory(section=panel.section, code="P098")
    client.force_login(organiser)
    url = reverse("admin:papers_paper_changelist")
    selected = {"action": "move_papers", "_selected_action": [waiting.pk]}

    step = client.post(url, selected)
    done = client.post(url, {**selected, "apply": "1", "panel": other.pk}, follow=True)

    assert "Move papers to a panel" in step.text
    assert Paper.objects.get(pk=waiting.pk).panel == other
    assert "1 paper moved to P098." in done.text


def test_a_section_chair_groups_pool_papers_into_a_new_panel(client, panel):
    section_chair = UserFactory()
    panel.section.chair = section_chair
    panel.section.save()
    pooled = PaperFactory.create_batch(
        2, panel=None, section=panel.section, status=PaperStatus.SUBMITTED
    )
    client.force_login(section_chair)

    response = client.post(
        reverse("admin:papers_paper_changelist"),
        {
            "action": "group_into_panel",
            "_selected_action": [p.pk for p in pooled],
            "apply": "1",
            "title": "Fresh Perspectives",
        },
    )

    new = Panel.objects.get(title="Fresh Perspectives")
    assert response.status_code == 302
    assert (new.status, new.section) == (PanelStatus.ACCEPTED, panel.section)
    assert set(new.papers.all()) == set(pooled)


def test_giving_a_role_the_events_rules_forbid_is_refused_naming_the_rule(client, organiser, panel):
    person = UserFactory(name="Busy Chair")
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=person, name="Busy Chair")
    second = PanelFactory(section=panel.section)
    client.force_login(organiser)

    response = client.post(
        reverse("admin:panels_panelrole_add"),
        {
            "panel": second.pk,
            "position": 1,
            "kind": "chair",
            "user": person.pk,
            "name": "Busy Chair",
            "email": "",
            "affiliation": "",
        },
    )

    assert response.status_code == 200
    assert "a person may chair one panel only" in response.text
    assert f"Busy Chair is already chair of panel {panel.code}" in response.text
    assert not second.roles.exists()


def test_a_co_chair_role_is_free_where_the_rules_allow_it(client, organiser, panel):
    person = UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=person)
    second = PanelFactory(section=panel.section)
    client.force_login(organiser)

    response = client.post(
        reverse("admin:panels_panelrole_add"),
        {
            "panel": second.pk,
            "position": 1,
            "kind": "co_chair",
            "user": person.pk,
            "name": "Co",
            "email": "",
            "affiliation": "",
        },
    )

    assert response.status_code == 302
    assert second.roles.get().user == person


def test_the_chairs_admin_index_shows_places_filled_and_days_left(client, chair, panel):
    PaperFactory.create_batch(3, panel=panel)
    PaperFactory(panel=panel, status=PaperStatus.SUBMITTED)
    panel.event.decision_deadline = timezone.now() + timedelta(days=10, hours=1)
    panel.event.save()
    client.force_login(chair)

    response = client.get(reverse("admin:index"))

    assert "3 of 5 places filled" in response.text
    assert "needs at least 4" in response.text
    assert "1 waiting, 0 on reserve, 0 rejected" in response.text
    assert "10 days left" in response.text


def test_a_section_chair_sees_panels_a_withdrawal_left_short_with_reserve_papers(client, panel):
    section_chair = UserFactory()
    panel.section.chair = section_chair
    panel.section.save()
    PaperFactory.create_batch(3, panel=panel)
    reserve = PaperFactory(panel=panel, status=PaperStatus.RESERVE, title="Ready Reserve")
    client.force_login(section_chair)

    response = client.get(reverse("admin:index"))

    assert "3 accepted, at least 4 needed" in response.text
    assert "Ready Reserve" in response.text
    assert reverse("admin:papers_paper_change", args=[reserve.pk]) in response.text


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_papers_export_as_csv_with_authors_and_no_formula_runs(client, organiser, panel):
    paper = PaperFactory(panel=panel, title="=HYPERLINK(1)")
    AuthorshipFactory(paper=paper, name="Ana, Comma", affiliation='Univ "Quoted"')
    client.force_login(organiser)

    response = client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "export_csv", "_selected_action": [paper.pk]},
    )

    header, row = read_csv(response)
    row = dict(zip(header, row, strict=True))
    assert header[:4] == ["id", "section", "panel", "title"]
    assert row["title"] == "'=HYPERLINK(1)"
    assert row["authors"].startswith("Ana, Comma | author")
    assert row["authors"].endswith(' | Univ "Quoted" | presenter')


def test_panels_and_people_export_as_csv(client, organiser, panel):
    client.force_login(organiser)

    panels = client.post(
        reverse("admin:panels_panel_changelist"),
        {"action": "export_csv", "_selected_action": [panel.pk]},
    )
    people = client.post(
        reverse("admin:panels_panelrole_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(panel.roles.values_list("pk", flat=True)),
        },
    )

    header, row = read_csv(panels)
    assert dict(zip(header, row, strict=True))["chairs"] == (
        "Tony Bovaird |  | University of Birmingham"
    )
    assert sorted(row[3] for row in read_csv(people)[1:]) == ["chair", "discussant"]


def test_every_email_is_logged_with_its_fate(chair, waiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=waiting, by=chair)

    logs = EmailLog.objects.order_by("to")
    assert [(log.to, log.status, log.event_id) for log in logs] == [
        ("first@example.org", "sent", waiting.event_id),
        ("second@example.org", "sent", waiting.event_id),
    ]
    assert all(log.sent_at for log in logs)


def test_an_email_the_server_refuses_is_logged_as_failed(
    chair, waiting, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=waiting, by=chair)

    assert Paper.objects.get(pk=waiting.pk).status == PaperStatus.ACCEPTED
    assert set(EmailLog.objects.values_list("status", flat=True)) == {"failed"}
    assert EmailLog.objects.first().error


def test_organisers_read_the_email_log_of_their_own_events_only(client, organiser, waiting):
    from tests.factories import EventFactory

    own = waiting.event
    EmailLog.objects.create(to="mine@example.org", subject="Mine", template="t", event=own)
    EmailLog.objects.create(
        to="theirs@example.org", subject="Theirs", template="t", event=EventFactory()
    )
    event_organiser = UserFactory()
    own.organisers.add(event_organiser)
    client.force_login(event_organiser)

    response = client.get(reverse("admin:accounts_emaillog_changelist"))

    assert [log.to for log in response.context["cl"].result_list] == ["mine@example.org"]
