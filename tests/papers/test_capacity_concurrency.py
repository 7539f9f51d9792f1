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
