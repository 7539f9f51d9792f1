"""A conference in and out as CSV and XLSX, on django-import-export.

One resource per kind of row — panels, papers, rooms, time slots — reads the file an
export of the same resource writes (docs/import.md gives the columns), plus the
programme and the email log, which are exported only.

Imports write nothing themselves: each row goes through the services a form goes
through (`papers.services.editing`, `panels.services.role_save`, the decisions,
`programme.services.panel_schedule`, `room_save`, `slot_save`), so a row that
breaks a rule is refused with the service's message, keyed by the file's column.
A row is written inside its own savepoint, and the whole file inside one
transaction that is rolled back when any row is refused: all or nothing.

The event is given to each resource (`event=`, `user=`); its sections, keywords,
rooms, slots, panels and papers are read once per import (`_Lookups`), not per row.
It lives in the programme because panels are placed in the programme (the clash
check) and hold papers."""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.results import RowResult

from accounts.models import EmailLog
from core.exports import FORMULA_STARTS, safe_cell
from core.forms import decimal_digits
from panels import services as panels_services
from panels.enums import PanelFormat, PanelStatus, RoleKind
from panels.models import Panel, PanelRole, Room, TimeSlot
from panels.rules import is_organiser
from papers import services as papers_services
from papers.enums import PaperStatus
from papers.models import Paper
from papers.services import AuthorData

from .services import panel_schedule, room_save, slot_save

ITEMS = ";"  # between the people, keywords or papers of one cell
PARTS = "|"  # between a person's name, email, affiliation (and presenter flag)
PRESENTS = "presenter"
MOMENT = "%Y-%m-%d %H:%M"  # in the event's time zone


# Cells ---------------------------------------------------------------------------


def local(moment, tz) -> str:
    return timezone.localtime(moment, tz).strftime(MOMENT) if moment else ""


def cell_text(value) -> str:
    """A cell as text: stripped, and a value our exports neutralised against formulas
    ('=1+1 written as "'=1+1") read back as it was typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]  # the quote `core.exports.safe_cell` added
    return text


def split(text: str, sep: str = ITEMS) -> list[str]:
    return [item.strip() for item in text.split(sep) if item.strip()]


def keyword_cell(obj) -> str:
    """A panel's or paper's keywords (prefetched) in one cell, in alphabetical order."""
    return f"{ITEMS} ".join(sorted(k.name for k in obj.keywords.all()))


def person_cell(people) -> str:
    return f" {ITEMS} ".join(
        f" {PARTS} ".join([p.name, p.email, p.affiliation]).rstrip(f" {PARTS}") for p in people
    )


def author_cell(authors) -> str:
    return f" {ITEMS} ".join(
        f" {PARTS} ".join(
            [a.name, a.email, a.affiliation, PRESENTS if a.is_presenter else ""]
        ).rstrip(f" {PARTS}")
        for a in authors
    )


def parse_moment(value, tz, column: str) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = cell_text(value)
        try:
            moment = datetime.datetime.strptime(text, MOMENT)
        except ValueError:
            raise ValidationError(
                {column: _("Write a date and time as 2026-09-03 09:00 (got “%s”).") % text}
            ) from None
    if timezone.is_aware(moment):
        return moment
    return moment.replace(tzinfo=tz)


class SafeXLSX(base_formats.XLSX):
    """XLSX read with its formulas as written, so that a formula is refused rather
    than its cached result imported (django-import-export reads `data_only`)."""

    def create_dataset(self, in_stream):
        from io import BytesIO  # noqa: PLC0415

        # openpyxl is only needed for XLSX files.
        import openpyxl  # noqa: PLC0415

        book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=False)
        rows = book.active.rows
        dataset = tablib.Dataset()
        try:
            dataset.headers = [cell.value for cell in next(rows)]
        except StopIteration:
            return dataset
        for row in rows:
            values = [cell.value for cell in row]
            if any(v not in (None, "") for v in values):
                dataset.append(values[: len(dataset.headers)])
        return dataset


FORMATS = [base_formats.CSV, SafeXLSX]


# The lookups of one import ---------------------------------------------------------


@dataclass
class _Lookups:
    """The event's objects, read once per import and kept up to date as rows are written."""

    event: object
    sections: dict = field(default_factory=dict)
    keywords: dict = field(default_factory=dict)
    rooms: dict = field(default_factory=dict)
    slots: dict = field(default_factory=dict)
    panels: dict = field(default_factory=dict)

    @classmethod
    def load(cls, event):
        tz = event.tz
        return cls(
            event=event,
            sections={s.code.casefold(): s for s in event.sections.all()},
            keywords={k.name.casefold(): k for k in event.keywords.all()},
            rooms={r.name.casefold(): r for r in Room.objects.filter(event=event)},
            slots={local(s.starts_at, tz): s for s in TimeSlot.objects.filter(event=event)},
            panels={
                p.code.casefold(): p
                for p in Panel.objects.filter(event=event).select_related("section", "event")
            },
        )

    def keyword_list(self, text: str, column: str) -> list:
        found, unknown = [], []
        for name in split(text):
            keyword = self.keywords.get(name.casefold())
            (found if keyword else unknown).append(keyword or name)
        if unknown:
            raise ValidationError(
                {column: _("Not keywords of this event: %s.") % ", ".join(unknown)}
            )
        return found

    def section(self, code: str, column: str = "section"):
        section = self.sections.get(code.casefold())
        if section is None:
            raise ValidationError({column: _("No section %s in this event.") % code})
        return section

    def panel(self, code: str, column: str = "panel"):
        panel = self.panels.get(code.casefold())
        if panel is None:
            raise ValidationError(
                {column: _("No panel %s in this event; import the panels first.") % code}
            )
        return panel

    def place(self, slot_text: str, room_name: str):
        if not slot_text and not room_name:
            return None, None
        errors = {}
        slot = self.slots.get(slot_text)
        room = self.rooms.get(room_name.casefold())
        if slot_text and slot is None:
            errors["slot"] = _("No time slot starts at %s; import the slots first.") % slot_text
        if room_name and room is None:
            errors["room"] = _("No room %s; import the rooms first.") % room_name
        if errors:
            raise ValidationError(errors)
        return slot, room


# The shared machinery ---------------------------------------------------------------


def _keyed(error: ValidationError, columns: dict[str, str]) -> ValidationError:
    """A service's error keyed by the file's columns rather than the model's fields."""
    if not hasattr(error, "error_dict"):
        return ValidationError({NON_FIELD_ERRORS: error.messages})
    return ValidationError(
        {columns.get(name, name): errors for name, errors in error.error_dict.items()}
    )


@contextmanager
def column(name: str):
    """A service's error without a field (a full panel, a clash) shown in this column."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({name: error.messages}) from error


class EventResource(resources.ModelResource):
    """A resource tied to one event and the person importing or exporting."""

    #: model field or service key → the file's column
    columns: dict[str, str] = {}
    required: tuple[str, ...] = ()

    def __init__(self, event=None, user=None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.event = event
        self.user = user
        self.progress = progress  # called with each row's number (the command's progress)
        self.lookups = None

    class Meta:
        use_transactions = True
        skip_diff = True
        clean_model_instances = False

    # Export: every text cell is safe to open in a spreadsheet.
    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return safe_cell(value) if isinstance(value, str) else value

    # Import -------------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # All or nothing: any refused row rolls the whole file back, dry run or not.
        kwargs["rollback_on_validation_errors"] = True
        kwargs["use_transactions"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        if self.event is None or not is_organiser(self.user, self.event):
            raise PermissionDenied(_("Only the event's organisers import into it."))
        headers = [cell_text(h).casefold() for h in dataset.headers or []]
        missing = [c for c in self.required if c not in headers]
        if missing:
            raise ValidationError(
                _("The file has no column %(columns)s. The first row names the columns.")
                % {"columns": ", ".join(missing)}
            )
        if not len(dataset):
            raise ValidationError(_("The file has no rows to import."))
        dataset.headers = headers
        self.lookups = _Lookups.load(self.event)

    def import_row(self, row, instance_loader, **kwargs):
        # Each row in its own savepoint: a refused row leaves nothing behind for the
        # rows after it to trip over (the whole file is rolled back at the end anyway).
        savepoint = transaction.savepoint_create()
        result = super().import_row(row, instance_loader, **kwargs)
        if self.progress is not None:
            self.progress(kwargs["row_number"])
        if result.import_type in (RowResult.IMPORT_TYPE_INVALID, RowResult.IMPORT_TYPE_ERROR):
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        return result

    def get_instance(self, instance_loader, row):
        return None  # each resource finds its rows in `find`, called from import_instance

    def get_or_init_instance(self, instance_loader, row):
        self.row = self.read(row)
        found = self.find(self.row)
        if found is not None:
            return found, False
        return self.init_instance(row), True

    def read(self, row) -> dict:
        """The row's cells as text (dates and times kept), keyed by lower-case column;
        the columns holding a formula are noted, to be refused when read."""
        cells, self.formulas = {}, set()
        for column, value in row.items():
            name = cell_text(column).casefold()
            if isinstance(value, str) and value.lstrip().startswith("="):
                self.formulas.add(name)
            cells[name] = value if isinstance(value, datetime.datetime) else cell_text(value)
        return cells

    def import_instance(self, instance, row, **kwargs):
        pass  # the services write the row, in save_instance

    def save_m2m(self, instance, row, **kwargs):
        pass  # the services saved the keywords with the row

    def save_instance(self, instance, is_create, row, **kwargs):
        try:
            self.write(instance, is_create, self.row)
        except ValidationError as error:
            raise _keyed(error, self.columns) from error
        except PermissionDenied as error:
            raise ValidationError({NON_FIELD_ERRORS: [str(error)]}) from error

    def text(self, cells, column, *, required=False, limit=None) -> str:
        value = cells.get(column, "")
        if isinstance(value, datetime.datetime):
            value = value.strftime(MOMENT)
        if column in self.formulas:
            raise ValidationError({column: _("This cell holds a formula; type its value instead.")})
        if "\x00" in value:  # refused by PostgreSQL, and by every form of the site
            raise ValidationError({column: _("This cell holds a NUL character; remove it.")})
        if required and not value:
            raise ValidationError({column: _("This column cannot be empty.")})
        if limit and len(value) > limit:
            raise ValidationError(
                {
                    column: _("At most %(limit)d characters (it has %(count)d).")
                    % {"limit": limit, "count": len(value)}
                }
            )
        return value

    def status(self, cells, choices, default):
        text = self.text(cells, "status") or default
        by_word = {c.value: c.value for c in choices} | {
            str(c.label).casefold(): c.value for c in choices
        }
        status = by_word.get(text.casefold())
        if status is None:
            raise ValidationError(
                {
                    "status": _("Unknown status “%(status)s”; use one of %(choices)s.")
                    % {"status": text, "choices": ", ".join(choices.values)}
                }
            )
        return status

    def people(self, cells, column, *, authors=False):
        people = []
        for item in split(self.text(cells, column)):
            parts = [p.strip() for p in item.split(PARTS)]
            name, email, affiliation = [*parts, "", "", ""][:3]
            presents = authors and len(parts) > 3 and parts[3].casefold() == PRESENTS
            if not name:
                raise ValidationError({column: _("Every person needs a name: “%s”.") % item})
            if email and "@" not in email:
                raise ValidationError(
                    {
                        column: _("“%(email)s” is not an email address (%(name)s).")
                        % {"email": email, "name": name}
                    }
                )
            people.append((name, email.lower(), affiliation, presents))
        return people


# Panels -----------------------------------------------------------------------------

ROLE_COLUMNS = {
    "chairs": RoleKind.CHAIR,
    "co-chairs": RoleKind.CO_CHAIR,
    "discussants": RoleKind.DISCUSSANT,
}
PANEL_STATUS_SERVICES = {
    PanelStatus.ACCEPTED: panels_services.panel_accept,
    PanelStatus.REJECTED: panels_services.panel_reject,
    PanelStatus.WITHDRAWN: panels_services.panel_withdraw,
}


def _roles_of(panel, kind):
    return [r for r in panel.roles.all() if r.kind == kind]


class PanelResource(EventResource):
    section = fields.Field(column_name="section")
    code = fields.Field(attribute="code", column_name="code")
    title = fields.Field(attribute="title", column_name="title")
    abstract = fields.Field(attribute="abstract", column_name="abstract")
    keywords = fields.Field(column_name="keywords")
    format = fields.Field(attribute="format", column_name="format")
    status = fields.Field(attribute="status", column_name="status")
    max_papers = fields.Field(column_name="max papers")
    chairs = fields.Field(column_name="chairs")
    co_chairs = fields.Field(column_name="co-chairs")
    discussants = fields.Field(column_name="discussants")
    slot = fields.Field(column_name="slot")
    room = fields.Field(column_name="room")
    accepted_papers = fields.Field(column_name="accepted papers", readonly=True)
    waiting_papers = fields.Field(column_name="waiting papers", readonly=True)
    capacity = fields.Field(column_name="capacity", readonly=True)

    columns = {"max_papers": "max papers", "authors": "chairs"}
    required = ("code", "section", "title")

    class Meta(EventResource.Meta):
        model = Panel
        name = gettext_lazy("Panels")
        fields = [
            "section", "code", "title", "abstract", "keywords", "format", "status",
            "max_papers", "chairs", "co_chairs", "discussants", "slot", "room",
            "accepted_papers", "waiting_papers", "capacity",
        ]  # fmt: skip
        import_id_fields = ["code"]

    @staticmethod
    def export_queryset(queryset):
        return (
            queryset.select_related("event", "section", "slot", "room")
            .prefetch_related(
                Prefetch("roles", queryset=PanelRole.objects.order_by("position", "pk")),
                "keywords",
            )
            .annotate(
                n_accepted_export=Count(
                    "papers", filter=Q(papers__status=PaperStatus.ACCEPTED), distinct=True
                ),
                n_waiting_export=Count(
                    "papers",
                    filter=Q(papers__status__in=[PaperStatus.SUBMITTED, PaperStatus.RESERVE]),
                    distinct=True,
                ),
            )
            .order_by("event", "code")
        )

    def dehydrate_section(self, panel):
        return panel.section.code

    def dehydrate_keywords(self, panel):
        return keyword_cell(panel)

    def dehydrate_max_papers(self, panel):
        return panel.max_papers if panel.max_papers is not None else ""

    def dehydrate_chairs(self, panel):
        return person_cell(_roles_of(panel, RoleKind.CHAIR))

    def dehydrate_co_chairs(self, panel):
        return person_cell(_roles_of(panel, RoleKind.CO_CHAIR))

    def dehydrate_discussants(self, panel):
        return person_cell(_roles_of(panel, RoleKind.DISCUSSANT))

    def dehydrate_slot(self, panel):
        return local(panel.slot.starts_at, panel.event.tz) if panel.slot_id else ""

    def dehydrate_room(self, panel):
        return panel.room.name if panel.room_id else ""

    def dehydrate_accepted_papers(self, panel):
        return getattr(panel, "n_accepted_export", "")

    def dehydrate_waiting_papers(self, panel):
        return getattr(panel, "n_waiting_export", "")

    def dehydrate_capacity(self, panel):
        return panel.capacity

    # Import

    def find(self, cells):
        code = self.text(cells, "code", required=True)
        seen = self.__dict__.setdefault("codes_seen", set())
        if code.casefold() in seen:
            raise ValidationError({"code": _("Another row of this file writes panel %s.") % code})
        seen.add(code.casefold())
        return self.lookups.panels.get(code.casefold())

    def init_instance(self, row=None):
        return Panel(event=self.event)

    def write(self, panel, is_create, cells):
        lookups = self.lookups
        wanted = {
            "section": lookups.section(self.text(cells, "section", required=True)),
            "code": self.text(cells, "code", required=True, limit=20),
            "title": self.text(cells, "title", required=True, limit=300),
            "abstract": self.text(cells, "abstract"),
            "format": self.text(cells, "format") or PanelFormat.IN_PERSON,
        }
        if wanted["format"] not in PanelFormat.values:
            raise ValidationError({"format": _("Use one of %s.") % ", ".join(PanelFormat.values)})
        max_papers = self.text(cells, "max papers")
        try:
            wanted["max_papers"] = int(max_papers) if max_papers else None
        except ValueError:
            raise ValidationError({"max papers": _("Write a whole number, or nothing.")}) from None
        keywords = lookups.keyword_list(self.text(cells, "keywords"), "keywords")
        status = self.status(cells, PanelStatus, PanelStatus.PROPOSED)
        roles = [
            (kind, *person[:3])
            for column, kind in ROLE_COLUMNS.items()
            for person in self.people(cells, column)
        ]
        slot, room = lookups.place(self.text(cells, "slot"), self.text(cells, "room"))
        by = self.user

        if is_create:
            for name, value in wanted.items():
                setattr(panel, name, value)
            papers_services.panel_create(panel=panel, by=by, keywords=keywords)
            lookups.panels[panel.code.casefold()] = panel
        else:
            changed = [name for name, value in wanted.items() if getattr(panel, name) != value]
            new_keywords = None
            if {k.pk for k in keywords} != set(panel.keywords.values_list("pk", flat=True)):
                new_keywords = keywords
                changed.append("keywords")
            if changed:
                for name in changed:
                    if name != "keywords":
                        setattr(panel, name, wanted[name])
                papers_services.panel_update(
                    panel=panel, by=by, fields=changed, keywords=new_keywords
                )
        self._write_roles(panel, roles, is_create)
        if status != panel.status:
            service = PANEL_STATUS_SERVICES.get(status)
            if service is None:
                raise ValidationError(
                    {
                        "status": _("Panel %(code)s is %(from)s; an import cannot make it %(to)s.")
                        % {"code": panel.code, "from": panel.status, "to": status}
                    }
                )
            kwargs = {} if status == PanelStatus.WITHDRAWN else {"notify": False}
            with column("status"):
                decided = service(panel=panel, by=by, **kwargs)
            panel.status = decided.status
        if (slot, room) != (panel.slot, panel.room):
            with column("slot"):
                panel_schedule(panel=panel, slot=slot, room=room, by=by)
            panel.slot, panel.room = slot, room

    def _write_roles(self, panel, wanted, is_create):
        existing = [] if is_create else list(panel.roles.order_by("position", "pk"))
        if [(r.kind, r.name, r.email, r.affiliation) for r in existing] == wanted:
            return
        # Locked once for all its people (role_save's `locked_panel`); a panel this
        # row created is this transaction's own.
        locked = (
            panel
            if is_create
            else Panel.objects.select_for_update().select_related("event").get(pk=panel.pk)
        )
        for position, (kind, name, email, affiliation) in enumerate(wanted, 1):
            role = existing[position - 1] if position <= len(existing) else PanelRole(panel=panel)
            if role.pk and (role.kind, role.name, role.email, role.affiliation, role.position) == (
                kind, name, email, affiliation, position,
            ):  # fmt: skip
                continue
            role.kind, role.name, role.email, role.affiliation = kind, name, email, affiliation
            role.position = position
            try:
                panels_services.role_save(role=role, by=self.user, locked_panel=locked)
            except ValidationError as error:
                column = next(c for c, k in ROLE_COLUMNS.items() if k == kind)
                raise ValidationError({column: error.messages}) from error
        for role in existing[len(wanted) :]:
            panels_services.role_delete(role=role, by=self.user)


# Papers -------------------------------------------------------------------------------

PAPER_DECISIONS = {
    PaperStatus.ACCEPTED: papers_services.paper_accept,
    PaperStatus.RESERVE: papers_services.paper_reserve,
    PaperStatus.REJECTED: papers_services.paper_reject,
}


class PaperResource(EventResource):
    id = fields.Field(column_name="id")
    section = fields.Field(column_name="section")
    panel = fields.Field(column_name="panel")
    title = fields.Field(attribute="title", column_name="title")
    abstract = fields.Field(attribute="abstract", column_name="abstract")
    keywords = fields.Field(column_name="keywords")
    authors = fields.Field(column_name="authors")
    status = fields.Field(attribute="status", column_name="status")
    slot = fields.Field(column_name="slot", readonly=True)
    room = fields.Field(column_name="room", readonly=True)
    submitted_at = fields.Field(column_name="submitted at", readonly=True)
    decided_at = fields.Field(column_name="decided at", readonly=True)

    columns = {"__all__": "status"}
    required = ("title",)

    class Meta(EventResource.Meta):
        model = Paper
        name = gettext_lazy("Papers")
        fields = [
            "id", "section", "panel", "title", "abstract", "keywords", "authors", "status",
            "slot", "room", "submitted_at", "decided_at",
        ]  # fmt: skip
        import_id_fields = ["title"]

    @staticmethod
    def export_queryset(queryset):
        return (
            queryset.select_related("event", "section", "panel__slot", "panel__room")
            .prefetch_related("keywords", "authorships")
            .order_by("event", "panel__code", "position", "pk")
        )

    def dehydrate_id(self, paper):
        return paper.pk

    def dehydrate_section(self, paper):
        return paper.section.code

    def dehydrate_panel(self, paper):
        return paper.panel.code if paper.panel_id else ""

    def dehydrate_keywords(self, paper):
        return keyword_cell(paper)

    def dehydrate_authors(self, paper):
        return author_cell(sorted(paper.authorships.all(), key=lambda a: (a.position, a.pk)))

    def dehydrate_slot(self, paper):
        panel = paper.panel
        return local(panel.slot.starts_at, paper.event.tz) if panel and panel.slot_id else ""

    def dehydrate_room(self, paper):
        return paper.panel.room.name if paper.panel and paper.panel.room_id else ""

    def dehydrate_submitted_at(self, paper):
        return local(paper.created_at, paper.event.tz)

    def dehydrate_decided_at(self, paper):
        return local(paper.decided_at, paper.event.tz)

    # Import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        papers = Paper.objects.filter(event=self.event).select_related("panel", "section")
        self.papers_by_id = {p.pk: p for p in papers}
        self.papers_by_place = {}
        for paper in sorted(papers, key=lambda p: (p.position, p.pk)):
            key = self._place_key(paper.title, paper.panel, paper.section)
            self.papers_by_place.setdefault(key, []).append(paper)
        self.used = set()  # the papers rows have matched, so that two rows never match one
        self.order = {}
        # The authors' accounts, for the whole file in a few queries rather than two a
        # row: an import confirms no address, so they hold while it runs.
        self.accounts, self.accounts_read = {}, set()
        column = dataset.headers.index("authors") if "authors" in dataset.headers else None
        if column is not None:
            self._accounts_for(
                parts[1]
                for row in dataset
                for item in split(cell_text(row[column]))
                if len(parts := item.split(PARTS)) > 1
            )

    def _accounts_for(self, emails) -> dict:
        """The verified accounts of these addresses (and of those read before)."""
        wanted = {email.strip().lower() for email in emails if email.strip()}
        if missing := wanted - self.accounts_read:
            self.accounts.update(papers_services.verified_accounts(missing))
            self.accounts_read |= missing
        return self.accounts

    @staticmethod
    def _place_key(title, panel, section):
        where = f"panel:{panel.pk}" if panel else f"section:{section.pk}"
        return (" ".join(title.split()).casefold(), where)

    def find(self, cells):
        """A paper is the event's paper with the row's id; without an id (or with
        another event's), the paper of that title in that panel (or section's pool)."""
        paper_id = self.text(cells, "id")
        if decimal_digits(paper_id) and int(paper_id) in self.papers_by_id:
            found = self.papers_by_id[int(paper_id)]
            if found.pk in self.used:
                raise ValidationError(
                    {"id": _("Another row of this file writes paper %s already.") % found.pk}
                )
        else:
            panel, section = self._destination(cells)
            title = self.text(cells, "title", required=True)
            same = self.papers_by_place.get(self._place_key(title, panel, section), [])
            found = next((p for p in same if p.pk not in self.used), None)
        if found is not None:
            self.used.add(found.pk)
        return found

    def _destination(self, cells):
        panel_code, section_code = self.text(cells, "panel"), self.text(cells, "section")
        if not (panel_code or section_code):
            raise ValidationError({"panel": _("Give the paper's panel, or its section.")})
        panel = self.lookups.panel(panel_code) if panel_code else None
        section = panel.section if panel else self.lookups.section(section_code)
        if panel and section_code and section_code.casefold() != section.code.casefold():
            raise ValidationError(
                {
                    "section": _("Panel %(panel)s is in section %(section)s.")
                    % {"panel": panel.code, "section": section.code}
                }
            )
        return panel, section

    def init_instance(self, row=None):
        return Paper(event=self.event)

    def write(self, paper, is_create, cells):
        panel, section = self._destination(cells)
        title = self.text(cells, "title", required=True, limit=400)
        abstract = self.text(cells, "abstract", required=True)
        keywords = self.lookups.keyword_list(self.text(cells, "keywords"), "keywords")
        status = self.status(cells, PaperStatus, PaperStatus.SUBMITTED)
        authors = [AuthorData(*person) for person in self.people(cells, "authors", authors=True)]
        by = self.user
        if is_create:
            paper.panel, paper.section, paper.title, paper.abstract = (
                panel,
                section,
                title,
                abstract,
            )
            papers_services.paper_create(paper=paper, by=by, keywords=keywords, imported=True)
            self.used.add(paper.pk)
        else:
            if paper.panel_id != (panel.pk if panel else None):
                if panel is None:
                    raise ValidationError(
                        {"panel": _("An import does not take a paper out of its panel.")}
                    )
                with column("panel"):
                    paper = papers_services.paper_move(paper=paper, to_panel=panel, by=by)
            changed = [
                n for n, v in (("title", title), ("abstract", abstract)) if getattr(paper, n) != v
            ]
            new_keywords = None
            if {k.pk for k in keywords} != set(paper.keywords.values_list("pk", flat=True)):
                new_keywords = keywords
                changed.append("keywords")
            if changed:
                paper.title, paper.abstract = title, abstract
                papers_services.paper_edit(
                    paper=paper, by=by, fields=changed, keywords=new_keywords
                )
        wanted = [(a.name, a.email, a.affiliation, a.is_presenter) for a in authors]
        if is_create or wanted != [
            (a.name, a.email, a.affiliation, a.is_presenter)
            for a in paper.authorships.order_by("position")
        ]:
            with column("authors"):
                papers_services.paper_authors_update(
                    paper=paper,
                    by=by,
                    authors=authors,
                    accounts=self._accounts_for(a.email for a in authors),
                )
        if status != paper.status:
            with column("status"):
                if status in PAPER_DECISIONS:
                    paper = PAPER_DECISIONS[status](paper=paper, by=by, notify=False)
                elif status == PaperStatus.WITHDRAWN:
                    paper = papers_services.paper_withdraw(paper=paper, by=by, notify=False)
                else:
                    raise ValidationError(
                        _("This paper is %(from)s; an import cannot make it %(to)s.")
                        % {"from": paper.status, "to": status}
                    )
        if status == PaperStatus.ACCEPTED and panel is not None:
            self.order.setdefault(panel.pk, []).append(paper.pk)

    def after_import(self, dataset, result, **kwargs):
        # The accepted papers of each panel in the order of the file's rows.
        if result.has_errors() or result.has_validation_errors():
            return
        # Every such panel's accepted papers in one query, not three queries a panel.
        now_in = {panel_id: [] for panel_id in self.order}
        for panel_id, pk in (
            Paper.objects.filter(panel_id__in=list(self.order), status=PaperStatus.ACCEPTED)
            .order_by("panel_id", "position", "pk")
            .values_list("panel_id", "pk")
        ):
            now_in[panel_id].append(pk)
        panels = {panel.pk: panel for panel in self.lookups.panels.values()}
        for panel_id, order in self.order.items():
            current = now_in[panel_id]
            accepted = set(current)
            wanted = [pk for pk in order if pk in accepted]
            wanted += [pk for pk in current if pk not in wanted]
            if wanted != current:
                papers_services.panel_order_papers(
                    panel=panels[panel_id], by=self.user, order=wanted
                )


# Rooms and time slots ------------------------------------------------------------------


class RoomResource(EventResource):
    name = fields.Field(column_name="name")
    position = fields.Field(column_name="position")

    required = ("name",)

    class Meta(EventResource.Meta):
        model = Room
        name = gettext_lazy("Rooms")
        fields = ["name", "position"]
        import_id_fields = ["name"]

    @staticmethod
    def export_queryset(queryset):
        return queryset.order_by("event", "position", "name")

    def dehydrate_name(self, room):
        return room.name

    def dehydrate_position(self, room):
        return room.position

    def find(self, cells):
        return self.lookups.rooms.get(self.text(cells, "name", required=True).casefold())

    def init_instance(self, row=None):
        return Room(event=self.event)

    def write(self, room, is_create, cells):
        name = self.text(cells, "name", required=True, limit=100)
        position = self.text(cells, "position")
        try:
            position = int(position) if position else room.position
        except ValueError:
            raise ValidationError({"position": _("Write a whole number.")}) from None
        if not is_create and (room.name, room.position) == (name, position):
            return
        room.name, room.position = name, position
        room_save(room=room, by=self.user)
        self.lookups.rooms[name.casefold()] = room


class TimeSlotResource(EventResource):
    start = fields.Field(column_name="start")
    end = fields.Field(column_name="end")

    required = ("start", "end")
    columns = {"starts_at": "start", "ends_at": "end"}

    class Meta(EventResource.Meta):
        model = TimeSlot
        name = gettext_lazy("Time slots")
        fields = ["start", "end"]
        import_id_fields = ["start"]

    @staticmethod
    def export_queryset(queryset):
        return queryset.select_related("event").order_by("event", "starts_at")

    def dehydrate_start(self, slot):
        return local(slot.starts_at, slot.event.tz)

    def dehydrate_end(self, slot):
        return local(slot.ends_at, slot.event.tz)

    def find(self, cells):
        start = parse_moment(cells.get("start"), self.event.tz, "start")
        return self.lookups.slots.get(local(start, self.event.tz))

    def init_instance(self, row=None):
        return TimeSlot(event=self.event)

    def write(self, slot, is_create, cells):
        tz = self.event.tz
        start = parse_moment(cells.get("start"), tz, "start")
        end = parse_moment(cells.get("end"), tz, "end")
        if end <= start:
            raise ValidationError({"end": _("A slot ends after it starts.")})
        if not is_create and (slot.starts_at, slot.ends_at) == (start, end):
            return
        slot.starts_at, slot.ends_at = start, end
        slot_save(slot=slot, by=self.user)
        self.lookups.slots[local(start, tz)] = slot


IMPORT_RESOURCES = [PanelResource, PaperResource, RoomResource, TimeSlotResource]


# Exports only -----------------------------------------------------------------------------


class ProgrammeResource(EventResource):
    """The programme as printed: one row per placed panel, in the event's time."""

    day = fields.Field(column_name="day")
    start = fields.Field(column_name="start")
    end = fields.Field(column_name="end")
    room = fields.Field(column_name="room")
    panel = fields.Field(column_name="panel")
    title = fields.Field(column_name="title")
    chairs = fields.Field(column_name="chairs")
    papers = fields.Field(column_name="papers")

    class Meta(EventResource.Meta):
        model = Panel
        name = gettext_lazy("Programme")
        fields = ["day", "start", "end", "room", "panel", "title", "chairs", "papers"]

    @staticmethod
    def export_queryset(queryset):
        accepted = (
            Paper.objects.filter(status=PaperStatus.ACCEPTED)
            .prefetch_related("authorships")
            .order_by("position", "pk")
        )
        return (
            queryset.filter(slot__isnull=False)
            .select_related("event", "slot", "room")
            .prefetch_related(
                Prefetch("roles", queryset=PanelRole.objects.order_by("position", "pk")),
                Prefetch("papers", queryset=accepted, to_attr="programme_papers"),
            )
            .order_by("event", "slot__starts_at", "room__position", "room__name")
        )

    def dehydrate_day(self, panel):
        return timezone.localtime(panel.slot.starts_at, panel.event.tz).strftime("%Y-%m-%d")

    def dehydrate_start(self, panel):
        return timezone.localtime(panel.slot.starts_at, panel.event.tz).strftime("%H:%M")

    def dehydrate_end(self, panel):
        return timezone.localtime(panel.slot.ends_at, panel.event.tz).strftime("%H:%M")

    def dehydrate_room(self, panel):
        return panel.room.name if panel.room_id else ""

    def dehydrate_panel(self, panel):
        return panel.code

    def dehydrate_title(self, panel):
        return panel.title

    def dehydrate_chairs(self, panel):
        return f"{ITEMS} ".join(r.name for r in panel.roles.all() if r.kind in RoleKind.chairs())

    def dehydrate_papers(self, panel):
        def presenters(paper):
            names = [a.name for a in paper.authorships.all() if a.is_presenter]
            return f" ({', '.join(names)})" if names else ""

        return f"{ITEMS} ".join(
            f"{paper.title}{presenters(paper)}" for paper in panel.programme_papers
        )


class EmailLogResource(EventResource):
    queued_at = fields.Field(column_name="queued at")
    sent_at = fields.Field(column_name="sent at")
    event_slug = fields.Field(column_name="event")
    to = fields.Field(column_name="to", attribute="to")
    subject = fields.Field(column_name="subject", attribute="subject")
    template = fields.Field(column_name="kind", attribute="template")
    status = fields.Field(column_name="status", attribute="status")
    error = fields.Field(column_name="error", attribute="error")

    class Meta(EventResource.Meta):
        model = EmailLog
        name = gettext_lazy("Email log")
        fields = [
            "queued_at", "sent_at", "event_slug", "to", "subject", "template", "status", "error",
        ]  # fmt: skip

    @staticmethod
    def export_queryset(queryset):
        return queryset.select_related("event")

    @staticmethod
    def _tz(log):
        return log.event.tz if log.event_id else datetime.UTC

    def dehydrate_queued_at(self, log):
        return local(log.created_at, self._tz(log))

    def dehydrate_sent_at(self, log):
        return local(log.sent_at, self._tz(log))

    def dehydrate_event_slug(self, log):
        return log.event.slug if log.event_id else ""


def export_dataset(resource_class, queryset) -> tablib.Dataset:
    """The rows of `queryset` (already scoped to the person) as `resource_class` writes them."""
    return resource_class().export(queryset=resource_class.export_queryset(queryset))
