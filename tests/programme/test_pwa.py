"""The web app manifest, the service worker and the offline page, as served."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_its_icons_and_its_scope(client):
    response = client.get(reverse("manifest"))

    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert (manifest["display"], manifest["start_url"], manifest["scope"]) == (
        "standalone",
        "/",
        "/",
    )
    assert manifest["short_name"] == "Colloquy"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        served.close()
        assert served.status_code == 200


def test_every_page_links_the_manifest_and_loads_no_inline_script(client, panel):
    response = client.get(panel.get_absolute_url())

    assert '<link rel="manifest" href="/manifest.webmanifest">' in response.text
    assert "<script>" not in response.text
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_service_worker_is_served_from_the_root_with_its_version_and_shell(client):
    response = client.get(reverse("service-worker"))

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "/static/css/colloquy.css" in body
    assert '"/offline/"' in body
    assert 'const VERSION = "' in body


def test_the_offline_page_explains_itself(client):
    response = client.get(reverse("offline"))

    assert "You are offline" in response.text


def test_the_install_hint_is_on_every_page_waiting_for_the_script(client, panel):
    response = client.get(panel.get_absolute_url())

    assert '<aside id="install-hint" class="install-hint container" hidden' in response.text
    assert "Add to Home Screen" in response.text
