from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from panels.enums import RoleKind
from tests.factories import (
    EventFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    SectionFactory,
    UserFactory,
)


@pytest.fixture
def open_event(db):
    """A published event whose paper call is open, with a keyword list."""
    now = timezone.now()
    event = EventFactory(
        paper_call_opens=now - timedelta(days=10),
        paper_call_closes=now + timedelta(days=10),
        decision_deadline=now + timedelta(days=20),
        min_keywords=1,
        max_keywords=3,
        max_proposals_per_person=2,
        max_papers_presented_per_person=1,
    )
    KeywordFactory.create_batch(4, event=event)
    return event


@pytest.fixture
def open_panel(open_event):
    """An accepted panel of the open event, with a chair who has an email address."""
    section = SectionFactory(event=open_event)
    panel = PanelFactory(section=section, code="P070")
    chair = UserFactory(email="chair@example.org")
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair, email=chair.email)
    return panel


@pytest.fixture
def author(db):
    user = UserFactory(email="ada@example.org", name="Ada Author", affiliation="Univ A")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client
