"""Mail as the worker sends it, to a real SMTP server (aiosmtpd on 127.0.0.1):
every kind of message arrives, a batch shares one connection, what the server puts
off is retried with back-off and what it refuses is logged with its answer."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailLog
from core.mail import MAX_ATTEMPTS, deliver_mail, send_templated_mail
from panels.enums import RoleKind
from papers import services
from papers.enums import PaperStatus
from tests.factories import (
    AuthorshipFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    UserFactory,
)
from tests.mail_reading import assert_plain_subject

pytestmark = pytest.mark.django_db

KINDS = sorted(
    path.name.removesuffix("_subject.txt")
    for path in (Path(django_settings.BASE_DIR) / "templates" / "emails").glob("*_subject.txt")
)

UKRAINIAN_TITLE = "Мова і ідентичність у пограниччі: усна історія після 1991 року"  # noqa: RUF001
UKRAINIAN_PANEL = "Пам’ять і простір: міста Центрально-Східної Європи"  # noqa: RUF001


@pytest.fixture
def five_author_paper():
    panel = PanelFactory()
    chair = UserFactory(email="chair@example.org")
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair, email=chair.email)
    paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, title="Five Hands")
    for n in range(1, 6):
        AuthorshipFactory(paper=paper, email=f"author{n}@example.org", name=f"Author {n}")
    return paper, chair


def send_one(capture, to="nia@example.org"):
    with capture(execute=True):
        send_templated_mail("emails/paper_decision", [to], context_for_every_kind())
    return EmailLog.objects.get(to=to)


def context_for_every_kind():
    paper = PaperFactory(title="A Paper in Every Message")
    authorship = AuthorshipFactory(paper=paper, email="nia@example.org", name="Nia")
    role = PanelRoleFactory(panel=paper.panel, kind=RoleKind.CHAIR, email="chair@example.org")
    return {
        "paper": paper,
        "panel": paper.panel,
        "event": paper.event,
        "from_panel": paper.panel,
        "to_panel": PanelFactory(event=paper.event),
        "authorship": authorship,
        "authors": [authorship],
        "role": role,
        "roles": [role],
        "papers": [paper],
        "message": "A word from the chairs.",
        "by": role.name,
        "days": 14,
        "confirm_url": "https://colloquy.example.org/confirm/",
        "decline_url": "https://colloquy.example.org/decline/",
        "user": UserFactory(),
        "email": "nia@example.org",
    }


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_message_arrives_through_smtp_with_its_text_and_html(
    kind, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(f"emails/{kind}", ["Nia@Example.org"], context_for_every_kind())

    [received] = smtp_server.received
    assert received.recipients == ["nia@example.org"]
    assert received.message["Subject"].strip().startswith("[Colloquy]")
    assert received.message.get_body(("plain",)).get_content().strip()
    assert "<html" in received.message.get_body(("html",)).get_content().lower()
    log = EmailLog.objects.get()
    assert (log.template, log.status, log.attempts) == (f"emails/{kind}", "sent", 1)


@pytest.mark.parametrize("kind", KINDS)
def test_every_subject_arrives_on_one_line_trimmed_with_one_space_between_words(
    kind, smtp_server, django_capture_on_commit_callbacks
):
    """With a title and names long and non-ASCII enough that the subject is folded and
    encoded on its way: the client reads exactly what was logged."""
    context = context_for_every_kind()
    context["paper"].title = UKRAINIAN_TITLE
    context["authorship"].name = "Анна Ковальова"
    context["panel"].title = UKRAINIAN_PANEL
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(f"emails/{kind}", ["nia@example.org"], context)

    [received] = smtp_server.received
    subject = str(received.message["Subject"])
    assert_plain_subject(subject)
    assert subject == EmailLog.objects.get().subject


def test_a_decision_on_five_authors_reaches_them_all_through_one_connection(
    five_author_paper, smtp_server, django_capture_on_commit_callbacks
):
    paper, chair = five_author_paper

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=paper, by=chair)

    assert sorted(r.recipients[0] for r in smtp_server.received) == [
        f"author{n}@example.org" for n in range(1, 6)
    ]
    assert all(len(r.recipients) == 1 for r in smtp_server.received)  # nobody sees the others
    assert smtp_server.connections == 1
    assert len({r.peer for r in smtp_server.received}) == 1
    assert set(EmailLog.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_the_message_is_only_enqueued_when_the_transaction_commits(
    five_author_paper, smtp_server, django_capture_on_commit_callbacks
):
    paper, chair = five_author_paper

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.paper_accept(paper=paper, by=chair)
    assert smtp_server.received == []
    assert set(EmailLog.objects.values_list("status", flat=True)) == {"queued"}

    for callback in callbacks:
        callback()
    assert len(smtp_server.received) == 5


def test_a_rolled_back_change_sends_and_logs_nothing(
    five_author_paper, smtp_server, django_capture_on_commit_callbacks
):
    paper, chair = five_author_paper

    def accept_then_fail():
        with transaction.atomic():
            services.paper_accept(paper=paper, by=chair)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        accept_then_fail()

    assert smtp_server.received == []
    assert not EmailLog.objects.exists()


def test_a_sign_up_confirmation_arrives_through_smtp(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "nia.new@example.org",
                "name": "Nia New",
                "affiliation": "University of Lagos",
                "password1": "a-long-passphrase-77",
                "password2": "a-long-passphrase-77",
            },
        )

    [received] = smtp_server.received
    assert received.recipients == ["nia.new@example.org"]
    assert "/accounts/confirm-email/" in received.message.get_body(("plain",)).get_content()
    assert received.message.get_body(("html",)) is not None
    assert EmailLog.objects.get().status == "sent"


def test_a_password_reset_arrives_through_smtp(
    client, smtp_server, django_capture_on_commit_callbacks
):
    UserFactory(email="forgetful@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})

    [received] = smtp_server.received
    assert received.recipients == ["forgetful@example.org"]
    assert "/accounts/password/reset/key/" in received.message.get_body(("plain",)).get_content()


def test_a_server_that_puts_the_message_off_gets_it_again_and_the_attempts_are_counted(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.data_answers = ["451 4.3.0 Try again later", "421 4.7.0 Too busy"]

    log = send_one(django_capture_on_commit_callbacks)

    assert (log.status, log.attempts, log.error) == ("sent", 3, "")
    assert smtp_server.attempts == 3
    assert len(smtp_server.received) == 1


def test_a_recipient_put_off_each_time_is_given_up_after_the_last_attempt(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.rcpt_answers = ["450 4.2.1 Mailbox busy"] * 10

    log = send_one(django_capture_on_commit_callbacks)

    assert (log.status, log.attempts) == ("failed", MAX_ATTEMPTS)
    assert log.error.startswith(f"Given up after {MAX_ATTEMPTS} attempts")
    assert "450 4.2.1 Mailbox busy" in log.error
    assert smtp_server.received == []


def test_a_message_the_server_refuses_is_failed_at_once_with_the_servers_answer(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.data_answers = ["554 5.7.1 Message rejected as spam"]

    log = send_one(django_capture_on_commit_callbacks)

    assert (log.status, log.attempts) == ("failed", 1)
    assert log.error == "554 5.7.1 Message rejected as spam"
    assert log.sent_at is None
    assert smtp_server.attempts == 1


def test_an_unknown_recipient_fails_without_holding_back_the_rest_of_the_batch(
    five_author_paper, smtp_server, django_capture_on_commit_callbacks
):
    paper, chair = five_author_paper
    # Authors are sent to in the order of their log rows: the second is unknown.
    smtp_server.rcpt_answers = ["250 OK", "550 5.1.1 No such user here"]

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=paper, by=chair)

    logs = list(EmailLog.objects.order_by("pk"))
    assert [log.status for log in logs] == ["sent", "failed", "sent", "sent", "sent"]
    assert logs[1].error == f"{logs[1].to}: 550 5.1.1 No such user here"
    assert len(smtp_server.received) == 4
    assert smtp_server.connections == 1


def test_a_server_that_cannot_be_reached_leaves_the_messages_to_retry_later(
    settings, five_author_paper, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2, "use_tls": False},
        }
    }
    paper, chair = five_author_paper
    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=paper, by=chair)
    backend = task_backends["default"]
    [enqueued] = backend.results
    assert enqueued.task.run_after is None

    before = timezone.now()
    deliver_mail.call(*enqueued.args)

    logs = EmailLog.objects.all()
    assert {(log.status, log.attempts) for log in logs} == {("retrying", 1)}
    assert "ConnectionRefusedError" in logs[0].error
    retry = backend.results[-1]
    assert sorted(retry.args[0]) == sorted(enqueued.args[0])
    wait = retry.task.run_after - before
    assert datetime.timedelta(seconds=59) < wait < datetime.timedelta(seconds=65)


def test_a_message_already_sent_is_not_sent_again_when_its_task_runs_twice(
    smtp_server, django_capture_on_commit_callbacks
):
    log = send_one(django_capture_on_commit_callbacks)

    deliver_mail.call([log.pk])

    assert len(smtp_server.received) == 1


def test_the_admin_log_shows_the_retrying_messages_with_their_attempts(client, organiser):
    EmailLog.objects.create(
        to="later@example.org", subject="Put off", template="t", status="retrying", attempts=3
    )
    EmailLog.objects.create(to="done@example.org", subject="Done", template="t", status="sent")
    client.force_login(organiser)

    response = client.get(
        reverse("admin:accounts_emaillog_changelist"), {"status__exact": "retrying"}
    )

    assert response.status_code == 200
    assert "later@example.org" in response.text
    assert "done@example.org" not in response.text
    assert "retrying (attempt 3 of 5)" in response.text


def test_one_message_put_off_in_a_batch_is_retried_alone_while_the_rest_are_sent(
    five_author_paper, smtp_server, django_capture_on_commit_callbacks
):
    paper, chair = five_author_paper
    smtp_server.data_answers = ["250 OK", "451 4.3.0 Greylisted, try again later"]

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=paper, by=chair)

    logs = list(EmailLog.objects.order_by("pk"))
    assert [(log.status, log.attempts) for log in logs] == [
        ("sent", 1),
        ("sent", 2),
        ("sent", 1),
        ("sent", 1),
        ("sent", 1),
    ]
    assert len(smtp_server.received) == 5
    assert smtp_server.connections == 2  # the batch, then the retry of the one
