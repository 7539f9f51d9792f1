"""Two chairs accept the last place of a panel at the same moment: one wins, the
other is told the panel is full. PostgreSQL only: it has the row locks this is
about (on SQLite, IMMEDIATE transactions let one writer in at a time)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from panels.enums import RoleKind
from papers import services
from papers.enums import PaperStatus
from tests.factories import PanelFactory, PanelRoleFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_chairs_accepting_the_last_place_at_once_never_overfill_the_panel():
    if connection.vendor != "postgresql":
        pytest.skip("row locking is tested in the PostgreSQL run of .ci/run")
    panel = PanelFactory()
    first_chair, second_chair = UserFactory(), UserFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=first_chair)
    PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, user=second_chair)
    PaperFactory.create_batch(4, panel=panel)  # 4 of 5 places filled
    one, two = PaperFactory.create_batch(2, panel=panel, status=PaperStatus.SUBMITTED)
    first_holds_the_lock, first_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                services.paper_accept(paper=one, by=first_chair)
                first_holds_the_lock.set()
                first_may_commit.wait(timeout=10)
            outcome["first"] = "accepted"
        finally:
            connection.close()

    def second():
        try:
            first_holds_the_lock.wait(timeout=10)
            services.paper_accept(paper=two, by=second_chair)
            outcome["second"] = "accepted"
        except ValidationError as error:
            outcome["second"] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds_the_lock.wait(timeout=10)
    threads[1].join(timeout=1)  # the second chair is now waiting on the panel's lock
    assert threads[1].is_alive()
    first_may_commit.set()
    for thread in threads:
        thread.join(timeout=20)

    assert outcome == {"first": "accepted", "second": "panel_full"}
    assert panel.papers.filter(status=PaperStatus.ACCEPTED).count() == 5


def test_an_acceptance_under_way_and_a_lower_maximum_never_overfill_the_panel():
    if connection.vendor != "postgresql":
        pytest.skip("row locking is tested in the PostgreSQL run of .ci/run")
    panel = PanelFactory()
    event = panel.event
    event.min_papers_per_panel = 1
    event.save()
    chair, organiser = UserFactory(), UserFactory()
    event.organisers.add(organiser)
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair)
    PaperFactory.create_batch(3, panel=panel)  # 3 of 5 places filled
    fourth = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED)
    chair_holds_the_lock, chair_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def accept():
        try:
            with transaction.atomic():
                services.paper_accept(paper=fourth, by=chair)
                chair_holds_the_lock.set()
                chair_may_commit.wait(timeout=10)
            outcome["accept"] = "accepted"
        finally:
            connection.close()

    def lower():
        try:
            chair_holds_the_lock.wait(timeout=10)
            changed = type(event).objects.get(pk=event.pk)
            changed.max_papers_per_panel = 3
            services.event_update(event=changed, by=organiser, fields=["max_papers_per_panel"])
            outcome["lower"] = "saved"
        except ValidationError as error:
            outcome["lower"] = error.error_dict["max_papers_per_panel"][0].code
        finally:
            connection.close()

    threads = [threading.Thread(target=accept), threading.Thread(target=lower)]
    for thread in threads:
        thread.start()
    chair_holds_the_lock.wait(timeout=10)
    threads[1].join(timeout=1)  # the organiser now waits on the panel's lock
    assert threads[1].is_alive()
    chair_may_commit.set()
    for thread in threads:
        thread.join(timeout=20)

    assert outcome == {"accept": "accepted", "lower": "below_accepted"}
    event.refresh_from_db()
    assert event.max_papers_per_panel == 5
