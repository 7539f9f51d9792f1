"""Every write path renews the cached pages it changes, including the old place of
what moved: the bulk writes that send no signal (papers reordered with `update()`,
authors written with `bulk_create`), an event that changes its address, a role or an
authorship that leaves a public panel or paper. Each test first caches the page as an
anonymous reader sees it, changes it the way a person does, then reads it again."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from panels.enums import PanelStatus, RoleKind
from panels.models import PanelRole
from papers.models import Paper
from papers.services import panel_merge
from programme import exchange
from tests.admin_forms import admin_form_data, change_url, sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    SectionFactory,
    UserFactory,
)
from tests.programme.test_exchange import csv_file, import_file, state_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous reader, whose pages come from the cache (the staff's never do)."""
    return Client()


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def person_url(role) -> str:
    return reverse(
        "programme:person", kwargs={"event": role.panel.event.slug, "person": role.person_ref}
    )


def form_errors(response) -> list[str]:
    """The errors an admin form shows, to say why it was not saved."""
    return re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.text, re.S)


# Bulk writes: the services renew the pages themselves ---------------------------------


def test_reordering_papers_by_import_refreshes_the_cached_panel_page(client, reader):
    event = EventFactory(min_keywords=0)
    panel = PanelFactory(section=SectionFactory(event=event, code="S01"), code="P101")
    first = PaperFactory(panel=panel, title="Alpha first paper", position=1)
    second = PaperFactory(panel=panel, title="Omega second paper", position=2)
    for paper in (first, second):
        AuthorshipFactory(paper=paper)
    organiser = sign_in_organiser(client, event)
    before = reader.get(panel.get_absolute_url()).text
    assert before.index("Alpha first paper") < before.index("Omega second paper")
    # The file as the export writes it, its rows in the new order and nothing else changed.
    rows = exchange.PaperResource(event=event, user=organiser).export(
        queryset=Paper.objects.filter(panel=panel).order_by("-position")
    )

    job_page = import_file(client, event, "papers", csv_file(rows))

    assert state_of(job_page) == "Done"
    after = reader.get(panel.get_absolute_url()).text
    assert after.index("Omega second paper") < after.index("Alpha first paper")


def test_authors_imported_for_an_accepted_paper_that_had_none_show_on_its_page(client, reader):
    event = EventFactory(min_keywords=0)
    panel = PanelFactory(section=SectionFactory(event=event, code="S01"), code="P101")
    paper = PaperFactory(panel=panel, title="A paper without authors yet")
    organiser = sign_in_organiser(client, event)
    assert "Late Arriving Author" not in reader.get(paper.get_absolute_url()).text
    exported = exchange.PaperResource(event=event, user=organiser).export(
        queryset=Paper.objects.filter(pk=paper.pk)
    )
    rows = [dict(zip(exported.headers, row, strict=True)) for row in exported]
    rows[0]["authors"] = "Late Arriving Author | late@example.org | University of Oslo | presenter"

    job_page = import_file(client, event, "papers", csv_file(rows))

    assert state_of(job_page) == "Done"
    assert "Late Arriving Author" in reader.get(paper.get_absolute_url()).text


# An event that changes its address --------------------------------------------------


def test_an_event_unpublished_under_a_new_slug_leaves_no_page_at_the_old_one(client, reader):
    event = EventFactory(slug="old-address")
    panel = PanelFactory(section=SectionFactory(event=event), title="Secret panel title")
    old_url = panel.get_absolute_url()
    assert "Secret panel title" in reader.get(old_url).text
    sign_in_organiser(client, event)
    page = client.get(change_url(event))

    response = client.post(
        change_url(event), admin_form_data(page, slug="new-address", is_published=None)
    )

    assert response.status_code == 302, form_errors(response)
    assert reader.get(old_url).status_code == 404
    assert reader.get(old_url.replace("old-address", "new-address")).status_code == 404


def test_an_event_moved_to_a_new_slug_is_served_only_at_the_new_one(reader):
    event = EventFactory(slug="old-address")  # saved once: its slug is known as stored
    panel = PanelFactory(section=SectionFactory(event=event), title="Moving panel title")
    old_url = panel.get_absolute_url()
    assert "Moving panel title" in reader.get(old_url).text

    event.slug = "new-address"
    event.save()

    assert reader.get(old_url).status_code == 404
    new_page = reader.get(old_url.replace("old-address", "new-address"))
    assert "Moving panel title" in new_page.text


# A role or an authorship that leaves a public panel or paper ----------------------------


def test_a_role_moved_out_of_a_public_panel_leaves_its_page(superuser_client, reader):
    event = EventFactory()
    section = SectionFactory(event=event)
    public = PanelFactory(section=section, title="The public panel")
    proposed = PanelFactory(section=section, status=PanelStatus.PROPOSED)
    role = PanelRoleFactory(panel=public, name="Movable Chairperson", position=1)
    assert "Movable Chairperson" in reader.get(public.get_absolute_url()).text
    assert "The public panel" in reader.get(person_url(role)).text
    page = superuser_client.get(change_url(role))

    response = superuser_client.post(
        change_url(role), admin_form_data(page, panel=str(proposed.pk))
    )

    assert response.status_code == 302, form_errors(response)
    assert PanelRole.objects.get(pk=role.pk).panel_id == proposed.pk
    assert "Movable Chairperson" not in reader.get(public.get_absolute_url()).text
    assert reader.get(person_url(role)).status_code == 404


def test_a_role_moved_to_another_events_panel_leaves_the_first_events_page(
    superuser_client, reader
):
    first = PanelFactory(title="The first event's panel")
    second = PanelFactory(title="The second event's panel")
    role = PanelRoleFactory(panel=first, name="Travelling Discussant", kind=RoleKind.DISCUSSANT)
    assert "Travelling Discussant" in reader.get(first.get_absolute_url()).text
    assert "Travelling Discussant" not in reader.get(second.get_absolute_url()).text
    page = superuser_client.get(change_url(role))

    response = superuser_client.post(
        change_url(role), admin_form_data(page, panel=str(second.pk), position="9")
    )

    assert response.status_code == 302, form_errors(response)
    assert "Travelling Discussant" not in reader.get(first.get_absolute_url()).text
    assert "Travelling Discussant" in reader.get(second.get_absolute_url()).text


def test_an_authorship_moved_to_another_paper_leaves_the_first_papers_page(reader):
    first, second = PaperFactory(), PaperFactory()
    authorship = AuthorshipFactory(paper=first, name="Wandering Author")
    authorship = type(authorship).objects.get(pk=authorship.pk)  # as loaded
    assert "Wandering Author" in reader.get(first.get_absolute_url()).text
    assert "Wandering Author" not in reader.get(second.get_absolute_url()).text

    authorship.paper = second
    authorship.save()

    assert "Wandering Author" not in reader.get(first.get_absolute_url()).text
    assert "Wandering Author" in reader.get(second.get_absolute_url()).text


# Merging panels (every write there goes through a save: no bulk write to renew) ------


def test_merging_panels_shows_the_papers_and_people_on_the_kept_panels_page(
    reader, django_capture_on_commit_callbacks
):
    event = EventFactory(max_papers_per_panel=4)
    section = SectionFactory(event=event)
    keep = PanelFactory(section=section, title="The kept panel")
    other = PanelFactory(section=section, title="The merged panel")
    PaperFactory(panel=other, title="A paper that moves across")
    PanelRoleFactory(panel=other, name="Merged Chairperson", position=1)
    organiser = UserFactory()
    event.organisers.add(organiser)
    kept_page = reader.get(keep.get_absolute_url()).text
    assert "A paper that moves across" not in kept_page
    assert "Merged Chairperson" not in kept_page
    assert reader.get(other.get_absolute_url()).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        panel_merge(keep=keep, other=other, by=organiser, move_roles=True)

    kept_page = reader.get(keep.get_absolute_url()).text
    assert "A paper that moves across" in kept_page
    assert "Merged Chairperson" in kept_page
    assert reader.get(other.get_absolute_url()).status_code == 404
