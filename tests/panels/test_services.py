import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from panels import services
from panels.enums import PanelStatus
from panels.models import Panel
from tests.factories import PanelFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed():
    return PanelFactory(status=PanelStatus.PROPOSED)


def test_a_section_chair_accepts_a_proposed_panel(proposed):
    section_chair = UserFactory()
    proposed.section.co_chair = section_chair
    proposed.section.save()

    services.panel_accept(panel=proposed, by=section_chair)

    assert Panel.objects.get(pk=proposed.pk).status == PanelStatus.ACCEPTED


def test_an_organiser_rejects_a_proposed_panel(proposed, organiser):
    services.panel_reject(panel=proposed, by=organiser)

    assert Panel.objects.get(pk=proposed.pk).status == PanelStatus.REJECTED


def test_someone_who_does_not_chair_the_section_cannot_decide_on_panels(proposed):
    other_section_chair = UserFactory()
    SectionFactory(event=proposed.event, chair=other_section_chair)

    with pytest.raises(PermissionDenied):
        services.panel_accept(panel=proposed, by=other_section_chair)

    assert Panel.objects.get(pk=proposed.pk).status == PanelStatus.PROPOSED


@pytest.mark.parametrize(
    ("service", "start"),
    [
        (services.panel_accept, PanelStatus.ACCEPTED),
        (services.panel_accept, PanelStatus.REJECTED),
        (services.panel_reject, PanelStatus.WITHDRAWN),
        (services.panel_withdraw, PanelStatus.WITHDRAWN),
        (services.panel_withdraw, PanelStatus.REJECTED),
    ],
)
def test_an_impossible_panel_transition_is_refused_and_changes_nothing(organiser, service, start):
    panel = PanelFactory(status=start)

    with pytest.raises(ValidationError) as error:
        service(panel=panel, by=organiser)

    assert error.value.code == "invalid_transition"
    assert Panel.objects.get(pk=panel.pk).status == start


def test_an_accepted_panel_can_be_withdrawn(organiser):
    panel = PanelFactory()

    services.panel_withdraw(panel=panel, by=organiser)

    assert Panel.objects.get(pk=panel.pk).status == PanelStatus.WITHDRAWN
