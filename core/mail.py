"""Every email Colloquy sends: rendered from templates with a text and an HTML
part, logged, and handed to Django's email framework only after the transaction
commits, so that a rolled-back change never announces itself."""

import logging

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import mark_safe

from core.site import site_url

logger = logging.getLogger(__name__)


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
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to or None
    )
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
    """Log the message now (in the transaction) and send it once the transaction commits."""
    # The log is accounts' model, looked up by name: this package imports no app of ours.
    EmailLog = apps.get_model("accounts", "EmailLog")

    logs = [
        EmailLog.objects.create(
            to=address,
            subject=message.subject[:300],
            template=template[:100],
            **(about_fields(about) or {"event": event}),
        )
        for address in message.to
    ]

    def send():
        try:
            message.send()
        except Exception as error:  # the log must say why, whatever the mail server did
            logger.exception("Sending %s to %s failed", template, message.to)
            EmailLog.objects.filter(pk__in=[log.pk for log in logs]).update(
                status=EmailLog.Status.FAILED, error=str(error)[:2000]
            )
        else:
            EmailLog.objects.filter(pk__in=[log.pk for log in logs]).update(
                status=EmailLog.Status.SENT, sent_at=timezone.now()
            )

    transaction.on_commit(send, robust=True)


def send_templated_mail(
    template_prefix: str,
    to: list[str],
    context: dict,
    event=None,
    *,
    about=None,
    reply_to: list[str] | None = None,
) -> None:
    """One message per recipient, so nobody sees the others' addresses. `about`, a
    panel or a paper, logs the message with its event, section and panel, so the
    organisers and the chairs concerned see it; `reply_to`, who answers."""
    for address in dict.fromkeys(a.strip().lower() for a in to if a and a.strip()):
        message = build_mail(template_prefix, [address], context, reply_to=reply_to)
        send_after_commit(message, template=template_prefix, event=event, about=about)
