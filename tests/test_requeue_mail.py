"""`manage.py requeue_mail`: the messages a stopped or killed worker left queued or
retrying are handed to the worker again, each sent once; the others are left alone."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import EmailLog
from core.mail import deliver_mail, send_templated_mail
from tests.factories import PanelFactory

pytestmark = pytest.mark.django_db


def logged(to, *, minutes_ago, status=EmailLog.Status.QUEUED, attempts=0, capture):
    """A message as `core.mail` logs it, whose task never ran (the worker was down)."""
    panel = PanelFactory(title=f"Panel for {to}")
    with capture(execute=False):  # the commit's callbacks (the enqueue) are dropped
        send_templated_mail(
            "emails/panel_decision",
            [to],
            {"panel": panel, "event": panel.event, "proposed": True},
            about=panel,
        )
    log = EmailLog.objects.get(to=to)
    EmailLog.objects.filter(pk=log.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago), status=status, attempts=attempts
    )
    return log


@pytest.fixture
def stuck_and_not(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    return {
        "queued long ago": logged("old@example.org", minutes_ago=120, capture=capture),
        "killed while sending": logged(
            "killed@example.org", minutes_ago=90, attempts=1, capture=capture
        ),
        "retry long overdue": logged(
            "overdue@example.org",
            minutes_ago=240,
            status=EmailLog.Status.RETRYING,
            attempts=2,
            capture=capture,
        ),
        # Not stuck: just queued, or waiting for a retry not yet due (+1, +5 minutes).
        "just queued": logged("new@example.org", minutes_ago=2, capture=capture),
        "retry not due": logged(
            "waiting@example.org",
            minutes_ago=20,
            status=EmailLog.Status.RETRYING,
            attempts=2,
            capture=capture,
        ),
        "sent": logged(
            "sent@example.org", minutes_ago=300, status=EmailLog.Status.SENT, capture=capture
        ),
        "failed": logged(
            "failed@example.org", minutes_ago=300, status=EmailLog.Status.FAILED, capture=capture
        ),
    }


def run(*args):
    out = StringIO()
    call_command("requeue_mail", *args, stdout=out)
    return out.getvalue()


def test_the_stuck_messages_are_sent_once_and_the_rest_left_alone(stuck_and_not):
    output = run("--older-than", "30")

    assert output == "3 stuck message(s) re-queued.\n"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "killed@example.org",
        "old@example.org",
        "overdue@example.org",
    ]
    statuses = dict(EmailLog.objects.values_list("to", "status"))
    assert statuses == {
        "old@example.org": "sent",
        "killed@example.org": "sent",
        "overdue@example.org": "sent",
        "new@example.org": "queued",
        "waiting@example.org": "retrying",
        "sent@example.org": "sent",
        "failed@example.org": "failed",
    }
    assert EmailLog.objects.get(to="overdue@example.org").attempts == 3


def test_a_dry_run_counts_them_and_sends_nothing(stuck_and_not):
    output = run("--dry-run", "--older-than", "30")

    assert output == "3 stuck message(s) would be re-queued (dry run).\n"
    assert mail.outbox == []
    assert EmailLog.objects.filter(status="sent").count() == 1


def test_older_than_widens_or_narrows_what_counts_as_stuck(stuck_and_not):
    assert run("--dry-run", "--older-than", "0").startswith("5 ")
    assert run("--dry-run", "--older-than", "100").startswith("2 ")
    assert run("--dry-run").startswith("3 ")  # 30 minutes by default


def test_a_negative_age_is_refused():
    with pytest.raises(CommandError, match="0 or more"):
        run("--older-than", "-5")


def test_the_original_task_coming_late_after_a_requeue_sends_nothing_again(stuck_and_not):
    late = stuck_and_not["queued long ago"]
    run("--older-than", "30")

    deliver_mail.call([late.pk])  # the worker is back and runs the task it had

    assert [m.to for m in mail.outbox].count(["old@example.org"]) == 1
    assert EmailLog.objects.get(pk=late.pk).attempts == 1


def test_a_message_a_worker_is_sending_now_is_not_requeued(
    django_capture_on_commit_callbacks, monkeypatch
):
    """The worker comes back and takes a two-hour-old message; while it sends it, the
    operator runs requeue_mail, as docs/deployment.md says: it is sent once."""
    panel = PanelFactory()
    with django_capture_on_commit_callbacks(execute=False):  # the worker was down
        send_templated_mail(
            "emails/panel_decision",
            ["late@example.org"],
            {"panel": panel, "event": panel.event, "proposed": True},
            about=panel,
        )
    log = EmailLog.objects.get(to="late@example.org")
    EmailLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - timedelta(hours=2))
    send, outputs = EmailBackend.send_messages, []

    def send_while_requeued(backend, messages):
        if not outputs:
            outputs.append(StringIO())
            call_command("requeue_mail", stdout=outputs[0])
        return send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_while_requeued)
    deliver_mail.call([log.pk])

    assert [m.to for m in mail.outbox] == [["late@example.org"]]
    assert outputs[0].getvalue() == "0 stuck message(s) re-queued.\n"
    log.refresh_from_db()
    assert (log.status, log.attempts) == (EmailLog.Status.SENT, 1)
