"""Every email Colloquy sends: rendered from templates with a text and an HTML
part, logged, and handed to the task worker only after the transaction commits,
so that a rolled-back change never announces itself and no mail server slows a
page down. The worker sends, retries what a server put off and records the rest."""

import email.policy
import logging
import smtplib
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import mark_safe

from core.site import site_url

logger = logging.getLogger(__name__)


class Mail(EmailMultiAlternatives):
    """Every message we send: its headers folded only past RFC 5322's limit of 998
    characters a line, not at the default 78. Python 3.13.0's folder, at 78, breaks a
    non-ASCII subject into encoded words so that a mail client reads two spaces where
    plain words meet encoded ones and none between encoded words (a Ukrainian title
    ran its words together): CPython gh-144156. Our subjects stay well under 998."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def html_from_text(text: str, subject: str) -> str:
    """An HTML part for a message that has only a text template."""
    # Escaped here, so the layout must not escape it again (it showed the tags).
    body = mark_safe(linebreaks(urlize(escape(text))))  # noqa: S308 -- escaped first
    return render_to_string("emails/base.html", {"subject": subject, "body": body})


def build_mail(
    template_prefix: str, to: list[str], context: dict, reply_to: list[str] | None = None
) -> EmailMultiAlternatives:
    """`<prefix>_subject.txt`, `<prefix>_message.txt` and, if there is one,
    `<prefix>_message.html` (else the text, escaped, in our HTML layout). The
    context gets `site_url` (core.site) and `recipient`, the address written to."""
    context = {"site_url": site_url(), "recipient": to[0] if to else "", **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"
    text = render_to_string(f"{template_prefix}_message.txt", context).strip()
    try:
        html = render_to_string(f"{template_prefix}_message.html", context)
    except TemplateDoesNotExist:
        html = html_from_text(text, subject)
    message = Mail(subject, text, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to or None)
    message.attach_alternative(html, "text/html")
    return message


def about_fields(about) -> dict:
    """The log's event, section and panel for a message about a panel or a paper."""
    if about is None:
        return {}
    is_panel = about._meta.model_name == "panel"
    return {
        "event_id": about.event_id,
        "section_id": about.section_id,
        "panel_id": about.pk if is_panel else about.panel_id,
    }


def send_after_commit(
    message: EmailMultiAlternatives, *, template: str, event=None, about=None
) -> None:
    """Log the message now (in the transaction); the worker sends it once the
    transaction commits."""
    send_all_after_commit([message], template=template, event=event, about=about)


def send_all_after_commit(
    messages: list[EmailMultiAlternatives], *, template: str, event=None, about=None
) -> None:
    """Log every message (one row per recipient) in the transaction, and enqueue one
    task for them all when it commits: the worker sends them through one connection.
    `about` (a panel or a paper) gives the log its event, section and panel."""
    # The log is accounts' model, looked up by name: this package imports no app of ours.
    EmailLog = apps.get_model("accounts", "EmailLog")

    logs = EmailLog.objects.bulk_create(
        EmailLog(
            # Lower case, as allauth keeps addresses: what an author was sent is found
            # by her confirmed addresses (accounts.selectors.emails_sent_to).
            to=address.strip().lower(),
            subject=message.subject[:300],
            template=template[:100],
            **(about_fields(about) or {"event": event}),
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            reply_to=[str(a) for a in message.reply_to],
            headers={str(k): str(v) for k, v in message.extra_headers.items()},
            text_body=message.body,
            html_body=_html_part(message),
        )
        for message in messages
        for address in message.to
    )
    if logs:
        ids = [log.pk for log in logs]
        transaction.on_commit(lambda: deliver_mail.enqueue(ids), robust=True)


def _html_part(message: EmailMultiAlternatives) -> str:
    for alternative in getattr(message, "alternatives", ()):
        if alternative.mimetype == "text/html":
            return str(alternative.content)
    return ""


def _message_from_log(log) -> EmailMultiAlternatives:
    message = Mail(
        log.subject,
        log.text_body,
        log.from_email or settings.DEFAULT_FROM_EMAIL,
        [log.to],
        reply_to=log.reply_to or None,
        headers=log.headers or None,
    )
    if log.html_body:
        message.attach_alternative(log.html_body, "text/html")
    return message


# Delivery, in the task worker ----------------------------------------------------------

MAX_ATTEMPTS = 5
# Wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 25, 125)]


class _Refusal:
    """What a mail server's answer means for a message: try again later or give up."""

    def __init__(self, answer: str, *, temporary: bool, connection_lost: bool = False):
        self.answer = answer[:2000]
        self.temporary = temporary
        self.connection_lost = connection_lost


def _smtp_answer(code, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _refusal(error: Exception) -> _Refusal:
    """4xx, a lost or refused connection and a timeout are temporary; 5xx is final.
    Whatever else went wrong (a message that cannot be encoded) would fail again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = error.recipients.values()
        temporary = all(400 <= code < 500 for code, _ in answers)
        text = "; ".join(
            f"{address}: {_smtp_answer(*answer)}" for address, answer in error.recipients.items()
        )
        return _Refusal(text, temporary=temporary)
    if isinstance(error, smtplib.SMTPResponseException):
        # A greeting or HELO refused leaves no connection to send the rest through.
        lost = isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPHeloError)
        temporary = not 500 <= error.smtp_code < 600
        return _Refusal(
            _smtp_answer(error.smtp_code, error.smtp_error),
            temporary=temporary,
            connection_lost=lost,
        )
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
        # Refused, reset, timed out, name not found: the server may be back later.
        return _Refusal(f"{type(error).__name__}: {error}", temporary=True, connection_lost=True)
    return _Refusal(f"{type(error).__name__}: {error}", temporary=False)


@task
def deliver_mail(log_ids: list[int]) -> dict[str, int]:
    """Send the logged messages that are still to be sent, through one connection;
    mark each sent, retrying (and enqueue a later try) or failed."""
    EmailLog = apps.get_model("accounts", "EmailLog")
    pending = EmailLog.Status.QUEUED, EmailLog.Status.RETRYING
    found = EmailLog.objects.filter(pk__in=log_ids, status__in=pending).order_by("pk")
    # Each row is claimed by adding one to the attempts it was read with: of two tasks
    # for one row at once (one re-queued by `requeue_mail`), only one sends it.
    logs = [
        log
        for log in found
        if EmailLog.objects.filter(pk=log.pk, status__in=pending, attempts=log.attempts).update(
            attempts=F("attempts") + 1, claimed_at=timezone.now()
        )
    ]
    if not logs:
        return {}

    outcomes: dict[int, _Refusal | None] = {}
    connection = mailers.default
    try:
        connection.open()
    except Exception as error:  # the log must say why, whatever the mail server did
        refusal = _refusal(error)
        outcomes = dict.fromkeys((log.pk for log in logs), refusal)
    else:
        try:
            for log in logs:
                try:
                    connection.send_messages([_message_from_log(log)])
                except Exception as error:  # recorded in the log, whatever it was
                    refusal = outcomes[log.pk] = _refusal(error)
                    if refusal.connection_lost:
                        break
                else:
                    outcomes[log.pk] = None
        finally:
            try:
                connection.close()
            except Exception:  # all was sent or recorded already
                logger.warning("Closing the mail connection failed", exc_info=True)
        # Those after a lost connection were not tried: they wait with the one that was.
        lost = next((r for r in outcomes.values() if r and r.connection_lost), None)
        for log in logs:
            outcomes.setdefault(log.pk, lost)
    return _record(logs, outcomes)


def _record(logs, outcomes) -> dict[str, int]:
    EmailLog = apps.get_model("accounts", "EmailLog")
    now = timezone.now()
    sent = [pk for pk, refusal in outcomes.items() if refusal is None]
    EmailLog.objects.filter(pk__in=sent).update(status=EmailLog.Status.SENT, sent_at=now, error="")
    retry: dict[int, list[int]] = {}
    failed = 0
    for log in logs:
        refusal = outcomes[log.pk]
        if refusal is None:
            continue
        attempts = log.attempts + 1
        if refusal.temporary and attempts < MAX_ATTEMPTS:
            status = EmailLog.Status.RETRYING
            retry.setdefault(attempts, []).append(log.pk)
            error = refusal.answer
        else:
            status = EmailLog.Status.FAILED
            failed += 1
            error = refusal.answer
            if refusal.temporary:
                error = f"Given up after {attempts} attempts. Last answer: {error}"[:2000]
            logger.warning("Sending %s to %s failed: %s", log.template, log.to, refusal.answer)
        EmailLog.objects.filter(pk=log.pk).update(status=status, error=error)
    for attempts, ids in retry.items():
        _enqueue_retry(ids, delay=RETRY_DELAYS[attempts - 1])
    return {"sent": len(sent), "retrying": sum(map(len, retry.values())), "failed": failed}


def stuck_mail(*, older_than: timedelta, now=None):
    """The logged messages no task will send any more, as a queryset of `EmailLog`:
    queued for longer than `older_than` (the worker was down, or killed while
    sending), or retrying and `older_than` past the earliest moment their next try
    was due (`RETRY_DELAYS` after each earlier try, counted from when it was queued);
    and in either case not taken by a worker within `older_than` (`claimed_at`: one
    that is sending it now would send it twice)."""
    EmailLog = apps.get_model("accounts", "EmailLog")
    cutoff = (now or timezone.now()) - older_than
    stuck = Q(status=EmailLog.Status.QUEUED, created_at__lt=cutoff)
    for attempts in range(1, MAX_ATTEMPTS):
        waited = sum(RETRY_DELAYS[:attempts], timedelta())
        stuck |= Q(
            status=EmailLog.Status.RETRYING, attempts=attempts, created_at__lt=cutoff - waited
        )
    not_taken = Q(claimed_at__isnull=True) | Q(claimed_at__lt=cutoff)
    return EmailLog.objects.filter(stuck & not_taken)


REQUEUE_BATCH = 100


def requeue_mail(logs) -> int:
    """Enqueue `deliver_mail` again for these `EmailLog` rows (a queryset) that are
    still queued or retrying, up to `REQUEUE_BATCH` a task; the number of rows. A row
    that another task sends meanwhile is sent once (`deliver_mail` claims each row)."""
    EmailLog = apps.get_model("accounts", "EmailLog")
    pending = EmailLog.Status.QUEUED, EmailLog.Status.RETRYING
    ids = list(logs.filter(status__in=pending).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REQUEUE_BATCH):
        deliver_mail.enqueue(ids[start : start + REQUEUE_BATCH])
    return len(ids)


def _enqueue_retry(ids: list[int], *, delay: timedelta) -> None:
    # A backend that cannot defer (the immediate one, in tests) tries again at once.
    if deliver_mail.get_backend().supports_defer:
        deliver_mail.using(run_after=timezone.now() + delay).enqueue(ids)
    else:
        deliver_mail.enqueue(ids)


def send_templated_mail(
    template_prefix: str,
    to: list[str],
    context: dict,
    event=None,
    *,
    about=None,
    reply_to: list[str] | None = None,
) -> None:
    """One message per recipient, so nobody sees the others' addresses; all of them
    through one connection, by the worker, after the commit. `about`, a panel or a
    paper, logs the messages with its event, section and panel, so the organisers and
    the chairs concerned see them; `reply_to`, who answers."""
    send_templated_mail_by_part(
        template_prefix, [(to, context)], event=event, about=about, reply_to=reply_to
    )


def send_templated_mail_by_part(
    template_prefix: str,
    parts: list[tuple[list[str], dict]],
    *,
    event=None,
    about=None,
    reply_to: list[str] | None = None,
) -> None:
    """`send_templated_mail` for recipients who play different parts: `parts` is a list
    of `(addresses, context)`, each address written to with its part's context (the
    submitter and a co-author, a panel chair and a section chair). One batch, one
    connection; an address in two parts hears once, in the first."""
    messages, seen = [], set()
    for to, context in parts:
        for address in dict.fromkeys(a.strip().lower() for a in to if a and a.strip()):
            if address not in seen:
                seen.add(address)
                messages.append(build_mail(template_prefix, [address], context, reply_to=reply_to))
    send_all_after_commit(messages, template=template_prefix, event=event, about=about)
