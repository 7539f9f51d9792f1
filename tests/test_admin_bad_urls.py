"""Malformed admin addresses: a 400, or back to the whole list with a message;
never a server error. Run on PostgreSQL too (see docs/architecture.md, Testing):
some of these only fail there (a NUL character in a text comparison)."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import EmailLog
from panels.enums import RoleKind
from tests.factories import (
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)
from tests.test_admin import grow_conference

pytestmark = pytest.mark.django_db

HUGE = "9" * 25  # beyond any integer column
MALFORMED_EVERYWHERE = [
    "o=junk",
    "o=99",
    "o=1.-x.abc",
    "p=abc",
    "p=99999",
    "p=-1",
    "q=%00",
    "q=" + "x" * 2000,
    "all=&p=abc",
    "_to_field=junk",
    "no_such_field__exact=1",
    "id__in=1,abc",
]
MALFORMED = {
    "accounts_user": [
        "is_staff__exact=abc",
        "is_active__exact=%00",
        "is_superuser__exact=" + HUGE,
    ],
    "accounts_emaillog": [
        "event__id__exact=abc",
        "event__id__exact=" + HUGE,
        "event__id__in=1,abc",
        "event__isnull=abc",
        "status__exact=%00",
        "template=%00",
        "created_at__year=abc",
        "created_at__year=" + HUGE,
        "created_at__year=9999&created_at__month=12",
        "created_at__year=9999&created_at__month=12&created_at__day=31",
        "created_at__year=2026&created_at__month=13",
        "created_at__year=2026&created_at__month=2&created_at__day=31",
        "created_at__year=0",
    ],
    "panels_event": [
        "is_published__exact=abc",
        "is_published__exact=%00",
        "start_date__year=abc",
        "start_date__year=" + HUGE,
        "start_date__year=9999&start_date__month=12",
        "start_date__year=9999&start_date__month=12&start_date__day=31",
        "start_date__year=2026&start_date__month=0",
    ],
    "panels_section": [
        "event__id__exact=abc",
        "event__id__exact=" + HUGE,
        "event__id__exact=-1",
        "event__id__exact=1.5",
        "event__id__exact=%00",
        "event__id__in=1,abc",
        "event__isnull=abc",
    ],
    "panels_keyword": ["event__id__exact=abc", "event__id__exact=" + HUGE, "event__id__in=,,"],
    "panels_panel": [
        "event__id__exact=abc",
        "section__id__exact=abc",
        "section__id__exact=" + HUGE,
        "section__id__in=1,abc",
        "slot__id__exact=abc",
        "slot__id__exact=" + HUGE,
        "slot__isnull=abc",
        "status__exact=%00",
        "format__exact=%00",
    ],
    "panels_panelrole": [
        "panel__event__id__exact=abc",
        "panel__event__id__exact=" + HUGE,
        "panel__event__id__in=x,y",
        "panel__section__id__exact=abc",
        "kind__exact=%00",
    ],
    "papers_paper": [
        "panel__id__exact=abc",
        "panel__id__exact=" + HUGE,
        "panel__id__exact=-1",
        "panel__id__exact=1.5",
        "panel__id__exact=%00",
        "panel__id__exact=%D9%A3",  # an Arabic-Indic three: a digit, not an id
        "panel__id__in=1,abc",
        "panel__isnull=abc",
        "pool=junk",
        "pool=%00",
        "status__exact=%00",
        "event__id__exact=abc",
        "event__id__exact=" + HUGE,
        "section__id__exact=abc",
        "section__id__in=1,abc",
    ],
}


def cases():
    for name, params in MALFORMED.items():
        for param in [*params, *MALFORMED_EVERYWHERE]:
            yield name, param


@pytest.fixture(scope="module")
def rows_once(django_db_setup, django_db_blocker):
    """A row of each kind, made once for the module inside a transaction rolled back
    at its end (each test runs in a savepoint within it, as in tests/demo)."""
    with django_db_blocker.unblock(), transaction.atomic():
        event = EventFactory()
        panel = PanelFactory(
            section=SectionFactory(event=event),
            slot=TimeSlotFactory(event=event),
            room=RoomFactory(event=event),
        )
        PaperFactory(panel=panel)
        EmailLog.objects.create(to="a@example.org", subject="Hello", template="t", event=event)
        yield UserFactory(is_superuser=True, email="root@example.org")
        transaction.set_rollback(True)


@pytest.fixture
def superuser_client(rows_once, db, client):
    client.force_login(rows_once)
    return client


def assert_refused_or_redirected(client, url):
    response = client.get(url)
    if response.status_code == 302:  # back to the list, which says why
        assert response.url.endswith("?e=1")
        page = client.get(response.url)
        assert page.status_code == 200
        assert "The filter in the address was not understood" in page.text
    else:
        assert response.status_code in (200, 400)


@pytest.mark.parametrize(("name", "param"), list(cases()))
def test_a_malformed_filter_is_refused_or_redirected_never_a_server_error(
    superuser_client, name, param
):
    assert_refused_or_redirected(superuser_client, f"{reverse(f'admin:{name}_changelist')}?{param}")


@pytest.mark.parametrize("param", MALFORMED["papers_paper"])
def test_a_chairs_paper_list_refuses_a_malformed_filter_too(client, param):
    section = SectionFactory()
    grow_conference(section, 1)
    chair = UserFactory()
    PanelRoleFactory(panel=section.panels.first(), kind=RoleKind.CHAIR, user=chair)
    client.force_login(chair)

    assert_refused_or_redirected(client, f"{reverse('admin:papers_paper_changelist')}?{param}")


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("papers_paper", "panel__id__exact=abc"),
        ("papers_paper", "pool=junk"),
        ("panels_event", "start_date__year=9999&start_date__month=12"),
    ],
)
def test_a_filter_it_cannot_apply_sends_the_list_back_whole_with_a_message(
    superuser_client, name, param
):
    url = reverse(f"admin:{name}_changelist")

    response = superuser_client.get(f"{url}?{param}", follow=True)

    assert response.redirect_chain == [(f"{url}?e=1", 302)]
    assert "The filter in the address was not understood; the whole list is shown." in (
        response.text
    )
    assert response.context["cl"].result_count == response.context["cl"].full_result_count


def test_the_panel_filter_still_filters_by_a_panel_id(superuser_client):
    panel = PanelFactory()
    PaperFactory.create_batch(2, panel=panel)

    response = superuser_client.get(
        reverse("admin:papers_paper_changelist"), {"panel__id__exact": str(panel.pk)}
    )

    assert {paper.panel_id for paper in response.context["cl"].result_list} == {panel.pk}


@pytest.mark.parametrize(
    "junk", ["abc", HUGE, "-1", "1.5", "%00", "1%2F..%2F2"], ids=lambda j: j[:10]
)
@pytest.mark.parametrize("view", ["change", "history"])
@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_object_id_is_a_redirect_with_a_message(superuser_client, name, junk, view):
    app, model = name.split("_", 1)
    url = f"/admin/{app}/{model}/{junk}/{view}/"

    response = superuser_client.get(url)

    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.url == reverse("admin:index")


@pytest.mark.parametrize(
    "query",
    [
        {"app_label": "papers", "model_name": "paper", "field_name": "panel", "term": "\x00"},
        {"app_label": "papers", "model_name": "paper", "field_name": "panel", "page": "abc"},
        {"app_label": "papers", "model_name": "paper", "field_name": "panel", "page": HUGE},
        {"app_label": "papers", "model_name": "paper", "field_name": "title"},
        {"app_label": "papers", "model_name": "paper", "field_name": "no_such_field"},
        {"app_label": "nope", "model_name": "paper", "field_name": "panel"},
        {"app_label": "papers", "model_name": "nope", "field_name": "panel"},
        {"app_label": "papers"},
    ],
)
def test_a_malformed_autocomplete_request_is_refused(superuser_client, query):
    response = superuser_client.get(reverse("admin:autocomplete"), query)

    assert response.status_code in (400, 403, 404)


@pytest.mark.parametrize(
    "path", ["abc/1", "1/abc", f"1/{HUGE}", f"{HUGE}/1", "99999/1", "1/%00", "-1/1"]
)
def test_a_malformed_view_on_site_address_is_not_found(superuser_client, path):
    response = superuser_client.get(f"/admin/r/{path}/")

    assert response.status_code in (400, 404)
