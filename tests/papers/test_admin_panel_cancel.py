"""The admin's ways to cancel a panel — reject, withdraw, merge — loaded and submitted
as an organiser's browser would, all through papers.services.panel_cancel; the
panels below their minimum, listed and flagged."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from panels.enums import PanelStatus
from panels.models import Panel
from papers.enums import PaperStatus
from papers.models import Paper, PaperStatusChange
from tests.admin_forms import admin_form_data, change_url, choices, sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:panels_panel_changelist")


@pytest.fixture
def event():
    return EventFactory(
        min_papers_per_panel=3,
        max_papers_per_panel=5,
        decision_deadline=timezone.now() - dt.timedelta(days=1),
    )


@pytest.fixture
def section(event):
    return SectionFactory(event=event)


def with_papers(panel, *statuses):
    papers = []
    for position, status in enumerate(statuses, 1):
        paper = PaperFactory(
            panel=panel, status=status, position=position if status == "accepted" else 0
        )
        AuthorshipFactory(paper=paper)
        papers.append(paper)
    return papers


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def step(client, action, *panels):
    """The action's page, as the list sends it when the action is chosen."""
    return client.post(CHANGELIST, {"action": action, "_selected_action": [p.pk for p in panels]})


# Reject and withdraw --------------------------------------------------------------------


def test_rejecting_an_accepted_panel_in_the_admin_sends_its_papers_to_the_pool(
    client, section, django_capture_on_commit_callbacks
):
    panel = PanelFactory(section=section, code="P070")
    papers = with_papers(panel, PaperStatus.ACCEPTED, PaperStatus.RESERVE)
    sign_in_organiser(client, section.event)

    page = step(client, "reject_panels", panel)
    assert page.status_code == 200
    assert "P070 holds 2 papers in play (1 accepted)." in page.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            CHANGELIST, admin_form_data(page, message="The panel is cancelled."), follow=True
        )

    assert "1 panel rejected." in done.text
    assert fresh(panel).status == PanelStatus.REJECTED
    assert [(fresh(p).panel_id, fresh(p).status) for p in papers] == [
        (None, PaperStatus.SUBMITTED)
    ] * 2
    assert sorted(m.to[0] for m in mail.outbox if "is cancelled" in m.subject) == sorted(
        p.authorships.get().email for p in papers
    )


def test_the_decision_page_counts_right_when_reached_from_a_search(client, section):
    panel = PanelFactory(section=section, code="P070")
    PanelRoleFactory(panel=panel, name="Ana Search", kind="chair", position=1)
    PanelRoleFactory(panel=panel, name="Bo Search", kind="discussant", position=2)
    with_papers(panel, PaperStatus.ACCEPTED, PaperStatus.RESERVE)
    sign_in_organiser(client, section.event)

    page = client.post(
        CHANGELIST + "?q=Search",
        {"action": "reject_panels", "_selected_action": [panel.pk]},
    )

    assert "P070 holds 2 papers in play (1 accepted)." in page.text


def test_an_organiser_of_two_events_is_offered_only_the_cancelled_panels_event(client, section):
    panel = PanelFactory(section=section, code="P070")
    with_papers(panel, PaperStatus.ACCEPTED)
    here = PanelFactory(section=section, code="P080")
    elsewhere = PanelFactory(code="P081")
    sign_in_organiser(client, section.event, elsewhere.event)

    page = step(client, "reject_panels", panel)

    assert choices(page.text, "to_panel") == [str(here)]


def test_the_decision_page_sends_the_papers_to_a_panel_chosen_there(client, section):
    panel = PanelFactory(section=section, code="P070")
    target = PanelFactory(section=section, code="P080")
    (paper,) = with_papers(panel, PaperStatus.ACCEPTED)
    sign_in_organiser(client, section.event)

    page = step(client, "reject_panels", panel)
    offered = choices(page.text, "to_panel")
    assert offered == [str(target)]  # not the panel cancelled, nor another event's
    client.post(CHANGELIST, admin_form_data(page, to_panel=str(target.pk)))

    assert (fresh(paper).panel_id, fresh(paper).status) == (target.pk, PaperStatus.ACCEPTED)
    history = PaperStatusChange.objects.get(paper=paper)
    assert (history.from_panel_id, history.to_panel_id) == (panel.pk, target.pk)


def test_a_refused_target_brings_the_page_back_with_the_reason_and_nothing_changed(client, section):
    panel = PanelFactory(section=section, code="P070")
    target = PanelFactory(section=section, code="P080", max_papers=1)
    with_papers(target, PaperStatus.ACCEPTED)
    (paper,) = with_papers(panel, PaperStatus.ACCEPTED)
    sign_in_organiser(client, section.event)

    page = step(client, "reject_panels", panel)
    again = client.post(
        CHANGELIST, admin_form_data(page, to_panel=str(target.pk), message="Kept as typed.")
    )

    assert "Panel P080 has 0 free places of 1" in again.text
    assert "Kept as typed." in again.text
    assert fresh(panel).status == PanelStatus.ACCEPTED
    assert fresh(paper).panel_id == panel.pk


def test_withdrawing_in_the_admin_moves_the_papers_too(client, section):
    panel = PanelFactory(section=section)
    (paper,) = with_papers(panel, PaperStatus.ACCEPTED)
    sign_in_organiser(client, section.event)

    page = step(client, "withdraw_panels", panel)
    client.post(CHANGELIST, admin_form_data(page))

    assert fresh(panel).status == PanelStatus.WITHDRAWN
    assert fresh(paper).panel_id is None


def test_a_panel_chair_is_not_offered_the_actions_and_cannot_post_them(client, section):
    panel = PanelFactory(section=section)
    (paper,) = with_papers(panel, PaperStatus.ACCEPTED)
    chair = UserFactory()
    PanelRoleFactory(panel=panel, user=chair, email=chair.email)
    client.force_login(chair)

    listing = client.get(CHANGELIST)
    for action in ("reject_panels", "withdraw_panels", "merge_panels"):
        assert f'value="{action}"' not in listing.text
        client.post(CHANGELIST, {"action": action, "_selected_action": [panel.pk], "apply": "1"})

    assert fresh(panel).status == PanelStatus.ACCEPTED
    assert fresh(paper).panel_id == panel.pk


# Merge ----------------------------------------------------------------------------------


@pytest.fixture
def two_short(section):
    keep = PanelFactory(section=section, code="P001", max_papers=3)
    other = PanelFactory(section=section, code="P002")
    return keep, with_papers(keep, "accepted"), other, with_papers(other, "accepted", "accepted")


def test_merging_two_short_panels_in_the_admin(client, two_short):
    keep, _kept, other, moved = two_short
    sign_in_organiser(client, keep.event)

    page = step(client, "merge_panels", keep, other)
    assert "P001 (section" in page.text
    done = client.post(
        CHANGELIST, admin_form_data(page, keep=str(keep.pk), message="Merged."), follow=True
    )

    assert done.redirect_chain[-1][0] == change_url(keep)
    assert "The papers of P002 are now in P001; P002 is rejected." in done.text
    assert fresh(other).status == PanelStatus.REJECTED
    assert [(fresh(p).panel_id, fresh(p).position) for p in moved] == [(keep.pk, 2), (keep.pk, 3)]


def test_a_merge_that_does_not_fit_is_refused_until_the_maximum_is_raised_on_the_page(
    client, two_short
):
    keep, _kept, other, moved = two_short
    PaperFactory(panel=other, status=PaperStatus.ACCEPTED, position=5)
    sign_in_organiser(client, keep.event)

    page = step(client, "merge_panels", keep, other)
    refused = client.post(CHANGELIST, admin_form_data(page, keep=str(keep.pk)))

    assert "Panel P001 has 2 free places of 3 for the 3 accepted papers of P002" in refused.text
    assert fresh(other).status == PanelStatus.ACCEPTED
    assert fresh(moved[0]).panel_id == other.pk

    client.post(CHANGELIST, admin_form_data(refused, keep=str(keep.pk), max_papers="4"))

    assert fresh(keep).max_papers == 4
    assert fresh(other).status == PanelStatus.REJECTED
    assert Paper.objects.filter(panel=keep, status=PaperStatus.ACCEPTED).count() == 4


def test_panels_of_different_events_are_refused_a_merge(client, two_short):
    keep, _kept, _other, _moved = two_short
    elsewhere = PanelFactory()
    sign_in_organiser(client, keep.event, elsewhere.event)

    done = step(client, "merge_panels", keep, elsewhere)

    assert done.status_code == 302
    assert "different events" in client.get(CHANGELIST).text
    assert fresh(elsewhere).status == PanelStatus.ACCEPTED
    assert fresh(keep).status == PanelStatus.ACCEPTED


def test_tampered_ids_merge_nothing(client, two_short):
    keep, _kept, other, moved = two_short
    outside = PanelFactory(section=SectionFactory())  # an event the organiser does not run
    sign_in_organiser(client, keep.event)

    # A panel outside the person's events is not among the selected.
    step(client, "merge_panels", keep, outside)
    page = step(client, "merge_panels", keep, other)
    # A "kept" panel that was not selected.
    refused = client.post(CHANGELIST, admin_form_data(page, keep=str(outside.pk)))

    assert "Select a valid choice" in refused.text
    assert fresh(outside).status == PanelStatus.ACCEPTED
    assert fresh(other).status == PanelStatus.ACCEPTED
    assert fresh(moved[0]).panel_id == other.pk


def test_merging_needs_exactly_two_panels(client, two_short):
    keep, _kept, other, _moved = two_short
    third = PanelFactory(section=keep.section)
    sign_in_organiser(client, keep.event)

    step(client, "merge_panels", keep, other, third)

    assert "Choose exactly two panels to merge." in client.get(CHANGELIST).text
    assert Panel.objects.filter(status=PanelStatus.ACCEPTED).count() == 3


# Below the minimum ----------------------------------------------------------------------


def test_the_below_minimum_filter_lists_the_short_accepted_panels_of_ones_events(client, section):
    short = PanelFactory(section=section, code="P001", title="Short one")
    with_papers(short, "accepted", "accepted", "reserve")
    enough = PanelFactory(section=section, code="P002", title="Full enough")
    with_papers(enough, "accepted", "accepted", "accepted")
    PanelFactory(section=section, code="P003", title="Only proposed", status="proposed")
    elsewhere = PanelFactory(title="Another event's short panel")
    sign_in_organiser(client, section.event)

    listing = client.get(CHANGELIST + "?fill=below")

    assert "Short one" in listing.text
    assert "Full enough" not in listing.text
    assert "Only proposed" not in listing.text
    assert elsewhere.title not in listing.text


def test_a_bad_below_minimum_value_shows_the_whole_list_with_a_message(client, section):
    PanelFactory(section=section, title="Short one")
    sign_in_organiser(client, section.event)

    listing = client.get(CHANGELIST + "?below_minimum=<script>", follow=True)

    assert listing.status_code == 200
    assert "<script>" not in listing.text


def test_the_below_minimum_list_makes_the_same_queries_at_two_sizes(client, section):
    sign_in_organiser(client, section.event)

    def queries():
        client.get(CHANGELIST + "?fill=below")
        with CaptureQueriesContext(connection) as captured:
            listing = client.get(CHANGELIST + "?fill=below")
        return len(captured), listing.text.count('class="action-select"')

    with_papers(PanelFactory(section=section), "accepted")
    small = queries()
    for _ in range(3):
        with_papers(PanelFactory(section=section), "accepted", "reserve")
    large = queries()

    assert (small[1], large[1]) == (1, 4)
    assert small[0] == large[0]


def test_a_short_panels_page_is_flagged_after_the_deadline_only(client, section):
    panel = PanelFactory(section=section)
    with_papers(panel, "accepted")
    sign_in_organiser(client, section.event)

    after = client.get(change_url(panel))
    section.event.decision_deadline = timezone.now() + dt.timedelta(days=1)
    section.event.save()
    before = client.get(change_url(panel))

    assert "Below the minimum: this panel has 1 accepted papers" in after.text
    assert "fill=below" in after.text
    assert "Below the minimum" not in before.text
