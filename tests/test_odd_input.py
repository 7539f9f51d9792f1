"""Input that looks like a number and is not one, or a cookie Django never set:
never a server error. (Found by an attack; the property test in
tests/test_no_server_errors.py draws such input rarely.)"""

import pytest
from django.urls import reverse

from panels.models import Panel
from tests.factories import EventFactory, PanelFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db

# "²".isdigit() and "٣".isdigit() are True; int("²") raises, int("٣") is 3.
UNICODE_DIGITS = ["\u00b2", "\u0663", "\u00b9\u00b2"]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_an_action_on_an_id_in_other_digits_does_nothing_and_says_so(superuser_client, digit):
    panel = PanelFactory()
    url = reverse("admin:panels_panel_changelist")

    response = superuser_client.post(
        url, {"action": "delete_selected", "_selected_action": [str(panel.pk), digit]}, follow=True
    )

    assert response.status_code == 200
    assert "The selection was not understood; nothing was done." in response.text
    assert Panel.objects.filter(pk=panel.pk).exists()


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
@pytest.mark.parametrize(
    ("changelist", "lookup"),
    [
        ("admin:panels_panel_changelist", "id__gt"),
        ("admin:panels_event_changelist", "start_date__year"),
    ],
)
def test_a_list_filtered_by_a_number_in_other_digits_is_no_server_error(
    superuser_client, digit, changelist, lookup
):
    PanelFactory()

    response = superuser_client.get(reverse(changelist), {lookup: digit})

    assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_an_import_job_at_an_id_in_other_digits_is_not_found(superuser_client, digit):
    response = superuser_client.get(f"/admin/programme/importjob/{digit}/change/")

    assert response.status_code == 404


def test_the_papers_list_shows_its_counts_when_asked(superuser_client):
    paper = PaperFactory(title="Counted Paper")

    response = superuser_client.get(reverse("admin:papers_paper_changelist"), {"_facets": "1"})

    assert response.status_code == 200
    assert "Counted Paper" in response.text
    assert f"{paper.panel.code} " in response.text  # the panel filter's choice, counted


@pytest.mark.parametrize(
    "cookie",
    [
        'sessionid="abcdefghijkl\\000mnop"',  # Django unquotes \000 into a NUL
        "sessionid=" + "é" * 40,
        "sessionid=" + "a" * 500,
        "sessionid=../../etc/passwd",
    ],
)
def test_a_session_cookie_django_never_set_is_no_session_at_all(client, cookie):
    event = EventFactory(is_published=True)

    response = client.get(event.get_absolute_url(), HTTP_COOKIE=cookie)

    assert response.status_code == 200
    assert "Sign out" not in response.text


def test_a_real_session_still_signs_in(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("papers:my-proposals"))

    assert response.status_code == 200
    assert len(client.cookies["sessionid"].value) == 32
