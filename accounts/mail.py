"""Every email Colloquy sends: rendered from templates with a text and an HTML
part, and handed to Django's email framework only after the transaction commits,
so that a rolled-back change never announces itself."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import escape, linebreaks, urlize


def html_from_text(text: str, subject: str) -> str:
    """An HTML part for a message that has only a text template."""
    body = linebreaks(urlize(escape(text)))
    return render_to_string("emails/base.html", {"subject": subject, "body": body})


def build_mail(template_prefix: str, to: list[str], context: dict) -> EmailMultiAlternatives:
    """`<prefix>_subject.txt`, `<prefix>_message.txt` and, if there is one,
    `<prefix>_message.html` (else the text, escaped, in our HTML layout)."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"
    text = render_to_string(f"{template_prefix}_message.txt", context).strip()
    try:
        html = render_to_string(f"{template_prefix}_message.html", context)
    except TemplateDoesNotExist:
        html = html_from_text(text, subject)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message


def send_after_commit(message: EmailMultiAlternatives) -> None:
    # robust: a mail server that is down must not turn a saved proposal into a 500.
    transaction.on_commit(message.send, robust=True)


def send_templated_mail(template_prefix: str, to: list[str], context: dict) -> None:
    """One message per recipient, so nobody sees the others' addresses."""
    for address in dict.fromkeys(a.lower() for a in to if a):
        send_after_commit(build_mail(template_prefix, [address], context))
