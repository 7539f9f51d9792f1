from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .managers import UserManager
from .validators import validate_orcid


class User(AbstractBaseUser, PermissionsMixin):
    """A person: author, chair, organiser. The email address is the login."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text=_("Optional, e.g. 0000-0002-1825-0097."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can sign in to the admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


# What each kind of message is, for people reading the log: the template prefix
# `core.mail.send_templated_mail` was given (`emails/…`), or allauth's (its last part).
MAIL_KINDS = {
    "emails/authorship_declined": _("co-author declined"),
    "emails/authorship_request": _("co-author asked to confirm"),
    "emails/panel_decision": _("decision on a panel"),
    "emails/panel_papers_arrived": _("papers moved into a panel"),
    "emails/panel_proposed": _("panel proposed (to chairs)"),
    "emails/panel_receipt": _("panel proposal received"),
    "emails/paper_decision": _("decision on a paper"),
    "emails/paper_moved": _("paper moved to another panel"),
    "emails/paper_panel_cancelled": _("panel cancelled (to authors)"),
    "emails/paper_proposed": _("paper proposed (to chairs)"),
    "emails/paper_receipt": _("paper proposal received"),
    "emails/paper_withdrawn": _("paper withdrawn (to chairs)"),
    "emails/role_linked": _("panel role linked to an account"),
    "account_already_exists": _("sign-up: account already exists"),
    "email_changed": _("account: address changed"),
    "email_confirm": _("account: address confirmed"),
    "email_confirmation": _("account: confirm an address"),
    "email_confirmation_signup": _("sign-up: confirm your address"),
    "email_deleted": _("account: address removed"),
    "login_code": _("sign-in code"),
    "password_changed": _("account: password changed"),
    "password_reset": _("account: password reset"),
    "password_reset_code": _("account: password reset code"),
    "password_reset_key": _("account: password reset link"),
    "password_set": _("account: password set"),
    "unknown_account": _("password reset for an unknown address"),
}


def mail_kind(template: str) -> str:
    """What a logged message is, in words (`MAIL_KINDS`); the template's own name for
    a kind not listed there, so a new kind shows as itself until it is named."""
    return str(MAIL_KINDS.get(template, template))


class EmailLog(models.Model):
    """Every email Colloquy sent or tried to send, to answer "I never got it"."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("retrying")
        FAILED = "failed", _("failed")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    template = models.CharField(_("kind"), max_length=100)
    event = models.ForeignKey(
        "panels.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    # What the message is about, so the chairs concerned see it (`email_logs_for_admin`).
    section = models.ForeignKey(
        "panels.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("section"),
    )
    panel = models.ForeignKey(
        "panels.Panel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("panel"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a worker last took the message to send it (core.mail.deliver_mail): a row
    # taken lately is being sent, not stuck (core.mail.stuck_mail).
    claimed_at = models.DateTimeField(_("taken to send at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The message as rendered, so that the worker sends (and resends) exactly it.
    from_email = models.CharField(_("from"), max_length=300, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    text_body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email sent")
        verbose_name_plural = _("emails sent")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sent", "retrying", "failed"]),
                name="email_log_status_valid",
            )
        ]
        indexes = [models.Index(fields=["to", "created_at"], name="email_log_to_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"
