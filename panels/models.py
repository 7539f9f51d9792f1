import datetime
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.folding import FoldedFieldsMixin, FoldingQuerySet
from core.loaded import LoadedValuesMixin
from core.people import PublicPerson

from .enums import CallState, FullPaperAccess, PanelFormat, PanelStatus, PaperDecider, RoleKind

# Event slugs live at the root of the site, beside these.
RESERVED_SLUGS = frozenset(
    {"admin", "static", "media", "accounts", "my", "api", "offline", "sw.js", "favicon.ico"}
)
PANEL_CODE_RE = re.compile(r"^P(\d+)$")


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone, e.g. Europe/Berlin."),
            code="invalid_time_zone",
            params={"value": value},
        )


def validate_event_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved; choose another short name."),
            code="reserved_slug",
            params={"value": value},
        )


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Event(LoadedValuesMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        validators=[validate_event_slug],
        help_text=_("Used in addresses, e.g. /general-conference-2026/."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published events are public.")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="events_organised",
        verbose_name=_("organisers"),
        help_text=_("They run this event in the admin: everything but other events."),
    )

    panel_call_opens = models.DateTimeField(_("panel call opens"), null=True, blank=True)
    panel_call_closes = models.DateTimeField(_("panel call closes"), null=True, blank=True)
    paper_call_opens = models.DateTimeField(_("paper call opens"), null=True, blank=True)
    paper_call_closes = models.DateTimeField(_("paper call closes"), null=True, blank=True)
    decision_deadline = models.DateTimeField(_("decision deadline"), null=True, blank=True)
    upload_deadline = models.DateTimeField(
        _("full-paper upload deadline"),
        null=True,
        blank=True,
        help_text=_("Presenters of accepted papers may upload until then; blank: until the event."),
    )

    # The event's rules, kept as data: they change from one year to the next.
    papers_decided_by = models.CharField(
        _("papers are decided by"),
        max_length=20,
        choices=PaperDecider,
        default=PaperDecider.PANEL_CHAIRS,
    )
    min_papers_per_panel = models.PositiveSmallIntegerField(
        _("minimum papers per panel"), default=4
    )
    max_papers_per_panel = models.PositiveSmallIntegerField(
        _("maximum papers per panel"), default=5, validators=[MinValueValidator(1)]
    )
    title_word_limit = models.PositiveSmallIntegerField(
        _("title word limit"), default=20, validators=[MinValueValidator(1)]
    )
    abstract_word_limit = models.PositiveSmallIntegerField(
        _("abstract word limit"), default=300, validators=[MinValueValidator(1)]
    )
    min_keywords = models.PositiveSmallIntegerField(_("minimum keywords per proposal"), default=3)
    max_keywords = models.PositiveSmallIntegerField(_("maximum keywords per proposal"), default=8)
    max_papers_presented_per_person = models.PositiveSmallIntegerField(
        _("papers one person may present"),
        null=True,
        blank=True,
        default=2,
        help_text=_("Leave blank for no limit."),
    )
    max_proposals_per_person = models.PositiveSmallIntegerField(
        _("proposals one person may make"),
        null=True,
        blank=True,
        default=3,
        help_text=_("Leave blank for no limit."),
    )
    max_authors_per_paper = models.PositiveSmallIntegerField(
        _("authors per paper"),
        default=6,
        validators=[MinValueValidator(1)],
        help_text=_("Also the most addresses one paper's proposal can email."),
    )
    coauthored_count_as_proposals = models.BooleanField(
        _("co-authored papers count towards the proposal limit"), default=False
    )
    chair_role_once = models.BooleanField(_("a person may chair one panel only"), default=True)
    co_chair_role_once = models.BooleanField(
        _("a person may co-chair one panel only"), default=False
    )
    discussant_role_once = models.BooleanField(
        _("a person may be discussant of one panel only"), default=False
    )
    max_upload_mb = models.PositiveSmallIntegerField(
        _("largest full paper (MB)"), default=4, validators=[MinValueValidator(1)]
    )
    full_paper_access = models.CharField(
        _("who may download full papers"),
        max_length=20,
        choices=FullPaperAccess,
        default=FullPaperAccess.EVERYONE,
    )

    objects = EventQuerySet.as_manager()
    # The page cache renews the old address's pages too when the slug changes.
    loaded_fields = ("slug",)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(panel_call_opens__isnull=True)
                | Q(panel_call_closes__isnull=True)
                | Q(panel_call_closes__gt=F("panel_call_opens")),
                name="event_panel_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(paper_call_opens__isnull=True)
                | Q(paper_call_closes__isnull=True)
                | Q(paper_call_closes__gt=F("paper_call_opens")),
                name="event_paper_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(max_papers_per_panel__gte=F("min_papers_per_panel"))
                & Q(max_papers_per_panel__gte=1),
                name="event_papers_per_panel_range",
            ),
            models.CheckConstraint(
                condition=Q(max_keywords__gte=F("min_keywords")),
                name="event_keywords_range",
            ),
            models.CheckConstraint(
                condition=Q(title_word_limit__gte=1) & Q(abstract_word_limit__gte=1),
                name="event_word_limits_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_authors_per_paper__gte=1), name="event_max_authors_positive"
            ),
            models.CheckConstraint(
                condition=Q(papers_decided_by__in=PaperDecider.values),
                name="event_papers_decided_by_valid",
            ),
            models.CheckConstraint(
                condition=Q(full_paper_access__in=FullPaperAccess.values),
                name="event_full_paper_access_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:event-detail", kwargs={"event": self.slug})

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @staticmethod
    def _call_state(opens, closes, now=None) -> CallState:
        """Open from the opening second up to, not including, the closing second."""
        now = now or timezone.now()
        if not (opens and closes):
            return CallState.NOT_SET
        if now < opens:
            return CallState.UPCOMING
        if now >= closes:
            return CallState.CLOSED
        return CallState.OPEN

    def paper_call_state(self, now=None) -> CallState:
        return self._call_state(self.paper_call_opens, self.paper_call_closes, now)

    def panel_call_state(self, now=None) -> CallState:
        return self._call_state(self.panel_call_opens, self.panel_call_closes, now)

    def starts_at(self):
        """The first moment of the first day, in the event's time zone."""
        return datetime.datetime.combine(self.start_date, datetime.time.min, tzinfo=self.tz)

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at()

    def full_paper_upload_closes(self):
        return self.upload_deadline or self.starts_at()

    def roles_held_once(self):
        """The panel roles one person may hold in only one panel of this event."""
        flags = {
            RoleKind.CHAIR: self.chair_role_once,
            RoleKind.CO_CHAIR: self.co_chair_role_once,
            RoleKind.DISCUSSANT: self.discussant_role_once,
        }
        return [kind for kind, once in flags.items() if once]


class KeywordQuerySet(FoldingQuerySet):
    def delete(self):
        for keyword in self:
            keyword.check_deletable()
        return super().delete()


class Keyword(FoldedFieldsMixin, models.Model):
    """One entry of an event's own keyword list.

    A keyword that a panel or a paper uses cannot be deleted (`check_deletable`):
    they would lose it silently, with nothing in their history, and could fall
    below the event's minimum of keywords. Renaming it is the way to correct it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="keywords")
    name = models.CharField(_("keyword"), max_length=100)
    # Folded copies for search (core.folding), kept by save() and the bulk writes.
    folded_fields = {"name_folded": "name"}
    name_folded = models.TextField(editable=False, default="")

    objects = KeywordQuerySet.as_manager()

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("event", Lower("name"), name="keyword_unique_per_event"),
        ]

    def __str__(self):
        return self.name

    def deletion_refusal(self) -> ValidationError | None:
        """Why this keyword may not be deleted (panels or papers use it), or None."""
        if self.pk is None:
            return None
        panels = self.panels.count()
        papers = self.papers.count()
        if not (panels or papers):
            return None
        return ValidationError(
            _(
                "“%(keyword)s” is used by %(panels)d panel(s) and %(papers)d paper(s). "
                "Rename it instead, or take it off them first: deleting it would remove "
                "it from them without a trace in their history."
            ),
            code="keyword_in_use",
            params={"keyword": self.name, "panels": panels, "papers": papers},
        )

    def check_deletable(self) -> None:
        """Raises the ValidationError of `deletion_refusal`, if any."""
        if (refusal := self.deletion_refusal()) is not None:
            raise refusal

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)


class Section(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. S01"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sections_chaired",
        verbose_name=_("chair"),
    )
    co_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sections_co_chaired",
        verbose_name=_("co-chair"),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["event", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="section_code_unique_per_event"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["event", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="room_name_unique_per_event"),
        ]

    def __str__(self):
        return self.name


class TimeSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["event", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["event", "starts_at"], name="slot_start_unique_per_event"
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at, self.event.tz)
        end = timezone.localtime(self.ends_at, self.event.tz)
        return f"{start:%a %d %b %H:%M}-{end:%H:%M}"

    def clean(self):
        """A slot starts on one of its event's days, in the event's time zone (an
        import of last year's slots into this year's event put the programme on six
        days across two years)."""
        super().clean()
        if self.starts_at is None or self.event_id is None:
            return
        event = self.event
        day = timezone.localtime(self.starts_at, event.tz).date()
        if event.start_date and event.end_date and not (event.start_date <= day <= event.end_date):
            raise ValidationError(
                {
                    "starts_at": ValidationError(
                        _("The event runs from %(first)s to %(last)s; this slot is on %(day)s."),
                        code="slot_outside_event",
                        params={
                            "first": formats.date_format(event.start_date),
                            "last": formats.date_format(event.end_date),
                            "day": formats.date_format(day),
                        },
                    )
                }
            )


class PanelQuerySet(FoldingQuerySet):
    def public(self):
        """Panels anyone may see: accepted, in a published event."""
        return self.filter(status=PanelStatus.ACCEPTED, event__is_published=True)

    def with_people(self):
        return self.prefetch_related(
            models.Prefetch("roles", queryset=PanelRole.objects.order_by("position", "pk"))
        )


class Panel(LoadedValuesMixin, FoldedFieldsMixin, models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="panels")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="panels", verbose_name=_("section")
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        # It is part of the panel's address: letters, digits, "-", "_" and "." only.
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                _("Use letters, digits, “-”, “_” and “.” only, e.g. P070."),
                code="invalid_code",
            )
        ],
        help_text=_("Unique within the event; left blank, the next free P001, P002… is given."),
    )
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    # Folded copies for search (core.folding), kept by save() and the bulk writes.
    folded_fields = {"title_folded": "title", "abstract_folded": "abstract"}
    title_folded = models.TextField(editable=False, default="")
    abstract_folded = models.TextField(editable=False, default="")
    keywords = models.ManyToManyField(
        Keyword, blank=True, related_name="panels", verbose_name=_("keywords")
    )
    format = models.CharField(
        _("format"), max_length=20, choices=PanelFormat, default=PanelFormat.IN_PERSON
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PanelStatus, default=PanelStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panels_proposed",
        verbose_name=_("proposed by"),
    )
    decision_message = models.TextField(_("decision message"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panels_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Protected: a slot or room that holds a panel is deleted only once the panel has
    # left it (through the programme's service), never half (a slot without a room).
    slot = models.ForeignKey(
        TimeSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panels",
        verbose_name=_("time slot"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panels",
        verbose_name=_("room"),
    )
    max_papers = models.PositiveSmallIntegerField(
        _("maximum papers"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave blank for the event's maximum."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PanelQuerySet.as_manager()
    # Whether it was public before a save (programme.signals), without a query.
    loaded_fields = ("status",)

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["event", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="panel_code_unique_per_event"),
            models.CheckConstraint(
                condition=~Q(code=""),
                name="panel_code_not_empty",
                # Seen in a form sent without its event: the code is given from the event.
                violation_error_message=_(
                    "Give the panel a code, or choose its event so that the next free code "
                    "is given."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=PanelStatus.values), name="panel_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=PanelFormat.values), name="panel_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(max_papers__isnull=True) | Q(max_papers__gte=1),
                name="panel_max_papers_positive",
            ),
            # A room holds one panel per time slot.
            models.UniqueConstraint(
                fields=["slot", "room"],
                condition=Q(slot__isnull=False, room__isnull=False),
                name="panel_one_per_room_and_slot",
                violation_error_message=_("That room already holds a panel in that time slot."),
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, room__isnull=True)
                | Q(slot__isnull=False, room__isnull=False),
                name="panel_slot_and_room_together",
                violation_error_message=_(
                    "Give the panel both a time slot and a room, or neither."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "section"], name="panel_event_status_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = next_panel_code(self.event_id)
            self._code_given = True
        if not (self._state.adding and getattr(self, "_code_given", False)):
            return super().save(*args, **kwargs)
        # A code given here (not typed) may be taken by a panel made at the same moment,
        # which the count above could not see yet: then the next one, in a savepoint.
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Panel.objects.filter(event_id=self.event_id, code=self.code).exists():
                    raise
                self.code = next_panel_code(self.event_id)
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "programme:panel-detail", kwargs={"event": self.event.slug, "code": self.code}
        )

    def clean(self):
        super().clean()
        if self.section_id and self.event_id and self.section.event_id != self.event_id:
            raise ValidationError(
                {"section": _("Choose a section of this panel's event.")}, code="wrong_event"
            )
        if not self.code and self.event_id:
            # Given here too, so that the form's constraint checks see the code.
            self.code = next_panel_code(self.event_id)
            self._code_given = True

    @property
    def capacity(self):
        """The most papers this panel may accept."""
        return self.max_papers or self.event.max_papers_per_panel

    def chairs(self):
        """Chairs and co-chairs in order (uses prefetched roles when present)."""
        return [role for role in self.roles.all() if role.kind in RoleKind.chairs()]

    def discussants(self):
        return [role for role in self.roles.all() if role.kind == RoleKind.DISCUSSANT]


def next_panel_code(event_id):
    """The next free code of the form P001 in an event (P1000 follows P999)."""
    numbers = [
        int(match.group(1))
        for code in Panel.objects.filter(event_id=event_id, code__startswith="P").values_list(
            "code", flat=True
        )
        if (match := PANEL_CODE_RE.match(code))
    ]
    return f"P{max(numbers, default=0) + 1:03d}"


class PanelRole(LoadedValuesMixin, PublicPerson, FoldedFieldsMixin, models.Model):
    """A person in a panel: chair, co-chair or discussant, in the order shown."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_roles",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    # The person's public page (core/people.py): a readable slug and a key.
    name_slug = models.SlugField(_("name in addresses"), max_length=200, editable=False, default="")
    person_key = models.CharField(_("person key"), max_length=10, editable=False, default="")
    email = models.EmailField(_("email"), blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    # Folded copies for search (core.folding), kept by save() and the bulk writes.
    folded_fields = {"name_folded": "name", "affiliation_folded": "affiliation"}
    name_folded = models.TextField(editable=False, default="")
    affiliation_folded = models.TextField(editable=False, default="")

    objects = FoldingQuerySet.as_manager()
    # A role moved to another panel leaves the old panel's pages too (programme.signals).
    loaded_fields = ("panel_id",)

    class Meta:
        verbose_name = _("panel role")
        verbose_name_plural = _("panel roles")
        ordering = ["panel", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "position"], name="panel_role_position_unique"
            ),
            models.CheckConstraint(condition=Q(kind__in=RoleKind.values), name="panel_role_valid"),
        ]
        indexes = [
            models.Index(fields=["user", "kind"], name="panel_role_user_idx"),
            models.Index(fields=["name_slug"], name="panel_role_name_slug_idx"),
            models.Index(fields=["person_key"], name="panel_role_person_key_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.panel.code})"

    def save(self, *args, **kwargs):
        self.set_person_address()
        # Kept in lower case and compared exactly (see panels.services.role_save).
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class StatusChange(models.Model):
    """Who changed what, when, and the message sent: the history of panels and papers.

    A row records a change of status (from_status → to_status, equal when only other
    fields changed) and, in `changes`, every other field that changed, from → to."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    message = models.TextField(_("message"), blank=True)
    changes = models.JSONField(
        _("changes"),
        default=dict,
        blank=True,
        help_text=_("What else changed, as field: [from, to], in words."),
    )

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class PanelStatusChange(StatusChange):
    """One change of a panel's status: who, when, from, to, and the message sent."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=20, choices=PanelStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=PanelStatus)

    class Meta(StatusChange.Meta):
        verbose_name = _("panel status change")
        verbose_name_plural = _("panel status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.panel.code}: {self.from_status or '-'} → {self.to_status}"


class AgendaEntry(models.Model):
    """A panel a signed-in attendee starred. Anonymous stars live in the browser."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda"
    )
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        constraints = [
            models.UniqueConstraint(fields=["user", "panel"], name="agenda_entry_unique"),
        ]

    def __str__(self):
        return f"{self.user} ★ {self.panel.code}"
