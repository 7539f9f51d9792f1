"""A chair entered by name and email gets her panel when she confirms that address:
at sign-up, later on an account she has, or already confirmed at sign-up; an
unconfirmed address never links. She is told once, by email, which panels she chairs."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import EmailLog, User
from panels.enums import PanelStatus, PaperDecider, RoleKind
from panels.models import PanelRole
from panels.roles import roles_of
from panels.rules import holds_admin_role
from panels.services import link_roles
from tests.factories import EventFactory, PanelFactory, PanelRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Nia.New@Example.org",
    "name": "Nia New",
    "affiliation": "University of Lagos",
    "password1": "a-long-passphrase-77",
    "password2": "a-long-passphrase-77",
}
LINKED_SUBJECT = "Your panel"


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def role_mails():
    return [m for m in mail.outbox if LINKED_SUBJECT in m.subject]


@pytest.fixture
def role(db):
    """Next year's panel, accepted, its chair entered by name and email only."""
    panel = PanelFactory(code="P007", title="Commons and Their Keepers")
    return PanelRoleFactory(
        panel=panel, kind=RoleKind.CHAIR, name="Nia New", email="nia.new@example.org", user=None
    )


def test_a_chair_entered_by_email_signs_up_confirms_and_decides_in_the_admin(
    client, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    (confirmation,) = mail.outbox
    link = link_in(confirmation)
    role.refresh_from_db()
    assert role.user is None  # the address is not confirmed yet

    client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)
    index = client.get(reverse("admin:index"))
    changelist = client.get(reverse("admin:panels_panel_changelist"))

    nia = User.objects.get(email="nia.new@example.org")
    role.refresh_from_db()
    assert confirmed.status_code == 302
    assert role.user == nia
    assert index.status_code == 200
    assert "P007" in index.text
    assert list(changelist.context["cl"].result_list) == [role.panel]
    (told,) = role_mails()
    assert told.to == ["nia.new@example.org"]
    assert "P007" in told.subject
    assert "P007 Commons and Their Keepers (chair)" in told.body
    assert "You can now decide on the papers proposed to it" in told.body
    assert f"{reverse('admin:index')}\n" in told.body


def test_the_chairs_email_has_an_html_part_that_renders(
    client, role, django_capture_on_commit_callbacks
):
    nia = UserFactory(email="nia.new@example.org", name="Nia New")

    with django_capture_on_commit_callbacks(execute=True):
        link_roles(user=nia, email="nia.new@example.org")

    (told,) = role_mails()
    html, mimetype = told.alternatives[0]
    assert mimetype == "text/html"
    assert "<p>Hello Nia New,</p>" in html
    assert "P007 Commons and Their Keepers" in html
    assert re.search(r'<a href="https?://[^"]+/admin/">', html)
    assert "&lt;" not in html


def test_a_role_links_when_an_existing_account_adds_and_confirms_the_address(
    client, role, django_capture_on_commit_callbacks
):
    nia = UserFactory(email="nia@home.example.org")
    EmailAddress.objects.create(user=nia, email=nia.email, verified=True, primary=True)
    client.force_login(nia)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_email"), {"action_add": "", "email": "NIA.NEW@example.org"})
    (confirmation,) = mail.outbox
    role.refresh_from_db()
    assert role.user is None
    assert client.get(reverse("admin:index")).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(confirmation))

    role.refresh_from_db()
    assert role.user == nia
    assert client.get(reverse("admin:index")).status_code == 200
    assert len(role_mails()) == 1


def test_an_unconfirmed_address_never_links(client, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    at_admin = client.post(
        reverse("admin:login"),
        {"username": "nia.new@example.org", "password": SIGNUP["password1"], "next": "/admin/"},
    )

    role.refresh_from_db()
    assert role.user is None
    assert "chairs a panel or a section" in at_admin.text
    assert "_auth_user_id" not in client.session
    assert role_mails() == []


def test_an_address_confirmed_already_at_sign_up_links_at_once(
    client, role, django_capture_on_commit_callbacks
):
    """allauth's stashed verified email (an invitation, say): no confirmation is sent,
    and no email_confirmed either; the sign-up links."""
    session = client.session
    session["account_verified_email"] = "nia.new@example.org"
    session.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)

    role.refresh_from_db()
    assert role.user == User.objects.get(email="nia.new@example.org")
    assert [m.subject for m in mail.outbox] == [role_mails()[0].subject]
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_chair_is_told_once(client, role, django_capture_on_commit_callbacks):
    nia = UserFactory(email="nia.new@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        first = link_roles(user=nia, email="nia.new@example.org")
        again = link_roles(user=nia, email="nia.new@example.org")

    assert first == [role]
    assert again == []
    assert len(role_mails()) == 1
    assert EmailLog.objects.get().template == "emails/role_linked"


def test_a_role_held_by_another_account_stays_theirs(role):
    other = UserFactory()
    role.user = other
    role.save()

    assert link_roles(user=UserFactory(), email="nia.new@example.org") == []
    role.refresh_from_db()
    assert role.user == other


def test_every_role_of_the_address_links_and_chairs_of_accepted_panels_are_told_per_event(
    django_capture_on_commit_callbacks,
):
    nia = UserFactory(email="nia.new@example.org")
    spring, autumn = EventFactory(name="Spring Meeting"), EventFactory(name="Autumn Meeting")
    accepted = PanelFactory(section__event=spring, code="P001", title="First")
    co_chaired = PanelFactory(section__event=spring, code="P002", title="Second")
    proposed = PanelFactory(section__event=spring, code="P003", status=PanelStatus.PROPOSED)
    elsewhere = PanelFactory(section__event=autumn, code="P001", title="Autumn's First")
    for panel, kind in [
        (accepted, RoleKind.CHAIR),
        (co_chaired, RoleKind.CO_CHAIR),
        (co_chaired, RoleKind.DISCUSSANT),
        (proposed, RoleKind.CHAIR),
        (elsewhere, RoleKind.CHAIR),
    ]:
        PanelRoleFactory(panel=panel, kind=kind, email="NIA.new@example.org")
    PanelRoleFactory(panel=accepted, kind=RoleKind.DISCUSSANT, email="someone@example.org")
    roles_of(nia)  # read before: the same object must see the new roles

    with django_capture_on_commit_callbacks(execute=True):
        linked = link_roles(user=nia, email="nia.new@example.org")

    assert len(linked) == 5
    assert PanelRole.objects.filter(user=nia).count() == 5
    assert holds_admin_role(nia)
    assert roles_of(nia).panel_chair_of == {accepted.pk, co_chaired.pk, elsewhere.pk}
    bodies = {log.event.name: log for log in EmailLog.objects.select_related("event")}
    assert set(bodies) == {"Spring Meeting", "Autumn Meeting"}
    spring_mail, autumn_mail = sorted(role_mails(), key=lambda m: "Autumn" in m.subject)
    assert "P001, P002" in spring_mail.subject
    assert "P001 First (chair)" in spring_mail.body
    assert "P002 Second (co-chair)" in spring_mail.body
    assert "P003" not in spring_mail.body
    assert "discussant" not in spring_mail.body
    assert "P001 Autumn's First (chair)" in autumn_mail.body


def test_where_the_sections_chairs_decide_the_email_says_so(
    role, django_capture_on_commit_callbacks
):
    event = role.panel.event
    event.papers_decided_by = PaperDecider.SECTION_CHAIRS
    event.save()

    with django_capture_on_commit_callbacks(execute=True):
        link_roles(user=UserFactory(), email="nia.new@example.org")

    (told,) = role_mails()
    assert "The section's chairs decide on the papers proposed to it" in told.body
    assert "You can now decide" not in told.body


def test_a_look_alike_address_links_no_role_and_no_authorship():
    """On PostgreSQL a case-insensitive match (UPPER) takes "gma\\u0131l" (dotless i) for
    "gmail": addresses are compared exactly, in lower case."""
    from panels.services import link_roles
    from papers.services import link_authorships
    from tests.factories import AuthorshipFactory, PanelFactory, PanelRoleFactory

    role = PanelRoleFactory(panel=PanelFactory(), email="tony@gmail.com", user=None)
    authorship = AuthorshipFactory(email="tony@gmail.com", user=None)
    mallory = UserFactory(email="tony@gma\u0131l.com")

    link_roles(user=mallory, email=mallory.email)
    link_authorships(user=mallory, email=mallory.email)

    role.refresh_from_db()
    authorship.refresh_from_db()
    assert (role.user, authorship.user) == (None, None)
