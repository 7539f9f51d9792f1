"""The migrations that give existing people their addresses in any script
(panels 0011, papers 0009), run backwards and forwards on the test database, which is
left at the latest migrations for the tests that follow."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.people import person_key

BEFORE = [("panels", "0010_event_max_authors_per_paper"), ("papers", "0008_paper_for_authors")]
AFTER = [("panels", "0011_person_key"), ("papers", "0009_person_key")]


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_existing_roles_and_authors_get_their_slug_in_any_script_and_their_key(back_to_latest):
    old = migrate(BEFORE)
    Panel, Paper = old.get_model("panels", "Panel"), old.get_model("papers", "Paper")
    PanelRole, Authorship = (
        old.get_model("panels", "PanelRole"),
        old.get_model("papers", "Authorship"),
    )
    Event, Section = old.get_model("panels", "Event"), old.get_model("panels", "Section")
    event = Event.objects.create(
        name="Old", slug="old", start_date="2027-01-01", end_date="2027-01-02", time_zone="UTC"
    )
    section = Section.objects.create(event=event, code="S1", title="S")
    panel = Panel.objects.create(event=event, section=section, code="P001", title="P")
    paper = Paper.objects.create(event=event, section=section, panel=panel, title="T")
    # As the old code saved them: Django's slugify, empty for a name without Latin letters.
    PanelRole.objects.create(
        panel=panel, kind="chair", name="Tony Bovaird", name_slug="tony-bovaird"
    )
    Authorship.objects.create(paper=paper, position=1, name="王小明", name_slug="")

    new = migrate(AFTER)

    role = new.get_model("panels", "PanelRole").objects.get()
    author = new.get_model("papers", "Authorship").objects.get()
    assert (role.name_slug, role.person_key) == ("tony-bovaird", person_key("Tony Bovaird"))
    assert (author.name_slug, author.person_key) == ("wangxiaoming", person_key("王小明"))

    back = migrate(BEFORE)

    assert back.get_model("papers", "Authorship").objects.get().name_slug == ""
