"""Two people act on one panel at the same moment: the second waits for the first's
row lock and then sees what the first did. PostgreSQL only: it has the row locks
this is about (on SQLite, IMMEDIATE transactions let one writer in at a time)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from panels.enums import RoleKind
from papers import services
from papers.enums import PaperStatus
from tests.factories import PanelFactory, PanelRoleFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def one_after_the_other(first, second) -> dict:
    """Run `first` in a transaction held open until `second`, in another connection,
    is seen waiting on its lock; then let it commit. {"first": its result,
    "second": its result, or the code of the ValidationError it raised}."""
    if connection.vendor != "postgresql":
        pytest.skip("row locking is tested in the PostgreSQL run of .ci/run")
    first_holds_the_lock, first_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def run_first():
        try:
            with transaction.atomic():
                outcome["first"] = first()
                first_holds_the_lock.set()
                first_may_commit.wait(timeout=10)
        finally:
            connection.close()

    def run_second():
        try:
            first_holds_the_lock.wait(timeout=10)
            outcome["second"] = second()
        except ValidationError as error:
            outcome["second"] = (
                error.code
                if hasattr(error, "code")
                else next(e.code for errors in error.error_dict.values() for e in errors)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    first_holds_the_lock.wait(timeout=10)
    threads[1].join(timeout=1)  # the second now waits on the first's lock
    assert threads[1].is_alive()
    first_may_commit.set()
    for thread in threads:
        thread.join(timeout=20)
    return outcome


def test_two_chairs_accepting_the_last_place_at_once_never_overfill_the_panel():
    panel = PanelFactory()
    first_chair, second_chair = UserFactory(), UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=first_chair)
    PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, user=second_chair)
    PaperFactory.create_batch(4, panel=panel)  # 4 of 5 places filled
    one, two = PaperFactory.create_batch(2, panel=panel, status=PaperStatus.SUBMITTED)

    outcome = one_after_the_other(
        lambda: services.paper_accept(paper=one, by=first_chair) and "accepted",
        lambda: services.paper_accept(paper=two, by=second_chair) and "accepted",
    )

    assert outcome == {"first": "accepted", "second": "panel_full"}
    assert panel.papers.filter(status=PaperStatus.ACCEPTED).count() == 5


def test_an_acceptance_under_way_and_a_lower_maximum_never_overfill_the_panel():
    panel = PanelFactory()
    event = panel.event
    event.min_papers_per_panel = 1
    event.save()
    chair, organiser = UserFactory(), UserFactory()
    event.organisers.add(organiser)
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair)
    PaperFactory.create_batch(3, panel=panel)  # 3 of 5 places filled
    fourth = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED)

    def lower():
        changed = type(event).objects.get(pk=event.pk)
        changed.max_papers_per_panel = 3
        services.event_update(event=changed, by=organiser, fields=["max_papers_per_panel"])
        return "saved"

    outcome = one_after_the_other(
        lambda: services.paper_accept(paper=fourth, by=chair) and "accepted", lower
    )

    assert outcome == {"first": "accepted", "second": "below_accepted"}
    event.refresh_from_db()
    assert event.max_papers_per_panel == 5
