"""What a chair or organiser sees first in the admin (`config.admin` calls
`dashboard_for`).

A chair: their panels, how full they are, the days left to decide, and the panels
a withdrawal left short. An organiser, for each of her events (`organised_events`:
the latest few): calls and deadlines, proposals by status and section, panels
below their minimum and full, the section pools and the reserve list, decisions
still to make per chair, failed emails and the programme's clashes. Every figure
counts what the admin's list it links to shows, because both call the same
selectors (`papers.selectors`, `programme.selectors`) and the same clash code
(`programme.services.clashes_by_event`). The number of queries does not grow with
the events, nor with their size."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _

from accounts.models import EmailLog
from panels.enums import CallState, PanelStatus, PaperDecider, RoleKind
from panels.models import Event, Panel, PanelRole, Section
from panels.roles import roles_of
from panels.selectors import events_for_admin
from papers.enums import PaperStatus
from papers.models import Paper
from papers.selectors import (
    BELOW_MINIMUM,
    FULL,
    NO_DECIDER,
    awaiting_decision,
    decider_key,
    in_section_pool,
    with_paper_counts,
)

from .services import clashes_by_event

# The organiser's dashboard shows this many events, the latest first; the others
# are a click away in the events' list.
MAX_EVENTS = 5


# The chairs' part ---------------------------------------------------------------------


def _with_counts(panels):
    return with_paper_counts(panels.select_related("event", "section"))


def _days_left(deadline, now):
    if deadline is None:
        return None
    return (deadline - now).days if deadline > now else -1


def chair_dashboard(user, now) -> dict:
    roles = roles_of(user)
    chaired = list(_with_counts(Panel.objects.filter(pk__in=roles.panel_chair_of)).order_by("code"))
    short_ids = {p.pk for p in chaired if p.status == PanelStatus.ACCEPTED}
    for panel in chaired:
        panel.days_left = _days_left(panel.event.decision_deadline, now)
        panel.below_minimum = panel.pk in short_ids and panel.n_accepted < panel.min_needed
    short = list(
        _with_counts(Panel.objects.filter(section_id__in=roles.section_chair_of))
        .filter(BELOW_MINIMUM)
        .order_by("code")
    )
    reserve = (
        Paper.objects.filter(section_id__in=roles.section_chair_of, status=PaperStatus.RESERVE)
        .select_related("panel")
        .order_by("section_id", "panel__code")
    )
    pool = in_section_pool(Paper.objects.filter(section_id__in=roles.section_chair_of))
    return {
        "chaired_panels": chaired,
        "short_panels": short,
        "reserve_papers": list(reserve[:50]) if short else [],
        "pool_count": pool.count() if roles.section_chair_of else 0,
        "proposed_panels": (
            Panel.objects.filter(
                section_id__in=roles.section_chair_of, status=PanelStatus.PROPOSED
            ).count()
            if roles.section_chair_of
            else 0
        ),
    }


# The organisers' part -----------------------------------------------------------------


@dataclass
class Figure:
    """A number and the admin list that shows exactly those rows."""

    label: str
    count: int
    url: str


@dataclass
class Moment:
    """A call or a deadline, its times in the event's time zone and where it stands:
    "opens in 3 days", "open, closes in 2 hours", "closed", "5 days left", "passed"."""

    label: str
    times: list[tuple[str, str]]  # (ISO, local text) of its opening and closing
    state: str
    live: bool  # open or still ahead


@dataclass
class EventBoard:
    event: Event
    moments: list[Moment] = field(default_factory=list)
    panels_by_status: list[Figure] = field(default_factory=list)
    papers_by_status: list[Figure] = field(default_factory=list)
    by_status: list[tuple] = field(default_factory=list)  # (label, panels, papers)
    sections: list[dict] = field(default_factory=list)  # code, title, panels, papers
    attention: list[Figure] = field(default_factory=list)
    deciders: list[Figure] = field(default_factory=list)
    clash_count: int = 0
    clash_url: str = ""


def organised_events(user) -> list[Event]:
    """The events on a person's dashboard: those they organise (a superuser: every
    event), the latest MAX_EVENTS by start."""
    return list(events_for_admin(user).order_by("-start_date", "pk")[:MAX_EVENTS])


def _list_url(name, **params) -> str:
    return f"{reverse(f'admin:{name}_changelist')}?{urlencode(params)}"


def _local(event, at) -> tuple[str, str]:
    local = timezone.localtime(at, event.tz)
    return local.isoformat(timespec="seconds"), formats.date_format(local, "DATETIME_FORMAT")


def _moments(event, now) -> list[Moment]:
    moments = []
    calls = [(_("Panel call"), "panel"), (_("Paper call"), "paper")]
    for label, call in calls:
        opens, closes = getattr(event, f"{call}_call_opens"), getattr(event, f"{call}_call_closes")
        state = getattr(event, f"{call}_call_state")(now)
        times = [_local(event, at) for at in (opens, closes) if at is not None]
        text = {
            CallState.NOT_SET: _("not set"),
            CallState.CLOSED: _("closed"),
            CallState.UPCOMING: _("opens in %(left)s"),
            CallState.OPEN: _("open, closes in %(left)s"),
        }[state]
        left = timeuntil(opens if state == CallState.UPCOMING else closes or now, now, depth=2)
        live = state in (CallState.UPCOMING, CallState.OPEN)
        moments.append(Moment(label, times, str(text) % {"left": left}, live))
    deadlines = [
        (_("Decision deadline"), event.decision_deadline),
        (_("Full papers due"), event.full_paper_upload_closes()),
    ]
    for label, at in deadlines:
        if at is None:
            moments.append(Moment(label, [], str(_("not set")), False))
            continue
        live = at > now
        text = _("%(left)s left") % {"left": timeuntil(at, now, depth=2)} if live else _("passed")
        moments.append(Moment(label, [_local(event, at)], str(text), live))
    return moments


def _by_status(rows, statuses, event_id, list_name) -> list[Figure]:
    counts = Counter()
    for row in rows:
        if row["event_id"] == event_id:
            counts[row["status"]] += row["n"]
    return [
        Figure(
            status.label,
            counts[status.value],
            _list_url(list_name, event__id__exact=event_id, status__exact=status.value),
        )
        for status in statuses
    ]


STATUS_ORDER = ["proposed", "submitted", "accepted", "reserve", "rejected", "withdrawn"]


def _side_by_side(panels: list[Figure], papers: list[Figure]) -> list[tuple]:
    """Panels and papers by status in one table: a row per status (its label, the
    panels' Figure, the papers'), None where the kind has no such status (panels
    are never "on reserve")."""
    by_value = {}
    for kind, figures, statuses in ((0, panels, PanelStatus), (1, papers, PaperStatus)):
        for figure, status in zip(figures, statuses, strict=True):
            by_value.setdefault(status.value, [None, None])[kind] = figure
    order = [v for v in STATUS_ORDER if v in by_value] + [
        v for v in by_value if v not in STATUS_ORDER
    ]
    return [((by_value[v][1] or by_value[v][0]).label, *by_value[v]) for v in order]


def _sections(panel_rows, paper_rows, event_id) -> list[dict]:
    sections: dict[int, dict] = {}
    for kind, rows in (("panels", panel_rows), ("papers", paper_rows)):
        for row in rows:
            if row["event_id"] != event_id:
                continue
            section = sections.setdefault(
                row["section_id"],
                {"code": row["section__code"], "title": row["section__title"]},
            )
            section.setdefault(kind, 0)
            section[kind] += row["n"]
    app = {"panels": "panels_panel", "papers": "papers_paper"}
    for section_id, section in sections.items():
        for kind, name in app.items():
            section[kind] = Figure(
                "",
                section.get(kind, 0),
                _list_url(name, event__id__exact=event_id, section__id__exact=section_id),
            )
    return sorted(sections.values(), key=lambda s: s["code"])


def _deciders(ids, events) -> tuple[dict[int, Counter], dict[str, str], Counter]:
    """For each event, how many papers await each person who decides on them
    (`papers.selectors.decider_key`, or NO_DECIDER): the dashboard's grouping of
    `awaiting_decision_of`, in three queries; with the people's names and each
    event's total of papers awaiting a decision."""
    waiting = list(
        awaiting_decision(Paper.objects.filter(event_id__in=ids))
        .values("event_id", "panel_id", "section_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_section = {e.pk for e in events if e.papers_decided_by == PaperDecider.SECTION_CHAIRS}
    panel_keys: dict[int, set] = defaultdict(set)
    section_keys: dict[int, set] = defaultdict(set)
    names: dict[str, str] = {NO_DECIDER: str(_("nobody: no chair named"))}
    panel_ids = [w["panel_id"] for w in waiting if w["event_id"] not in by_section]
    for role in PanelRole.objects.filter(panel_id__in=panel_ids, kind__in=RoleKind.chairs()).values(
        "panel_id", "user_id", "user__name", "email", "name"
    ):
        if key := decider_key(role["user_id"], role["email"]):
            panel_keys[role["panel_id"]].add(key)
            names.setdefault(key, role["user__name"] or f"{role['name']} <{role['email']}>")
    section_ids = [w["section_id"] for w in waiting if w["event_id"] in by_section]
    for section in Section.objects.filter(pk__in=section_ids).values(
        "pk", "chair_id", "chair__name", "co_chair_id", "co_chair__name"
    ):
        for role in ("chair", "co_chair"):
            if section[f"{role}_id"]:
                key = decider_key(section[f"{role}_id"], "")
                section_keys[section["pk"]].add(key)
                names.setdefault(key, section[f"{role}__name"])
    counts: dict[int, Counter] = {event_id: Counter() for event_id in ids}
    totals: Counter = Counter()
    for row in waiting:
        totals[row["event_id"]] += row["n"]
        if row["event_id"] in by_section:
            keys = section_keys[row["section_id"]]
        else:
            keys = panel_keys[row["panel_id"]]
        for key in keys or {NO_DECIDER}:
            counts[row["event_id"]][key] += row["n"]
    return counts, names, totals


def organiser_dashboard(user, now) -> list[EventBoard]:
    events = organised_events(user)
    if not events:
        return []
    ids = [event.pk for event in events]
    by_section = ("event_id", "section_id", "section__code", "section__title", "status")
    panel_rows = list(
        Panel.objects.filter(event_id__in=ids)
        .values(*by_section)
        .annotate(n=Count("pk"))
        .order_by()
    )
    paper_rows = list(
        Paper.objects.filter(event_id__in=ids)
        .values(*by_section)
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted = with_paper_counts(Panel.objects.filter(event_id__in=ids))
    below = Counter(counted.filter(BELOW_MINIMUM).values_list("event_id", flat=True))
    full = Counter(counted.filter(FULL).values_list("event_id", flat=True))

    def per_event(papers):
        return dict(papers.values_list("event_id").annotate(n=Count("pk")).order_by())

    pool = per_event(in_section_pool(Paper.objects.filter(event_id__in=ids)))
    failed = dict(
        EmailLog.objects.filter(event_id__in=ids, status=EmailLog.Status.FAILED)
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    deciders, names, awaiting = _deciders(ids, events)
    clashes = clashes_by_event(ids)

    boards = []
    for event in events:
        pk = event.pk
        board = EventBoard(event, moments=_moments(event, now))
        board.panels_by_status = _by_status(panel_rows, PanelStatus, pk, "panels_panel")
        board.papers_by_status = _by_status(paper_rows, PaperStatus, pk, "papers_paper")
        board.by_status = _side_by_side(board.panels_by_status, board.papers_by_status)
        board.sections = _sections(panel_rows, paper_rows, pk)
        reserve = next(f for f in board.papers_by_status if f.label == PaperStatus.RESERVE.label)
        board.attention = [
            Figure(
                _("Panels below their minimum"),
                below[pk],
                _list_url("panels_panel", event__id__exact=pk, fill="below"),
            ),
            Figure(
                _("Full panels"),
                full[pk],
                _list_url("panels_panel", event__id__exact=pk, fill="full"),
            ),
            Figure(
                _("Papers waiting in section pools"),
                pool.get(pk, 0),
                _list_url("papers_paper", event__id__exact=pk, pool="section"),
            ),
            Figure(_("Papers on the reserve list"), reserve.count, reserve.url),
            Figure(
                _("Papers awaiting a decision"),
                awaiting.get(pk, 0),
                _list_url("papers_paper", event__id__exact=pk, decider="any"),
            ),
            Figure(
                _("Failed emails"),
                failed.get(pk, 0),
                _list_url("accounts_emaillog", event__id__exact=pk, status__exact="failed"),
            ),
        ]
        board.deciders = [
            Figure(names[key], n, _list_url("papers_paper", event__id__exact=pk, decider=key))
            for key, n in sorted(deciders[pk].items(), key=lambda kn: (-kn[1], names[kn[0]]))
        ]
        board.clash_count = len(clashes[pk])
        board.clash_url = reverse("admin:panels_event_clashes", args=[pk])
        boards.append(board)
    return boards


def dashboard_for(user) -> dict:
    now = timezone.now()
    return {**chair_dashboard(user, now), "event_boards": organiser_dashboard(user, now)}
