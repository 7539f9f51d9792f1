"""A keyword that panels or papers use is renamed, not deleted: deleting it would
take it off them with nothing in their history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from panels.models import Keyword
from tests.admin_forms import change_url, form_data, sign_in_organiser
from tests.factories import EventFactory, PanelFactory, PaperFactory


@pytest.fixture
def used(db):
    panel = PanelFactory()
    keyword = Keyword.objects.create(event=panel.event, name="Migration")
    panel.keywords.add(keyword)
    PaperFactory(panel=panel).keywords.add(keyword)
    return keyword


def test_a_keyword_in_use_cannot_be_deleted_from_the_shell(used):
    with pytest.raises(ValidationError, match=r"used by 1 panel.* and 1 paper"):
        used.delete()
    with pytest.raises(ValidationError):
        Keyword.objects.filter(pk=used.pk).delete()
    assert Keyword.objects.filter(pk=used.pk).exists()


def test_an_unused_keyword_is_deleted(db):
    keyword = Keyword.objects.create(event=EventFactory(), name="Unused")
    keyword.delete()
    assert not Keyword.objects.filter(name="Unused").exists()


def test_the_keyword_delete_page_says_why_and_deletes_nothing(used, client):
    sign_in_organiser(client, used.event)
    url = reverse("admin:panels_keyword_delete", args=[used.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "used by 1 panel(s) and 1 paper(s)" in page.text
    client.post(url, {"post": "yes"})
    assert Keyword.objects.filter(pk=used.pk).exists()


def test_the_delete_action_refuses_a_keyword_in_use(used, client):
    sign_in_organiser(client, used.event)
    response = client.post(
        reverse("admin:panels_keyword_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk], "post": "yes"},
    )
    assert "used by 1 panel(s)" in response.text
    assert Keyword.objects.filter(pk=used.pk).exists()


def test_ticking_delete_on_the_event_page_is_refused_with_the_reason(used, client):
    sign_in_organiser(client, used.event)
    page = client.get(change_url(used.event))
    data = form_data(page.text)
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("keywords-") and key.endswith("-id") and value == str(used.pk)
    )
    data[f"keywords-{index}-DELETE"] = "on"
    response = client.post(change_url(used.event), data)
    assert response.status_code == 200
    assert "“Migration” is used by 1 panel(s) and 1 paper(s)" in response.text
    assert Keyword.objects.filter(pk=used.pk).exists()
