"""Two panels made at the same moment in one event get different codes, never a
server error. PostgreSQL only: there the second insert waits on the first's unique
index (on SQLite, IMMEDIATE transactions let one writer in at a time)."""

import threading

import pytest
from django.db import connection, transaction

from panels.models import Panel
from tests.factories import PanelFactory, SectionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_panels_made_at_once_get_the_next_two_codes():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs two connections at once: the PostgreSQL run of .ci/run")
    section = SectionFactory()
    first_inserted, first_may_commit = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                PanelFactory(section=section, title="First")
                first_inserted.set()
                first_may_commit.wait(timeout=10)
        except Exception as error:  # reported below, whatever it is
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            first_inserted.wait(timeout=10)
            PanelFactory(section=section, title="Second")  # counts without seeing "First"
        except Exception as error:  # reported below, whatever it is
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_inserted.wait(timeout=10)
    threads[1].join(timeout=1)  # the second insert now waits on the first's code
    assert threads[1].is_alive()
    first_may_commit.set()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    codes = dict(Panel.objects.filter(section=section).values_list("title", "code"))
    assert codes == {"First": "P001", "Second": "P002"}
