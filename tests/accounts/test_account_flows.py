"""Accounts as a person uses them: sign up, confirm the address by the link,
sign in and out, reset a forgotten password, change password and email, keep a profile."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import AuthorshipFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Nia.New@Example.org",
    "name": "  Nia   New ",
    "affiliation": "University of Lagos",
    "password1": "a-long-passphrase-77",
    "password2": "a-long-passphrase-77",
}


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.fixture
def signed_up(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302, response.content
    return User.objects.get(email="nia.new@example.org")


def test_signing_up_saves_the_person_and_emails_a_confirmation_link(client, signed_up):
    assert (signed_up.name, signed_up.affiliation) == ("Nia New", "University of Lagos")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nia.new@example.org"]
    assert message.subject.startswith("[Colloquy] ")
    assert message.alternatives[0].mimetype == "text/html"
    assert "/accounts/confirm-email/" in link_in(message)


def test_the_html_part_shows_the_text_as_paragraphs_and_links_not_as_escaped_tags(signed_up):
    html = mail.outbox[0].alternatives[0].content

    assert "<p>" in html
    assert re.search(r'<a href="https?://[^"]+/accounts/confirm-email/', html)
    assert "&lt;" not in html


def test_an_unconfirmed_address_cannot_sign_in(
    client, signed_up, django_capture_on_commit_callbacks
):
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"),
            {"login": "nia.new@example.org", "password": SIGNUP["password1"]},
        )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_following_the_link_confirms_the_address_and_signs_in(client, signed_up):
    link = link_in(mail.outbox[0])

    page = client.get(link)
    response = client.post(link)

    assert "Confirm" in page.text
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=signed_up).verified
    assert client.session["_auth_user_id"] == str(signed_up.pk)


def test_signing_up_with_an_email_already_taken_does_not_reveal_it(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="nia.new@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert User.objects.filter(email="nia.new@example.org").count() == 1
    assert "already" in mail.outbox[0].body.lower()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"name": "   "}, "This field is required."),
        ({"password2": "something-else-99"}, "You must type the same password each time."),
        ({"password1": "short", "password2": "short"}, "This password is too short."),
    ],
)
def test_a_bad_sign_up_shows_why_and_creates_nobody(client, changes, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, **changes})

    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.exists()


def test_a_co_author_who_signs_up_later_sees_the_paper_that_names_them(client, signed_up):
    paper = PaperFactory(title="Written Together")
    AuthorshipFactory(paper=paper, email="NIA.NEW@example.org", user=None)

    client.post(link_in(mail.outbox[0]))
    response = client.get(reverse("papers:my-proposals"))

    assert [p.title for p in response.context["papers"]] == ["Written Together"]


def test_a_forgotten_password_is_reset_by_a_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "brand-new-secret-42", "password2": "brand-new-secret-42"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-42")


def test_signing_in_and_out(client):
    user = UserFactory(email="reader@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    signed_in = client.post(
        reverse("account_login"), {"login": "READER@example.org", "password": "secret-password"}
    )
    signed_out = client.post(reverse("account_logout"))

    assert signed_in.url == reverse("papers:my-proposals")
    assert signed_out.url == "/"
    assert "_auth_user_id" not in client.session


def test_changing_the_password_needs_the_old_one(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("account_change_password")

    wrong = client.post(
        url,
        {"oldpassword": "nope", "password1": "new-secret-123x", "password2": "new-secret-123x"},
    )
    right = client.post(
        url,
        {
            "oldpassword": "secret-password",
            "password1": "new-secret-123x",
            "password2": "new-secret-123x",
        },
    )

    assert wrong.status_code == 200
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password("new-secret-123x")


def test_changing_the_email_sends_a_confirmation_to_the_new_address(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="old@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "new@example.org"}
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert EmailAddress.objects.filter(email="new@example.org", verified=False).exists()


def test_the_profile_page_edits_name_affiliation_and_orcid(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "Ada  Lovelace",
            "affiliation": "Analytical Engines",
            "orcid": "0000-0002-1825-0097",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.affiliation, user.orcid) == (
        "Ada Lovelace",
        "Analytical Engines",
        "0000-0002-1825-0097",
    )


@pytest.mark.parametrize(
    ("orcid", "message"),
    [
        ("0000-0002-1825-0098", "last character does not match"),
        ("0000-0002-1825", "four groups of four digits"),
    ],
)
def test_a_wrong_orcid_is_refused_with_a_reason(client, orcid, message):
    user = UserFactory(orcid="")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {"name": user.name, "affiliation": "", "orcid": orcid}
    )

    assert message in response.text
    user.refresh_from_db()
    assert user.orcid == ""


def test_the_profile_page_needs_signing_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_account_pages_use_the_sites_layout(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert 'href="/static/bootstrap/css/bootstrap.min.css"' in response.text
        assert ' form-control"' in response.text
        assert '<main id="main"' in response.text
