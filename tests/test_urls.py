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
