"""One person twice in one panel: twice among its chairs, or twice its discussant."""

import pytest
from django.core.exceptions import ValidationError

from panels import services
from panels.enums import RoleKind
from panels.models import PanelRole
from tests.admin_forms import add_inline_row, change_url, form_data, sign_in_organiser
from tests.factories import PanelFactory, PanelRoleFactory, UserFactory


@pytest.fixture
def organiser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def panel(db):
    panel = PanelFactory()
    PanelRoleFactory(
        panel=panel, kind=RoleKind.CHAIR, position=1, name="Ana Novak", email="ana@example.org"
    )
    return panel


def test_the_chair_cannot_also_be_the_co_chair_of_her_panel(panel, organiser):
    role = PanelRole(panel=panel, kind=RoleKind.CO_CHAIR, name="Ana Novak", email="ANA@example.org")
    with pytest.raises(ValidationError, match="Ana Novak is already chair of this panel"):
        services.role_save(role=role, by=organiser)
    assert panel.roles.count() == 1


def test_the_chair_may_also_be_the_discussant_of_her_panel(panel, organiser):
    role = PanelRole(
        panel=panel, kind=RoleKind.DISCUSSANT, name="Ana Novak", email="ana@example.org"
    )
    services.role_save(role=role, by=organiser)
    assert list(panel.roles.values_list("kind", flat=True)) == ["chair", "discussant"]


def test_a_discussant_listed_twice_is_refused(panel, organiser):
    services.role_save(
        role=PanelRole(panel=panel, kind=RoleKind.DISCUSSANT, name="Bo Lind", email="bo@x.org"),
        by=organiser,
    )
    with pytest.raises(ValidationError, match="already discussant"):
        services.role_save(
            role=PanelRole(panel=panel, kind=RoleKind.DISCUSSANT, name="B. Lind", email="bo@x.org"),
            by=organiser,
        )


def test_one_account_is_one_person_whatever_address_was_typed(panel, organiser):
    user = UserFactory(email="cleo@example.org")
    services.role_save(
        role=PanelRole(panel=panel, kind=RoleKind.CO_CHAIR, name="Cleo", user=user), by=organiser
    )
    with pytest.raises(ValidationError, match="already co-chair"):
        services.role_save(
            role=PanelRole(panel=panel, kind=RoleKind.CHAIR, name="Cleo", user=user),
            by=organiser,
        )


def test_people_without_an_address_are_told_apart_by_name(panel, organiser):
    services.role_save(
        role=PanelRole(panel=panel, kind=RoleKind.DISCUSSANT, name="Dan Roe"), by=organiser
    )
    with pytest.raises(ValidationError, match="already discussant"):
        services.role_save(
            role=PanelRole(panel=panel, kind=RoleKind.DISCUSSANT, name="dan  roe"), by=organiser
        )
    services.role_save(
        role=PanelRole(panel=panel, kind=RoleKind.DISCUSSANT, name="Eva Roe"), by=organiser
    )
    assert panel.roles.filter(kind=RoleKind.DISCUSSANT).count() == 2


def test_changing_a_role_does_not_count_the_role_against_itself(panel, organiser):
    role = panel.roles.get()
    role.affiliation = "Elsewhere"
    services.role_save(role=role, by=organiser)
    assert panel.roles.get().affiliation == "Elsewhere"


def test_the_panel_page_refuses_the_chair_typed_again_as_co_chair(panel, client):
    sign_in_organiser(client, panel.event)
    page = client.get(change_url(panel))
    assert page.status_code == 200
    data = add_inline_row(
        form_data(page.text),
        "roles",
        kind="co_chair",
        name="Ana Novak",
        email=" Ana@Example.org ",
        affiliation="",
        position="2",
    )
    response = client.post(change_url(panel), data)
    assert response.status_code == 200
    assert "Ana Novak is already chair of this panel." in response.text
    assert panel.roles.count() == 1
