from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from panels.enums import PanelStatus, PaperDecider, RoleKind
from papers import services
from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories import (
    AuthorshipFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(panel):
    user = UserFactory(name="Tony Bovaird")
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=user)
    return user


def submitted(panel, **kwargs):
    return PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, **kwargs)


def test_a_chair_accepts_a_paper_and_who_when_and_why_are_recorded(panel, chair):
    paper = submitted(panel)

    services.paper_accept(paper=paper, by=chair, message="A fine fit.")

    paper.refresh_from_db()
    assert paper.status == PaperStatus.ACCEPTED
    assert paper.decided_by == chair
    assert paper.decision_message == "A fine fit."
    assert timezone.now() - paper.decided_at < timedelta(minutes=1)


def test_accepted_papers_take_the_next_place_in_the_panels_order(panel, chair):
    PaperFactory(panel=panel, position=3)
    paper = submitted(panel)

    services.paper_accept(paper=paper, by=chair)

    paper.refresh_from_db()
    assert paper.position == 4


def test_the_last_free_place_can_be_filled(panel, chair):
    PaperFactory.create_batch(4, panel=panel)
    paper = submitted(panel)

    services.paper_accept(paper=paper, by=chair)

    assert panel.papers.filter(status=PaperStatus.ACCEPTED).count() == 5


def test_a_full_panel_accepts_no_more_papers_and_nothing_changes(panel, chair):
    PaperFactory.create_batch(5, panel=panel)
    paper = submitted(panel)

    with pytest.raises(ValidationError) as error:
        services.paper_accept(paper=paper, by=chair)

    assert error.value.code == "panel_full"
    assert "5 of 5 places filled" in error.value.messages[0]
    paper.refresh_from_db()
    assert (paper.status, paper.decided_by) == (PaperStatus.SUBMITTED, None)


def test_a_panels_own_maximum_overrides_the_events(panel, chair):
    panel.max_papers = 2
    panel.save()
    PaperFactory.create_batch(2, panel=panel)

    with pytest.raises(ValidationError) as error:
        services.paper_accept(paper=submitted(panel), by=chair)

    assert error.value.code == "panel_full"


def test_a_paper_cannot_be_accepted_into_a_panel_that_is_not_accepted(organiser, panel):
    panel.status = PanelStatus.PROPOSED
    panel.save()

    with pytest.raises(ValidationError) as error:
        services.paper_accept(paper=submitted(panel), by=organiser)

    assert error.value.code == "panel_not_accepted"


def test_a_paper_in_the_sections_pool_must_be_placed_before_a_decision(organiser, panel):
    paper = PaperFactory(panel=None, section=panel.section, status=PaperStatus.SUBMITTED)

    with pytest.raises(ValidationError) as error:
        services.paper_accept(paper=paper, by=organiser)

    assert error.value.code == "no_panel"


def test_someone_who_does_not_chair_the_panel_cannot_decide(panel, chair):
    other_panel_chair = UserFactory()
    PanelRoleFactory(panel=PanelFactory(section=panel.section), user=other_panel_chair)
    discussant = UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.DISCUSSANT, user=discussant)
    paper = submitted(panel)

    for stranger in (other_panel_chair, discussant, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.paper_reject(paper=paper, by=stranger)

    paper.refresh_from_db()
    assert paper.status == PaperStatus.SUBMITTED


def test_a_co_chair_decides_like_the_chair(panel):
    co_chair = UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, user=co_chair)
    paper = submitted(panel)

    services.paper_reserve(paper=paper, by=co_chair)

    paper.refresh_from_db()
    assert paper.status == PaperStatus.RESERVE


def test_where_section_chairs_decide_panel_chairs_cannot(panel, chair):
    panel.event.papers_decided_by = PaperDecider.SECTION_CHAIRS
    panel.event.save()
    section_chair = UserFactory()
    panel.section.chair = section_chair
    panel.section.save()
    paper = submitted(panel)

    with pytest.raises(PermissionDenied):
        services.paper_accept(paper=paper, by=chair)
    services.paper_accept(paper=paper, by=section_chair)

    paper.refresh_from_db()
    assert paper.decided_by == section_chair


def test_after_the_decision_deadline_chairs_cannot_decide_but_organisers_can(
    panel, chair, organiser
):
    panel.event.decision_deadline = timezone.now() - timedelta(seconds=1)
    panel.event.save()
    paper = submitted(panel)

    with pytest.raises(ValidationError) as error:
        services.paper_accept(paper=paper, by=chair)
    assert error.value.code == "deadline_passed"

    services.paper_accept(paper=paper, by=organiser)
    paper.refresh_from_db()
    assert paper.decided_by == organiser


def test_before_the_decision_deadline_chairs_decide(panel, chair):
    panel.event.decision_deadline = timezone.now() + timedelta(seconds=30)
    panel.event.save()
    paper = submitted(panel)

    services.paper_reject(paper=paper, by=chair, message="Not a fit.")

    paper.refresh_from_db()
    assert (paper.status, paper.decision_message) == (PaperStatus.REJECTED, "Not a fit.")


@pytest.mark.parametrize(
    ("service", "start"),
    [
        (services.paper_accept, PaperStatus.ACCEPTED),
        (services.paper_reserve, PaperStatus.RESERVE),
        (services.paper_reject, PaperStatus.REJECTED),
        (services.paper_accept, PaperStatus.WITHDRAWN),
        (services.paper_reject, PaperStatus.WITHDRAWN),
    ],
)
def test_a_decision_that_changes_nothing_or_touches_a_withdrawn_paper_is_refused(
    panel, chair, service, start
):
    paper = PaperFactory(panel=panel, status=start)

    with pytest.raises(ValidationError) as error:
        service(paper=paper, by=chair)

    assert error.value.code == "invalid_transition"


def test_a_reserve_paper_can_be_accepted_when_a_place_frees_up(panel, chair):
    paper = PaperFactory(panel=panel, status=PaperStatus.RESERVE)

    services.paper_accept(paper=paper, by=chair)

    assert Paper.objects.get(pk=paper.pk).status == PaperStatus.ACCEPTED


def test_an_author_withdraws_their_paper_and_nothing_is_deleted(panel):
    paper = PaperFactory(panel=panel)
    author = UserFactory()
    AuthorshipFactory(paper=paper, user=author)

    services.paper_withdraw(paper=paper, by=author)

    paper.refresh_from_db()
    assert paper.status == PaperStatus.WITHDRAWN
    assert paper.authorships.count() == 1


def test_the_submitter_may_withdraw_too(panel):
    submitter = UserFactory()
    paper = submitted(panel, submitted_by=submitter)

    services.paper_withdraw(paper=paper, by=submitter)

    assert Paper.objects.get(pk=paper.pk).status == PaperStatus.WITHDRAWN


def test_nobody_else_may_withdraw_someone_elses_paper(panel, chair):
    paper = submitted(panel)

    with pytest.raises(PermissionDenied):
        services.paper_withdraw(paper=paper, by=chair)

    assert Paper.objects.get(pk=paper.pk).status == PaperStatus.SUBMITTED


def test_a_paper_cannot_be_withdrawn_twice(panel, organiser):
    paper = PaperFactory(panel=panel, status=PaperStatus.WITHDRAWN)

    with pytest.raises(ValidationError):
        services.paper_withdraw(paper=paper, by=organiser)


def test_a_rejected_paper_cannot_be_withdrawn(panel):
    author = UserFactory()
    paper = PaperFactory(panel=panel, status=PaperStatus.REJECTED, submitted_by=author)

    with pytest.raises(ValidationError):
        services.paper_withdraw(paper=paper, by=author)
