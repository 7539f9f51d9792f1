"""The programme's own rows: an organiser's import of a file, run in the background."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PANELS = "panels", _("Panels")
    PAPERS = "papers", _("Papers")
    ROOMS = "rooms", _("Rooms")
    SLOTS = "slots", _("Time slots")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

    @classmethod
    def running(cls):
        return [cls.QUEUED, cls.CHECKING, cls.IMPORTING]


class ImportJob(models.Model):
    """One uploaded file, checked (a dry run) and then, once confirmed, imported by a
    task (programme.imports). The file's bytes are kept in the row, never served."""

    event = models.ForeignKey(
        "panels.Event",
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("event"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    kind = models.CharField(_("what the file holds"), max_length=10, choices=ImportKind)
    format = models.CharField(_("format"), max_length=10)
    file_name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState, default=ImportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    #: {"confirmed": bool, "errors": [{"row", "column", "messages"}], "totals": {...}}
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)  # why a failed job failed, in words
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values), name="import_job_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ImportKind.values), name="import_job_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")),
                name="import_job_rows_done_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("admin:programme_importjob_change", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.state in ImportState.running()

    @property
    def errors(self) -> list:
        return self.result.get("errors", [])
