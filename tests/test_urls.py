from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("programme:home", {}, "/"),
        ("programme:event-detail", {"event": "gc-2026"}, "/gc-2026/"),
        ("programme:panel-detail", {"event": "gc-2026", "code": "P070"}, "/gc-2026/panels/P070/"),
        ("programme:paper-detail", {"event": "gc-2026", "pk": 7}, "/gc-2026/papers/7/"),
        ("papers:authorship-answer", {"token": "eyJw:1x:s1g"}, "/my/authorships/eyJw:1x:s1g/"),
    ],
)
def test_public_urls_reverse_and_resolve_both_ways(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    assert resolve(path).view_name == name


@pytest.mark.parametrize(
    "route",
    [
        "/gc-2026/panels/{}/",
        "/gc-2026/panels/{}/calendar.ics",
        "/gc-2026/propose/panel/{}/",
        "/gc-2026/propose/section/{}/",
    ],
)
@pytest.mark.parametrize("code", ["P%00", "P" * 21], ids=["a NUL character", "21 characters"])
def test_a_code_no_panel_or_section_can_have_is_not_found_by_the_address(client, route, code):
    # A NUL reached the database through <str:code> and answered 500 on PostgreSQL.
    response = client.get(route.format(code))

    assert response.status_code == 404


@pytest.mark.parametrize("code", ["P070", "S 01", "Ω-1", "x" * 20])
def test_any_code_a_panel_or_section_may_have_reverses_and_resolves(code):
    path = reverse("papers:propose-to-section", kwargs={"event": "gc-2026", "section": code})

    assert resolve(unquote(path)).kwargs == {"event": "gc-2026", "section": code}
