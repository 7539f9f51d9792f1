import pytest
from django.db import connection

from core.folding import fold
from panels.models import Keyword, Panel, PanelRole
from papers.models import Authorship, Paper
from tests.factories import (
    AuthorshipFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    UserFactory,
)


@pytest.fixture
def organiser(db):
    return UserFactory(is_staff=True, is_superuser=True, email="organiser@example.org")


@pytest.fixture
def panel(db):
    """A public panel with a chair and a discussant."""
    panel = PanelFactory(title="Co-Production and Citizen Participation in Public Services")
    PanelRoleFactory(panel=panel, name="Tony Bovaird", affiliation="University of Birmingham")
    PanelRoleFactory(panel=panel, kind="discussant", name="Dana Discussant")
    return panel


@pytest.fixture
def make_papers():
    """Accepted papers with two authors each, in a panel."""

    def make(panel, count, **kwargs):
        papers = PaperFactory.create_batch(count, panel=panel, **kwargs)
        for paper in papers:
            AuthorshipFactory.create_batch(2, paper=paper)
        return papers

    return make


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth's rate limits live in the cache: each test starts with none used, and
    with no page kept in the process's "pages" cache either."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to, for this
    test only (the others keep the in-memory backend). `smtp_server.handler` has what
    it received, how many connections it took, and the answers it is told to give."""
    from tests.mail_server import MailServer

    with MailServer() as server:
        settings.MAILERS = server.mailers()
        yield server.handler


@pytest.fixture(autouse=True)
def folded_copies_kept(request):
    """After every test that writes to the database (in a transaction rolled back at
    its end), every folded copy the search reads equals its text folded: whatever
    write path the test took (admin, services, imports, the demo's bulk inserts),
    it kept them (core.folding)."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or "db" in request.fixturenames
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not uses_db or transactional:
        yield
        return
    request.getfixturevalue("db")  # set up before, so torn down after, this check
    yield
    if connection.needs_rollback:
        return  # the test ended on a refused write (an IntegrityError): nothing to read
    stale = []
    for model in [Keyword, Panel, PanelRole, Paper, Authorship]:
        pairs = model.folded_fields
        for row in model._base_manager.values("pk", *pairs, *pairs.values()):
            if any(row[target] != fold(row[source]) for target, source in pairs.items()):
                stale.append(f"{model.__name__} {row['pk']}")
    assert not stale, f"folded copies not kept: {stale[:10]}"
