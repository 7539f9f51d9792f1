import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.folding import FoldedFieldsMixin, FoldingQuerySet
from core.loaded import LoadedValuesMixin
from core.people import PublicPerson
from panels.enums import PanelStatus
from panels.models import Event, Keyword, Panel, Section, StatusChange

from .enums import AuthorshipStatus, PaperStatus


def full_paper_path(paper, filename):
    """A name nobody can guess; the download view decides who may read it."""
    return f"full-papers/{paper.event_id}/{uuid.uuid4().hex}.pdf"


class PaperQuerySet(FoldingQuerySet):
    def accepted(self):
        return self.filter(status=PaperStatus.ACCEPTED)

    def public(self):
        """Papers anyone may see: accepted, in an accepted panel of a published event."""
        return self.accepted().filter(panel__status=PanelStatus.ACCEPTED, event__is_published=True)

    def with_authors(self, *, declined: bool = False):
        """Prefetch the authors in order; those who declined only when `declined`
        (their own lists and the admin keep them, the public pages do not)."""
        authors = Authorship.objects.order_by("position", "pk")
        if not declined:
            authors = authors.exclude(status=AuthorshipStatus.DECLINED)
        return self.prefetch_related(models.Prefetch("authorships", queryset=authors))


class Paper(LoadedValuesMixin, FoldedFieldsMixin, models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="papers")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="papers", verbose_name=_("section")
    )
    panel = models.ForeignKey(
        Panel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("panel"),
        help_text=_("Blank while the paper waits in its section's pool."),
    )
    title = models.CharField(_("title"), max_length=400)
    abstract = models.TextField(_("abstract"))
    # Folded copies for search (core.folding), kept by save() and the bulk writes.
    folded_fields = {"title_folded": "title", "abstract_folded": "abstract"}
    title_folded = models.TextField(editable=False, default="")
    abstract_folded = models.TextField(editable=False, default="")
    keywords = models.ManyToManyField(
        Keyword, blank=True, related_name="papers", verbose_name=_("keywords")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PaperStatus, default=PaperStatus.SUBMITTED
    )
    position = models.PositiveSmallIntegerField(
        _("position in panel"), default=0, help_text=_("Order of accepted papers in the panel.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="papers_submitted",
        verbose_name=_("submitted by"),
    )
    for_authors = models.BooleanField(
        _("a proposal of its authors"),
        default=False,
        editable=False,
        help_text=_(
            "Made for its authors (in a panel proposal, or entered by an organiser): it "
            "counts for each author once she confirms, not for whoever typed it in."
        ),
    )
    full_paper = models.FileField(
        _("full paper (PDF)"), upload_to=full_paper_path, blank=True, max_length=200
    )
    full_paper_uploaded_at = models.DateTimeField(_("full paper uploaded"), null=True, blank=True)
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("From the proposal form: the same form sent twice makes one paper."),
    )
    decision_message = models.TextField(_("decision message"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="papers_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PaperQuerySet.as_manager()
    # Whether it was public before a save (programme.signals), without a query.
    loaded_fields = ("status",)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["position", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PaperStatus.values), name="paper_status_valid"
            ),
            # A paper outside a panel (in the section's pool) cannot be accepted.
            models.CheckConstraint(
                condition=Q(panel__isnull=False) | ~Q(status=PaperStatus.ACCEPTED),
                name="paper_accepted_has_panel",
            ),
        ]
        indexes = [
            models.Index(fields=["panel", "status", "position"], name="paper_panel_status_idx"),
            models.Index(fields=["event", "status"], name="paper_event_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:paper-detail", kwargs={"event": self.event.slug, "pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.section_id and self.event_id and self.section.event_id != self.event_id:
            errors["section"] = _("Choose a section of this paper's event.")
        if self.panel_id and self.section_id and self.panel.section_id != self.section_id:
            errors["panel"] = _("Choose a panel of this paper's section.")
        if errors:
            raise ValidationError(errors, code="inconsistent")


class Authorship(LoadedValuesMixin, PublicPerson, FoldedFieldsMixin, models.Model):
    """An author of a paper, as at submission. Co-authors need no account."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    # The person's public page (core/people.py): a readable slug and a key.
    name_slug = models.SlugField(_("name in addresses"), max_length=200, editable=False, default="")
    person_key = models.CharField(_("person key"), max_length=10, editable=False, default="")
    email = models.EmailField(_("email"), blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    is_presenter = models.BooleanField(_("presenter"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
        verbose_name=_("account"),
    )
    # Named by someone else, a person confirms (or declines) by the link mailed to
    # her; until then the paper does not count against her limits.
    status = models.CharField(
        _("confirmation"),
        max_length=20,
        choices=AuthorshipStatus,
        default=AuthorshipStatus.CONFIRMED,
    )
    answered_at = models.DateTimeField(_("confirmed or declined at"), null=True, blank=True)
    # Folded copies for search (core.folding), kept by save() and the bulk writes.
    folded_fields = {"name_folded": "name", "affiliation_folded": "affiliation"}
    name_folded = models.TextField(editable=False, default="")
    affiliation_folded = models.TextField(editable=False, default="")

    objects = FoldingQuerySet.as_manager()
    # An authorship moved to another paper leaves the old one's pages too.
    loaded_fields = ("paper_id",)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "position"], name="authorship_position_unique"
            ),
            models.UniqueConstraint(
                "paper",
                Lower("email"),
                condition=~Q(email=""),
                name="authorship_email_unique_per_paper",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AuthorshipStatus.values), name="authorship_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["user"], name="authorship_user_idx"),
            models.Index(fields=["name_slug"], name="authorship_name_slug_idx"),
            models.Index(fields=["person_key"], name="authorship_person_key_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.set_person_address()
        # Kept in lower case and compared exactly (see panels.services.role_save).
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class PaperStatusChange(StatusChange):
    """One change of a paper's status or place: who, when, from, to, and the message.

    Decisions never delete anything; this is the paper's whole history."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=20, choices=PaperStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=PaperStatus)
    from_panel = models.ForeignKey(
        Panel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from panel"),
    )
    to_panel = models.ForeignKey(
        Panel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to panel"),
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status}"
