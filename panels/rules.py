"""Who may do what to which object: the one source of truth.

Predicates (django-rules) take the user and an object, or None for "any object
of this kind" (the admin asks that to decide whether to show a list at all).
Services, admin and views all ask these, so a view, an admin action and a shell
call agree. Superusers may do everything.
"""

import rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from core.formats import local_moment

from .enums import CallState, PaperDecider
from .roles import roles_of


def event_id_of(obj) -> int | None:
    if obj is None:
        return None
    if obj._meta.model_name == "event":
        return obj.pk
    if hasattr(obj, "event_id"):
        return obj.event_id
    if hasattr(obj, "panel"):
        return obj.panel.event_id
    if hasattr(obj, "paper"):
        return obj.paper.event_id
    return None


def section_id_of(obj) -> int | None:
    if obj._meta.model_name == "section":
        return obj.pk
    if hasattr(obj, "section_id"):
        return obj.section_id
    if hasattr(obj, "panel"):
        return obj.panel.section_id
    return None


def panel_id_of(obj) -> int | None:
    if obj._meta.model_name == "panel":
        return obj.pk
    return getattr(obj, "panel_id", None)


@rules.predicate
def is_organiser(user, obj=None) -> bool:
    """Organises this object's event (or, without an object, any event)."""
    if user and user.is_active and user.is_superuser:
        return True
    organised = roles_of(user).organiser_of
    if obj is None:
        return bool(organised)
    return event_id_of(obj) in organised


@rules.predicate
def is_section_chair(user, obj=None) -> bool:
    chaired = roles_of(user).section_chair_of
    if obj is None:
        return bool(chaired)
    return section_id_of(obj) in chaired


@rules.predicate
def is_panel_chair(user, obj=None) -> bool:
    chaired = roles_of(user).panel_chair_of
    if obj is None:
        return bool(chaired)
    return panel_id_of(obj) in chaired


@rules.predicate
def holds_admin_role(user) -> bool:
    """Chairs and organisers work in the admin; nobody else (but superusers)."""
    return bool(user and user.is_active and (user.is_superuser or roles_of(user).any))


@rules.predicate
def decides_papers(user, obj=None) -> bool:
    """Whoever the event names decides on a panel's papers; organisers always may."""
    if is_organiser(user, obj):
        return True
    if obj is None:
        return is_section_chair(user) or is_panel_chair(user)
    event = obj.event
    if event.papers_decided_by == PaperDecider.SECTION_CHAIRS:
        return is_section_chair(user, obj)
    return is_panel_chair(user, obj)


def call_refusal(event, now=None, *, call: str = "paper") -> ValidationError | None:
    """Why the event's paper call (or, with call="panel", its panel call) does not
    take proposals at `now` (default: now), or None while it is open, to the second:
    open from `<call>_call_opens`, closed from `<call>_call_closes`. The error's code
    is call_not_open, call_closed or no_call."""
    opens, closes = getattr(event, f"{call}_call_opens"), getattr(event, f"{call}_call_closes")
    state = event._call_state(opens, closes, now)
    if state == CallState.OPEN:
        return None
    names = {"paper": _("paper call"), "panel": _("panel call")}
    if state == CallState.UPCOMING:
        return ValidationError(
            _("The %(call)s opens on %(opens)s (%(tz)s)."),
            code="call_not_open",
            params={
                "call": names[call],
                "opens": local_moment(opens, event.tz),
                "tz": event.time_zone,
            },
        )
    if state == CallState.CLOSED:
        return ValidationError(
            _("The %(call)s closed on %(closes)s (%(tz)s); proposals are no longer taken."),
            code="call_closed",
            params={
                "call": names[call],
                "closes": local_moment(closes, event.tz),
                "tz": event.time_zone,
            },
        )
    return ValidationError(
        _("This event has not announced its %(call)s."),
        code="no_call",
        params={"call": names[call]},
    )


Errors = dict[str, list[ValidationError]]


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of text between spaces."""
    return len(text.split())


def text_errors(event, *, title: str, abstract: str, keywords) -> Errors:
    """What is wrong with a title, an abstract and a choice of keywords (of a paper or
    a panel) under the event's limits, keyed by field ("title", "abstract",
    "keywords"); empty when nothing is. The one place these limits are written:
    `title_word_limit`, `abstract_word_limit`, `min_keywords`..`max_keywords`, and
    keywords from the event's own list."""
    errors: Errors = {}
    for field, text, limit in (
        ("title", title.strip(), event.title_word_limit),
        ("abstract", abstract.strip(), event.abstract_word_limit),
    ):
        if not text:
            errors[field] = [
                ValidationError(_("This field is required."), code=f"{field}_required")
            ]
        elif count_words(text) > limit:
            errors[field] = [word_limit_error(field, limit, count_words(text))]
    keywords = set(keywords)
    if any(k.event_id != event.pk for k in keywords):
        errors["keywords"] = [
            ValidationError(_("Choose keywords from this event's list."), code="kw")
        ]
    elif not event.min_keywords <= len(keywords) <= event.max_keywords:
        errors["keywords"] = [
            ValidationError(
                _("Choose between %(min)d and %(max)d keywords; you chose %(count)d."),
                code="keyword_count",
                params={
                    "min": event.min_keywords,
                    "max": event.max_keywords,
                    "count": len(keywords),
                },
            )
        ]
    return errors


def word_limit_error(field: str, limit: int, count: int) -> ValidationError:
    """ "Shorten the title to 20 words; it has 21." (code `title_too_long`)."""
    messages = {
        "title": ngettext_lazy(
            "Shorten the title to %(limit)d word; it has %(count)d.",
            "Shorten the title to %(limit)d words; it has %(count)d.",
            "limit",
        ),
        "abstract": ngettext_lazy(
            "Shorten the abstract to %(limit)d word; it has %(count)d.",
            "Shorten the abstract to %(limit)d words; it has %(count)d.",
            "limit",
        ),
    }
    return ValidationError(
        messages[field], code=f"{field}_too_long", params={"limit": limit, "count": count}
    )


# Organisers and the section's chairs decide on the panels proposed to a section.
decides_panels = is_organiser | is_section_chair
can_see_panel = is_organiser | is_section_chair | is_panel_chair

rules.add_perm("panels", holds_admin_role)
rules.add_perm("panels.view_event", is_organiser)
rules.add_perm("panels.change_event", is_organiser)
# Next year's event is made from this one (services.event_copy), by its organisers;
# only superusers make an event from nothing.
rules.add_perm("panels.copy_event", is_organiser)
rules.add_perm("panels.add_event", rules.is_superuser)
rules.add_perm("panels.delete_event", rules.is_superuser)
for action in ("view", "change", "add", "delete"):
    rules.add_perm(f"panels.{action}_keyword", is_organiser)
    rules.add_perm(f"panels.{action}_room", is_organiser)
    rules.add_perm(f"panels.{action}_timeslot", is_organiser)
rules.add_perm("panels.view_section", is_organiser | is_section_chair)
rules.add_perm("panels.change_section", is_organiser)
rules.add_perm("panels.add_section", is_organiser)
rules.add_perm("panels.delete_section", is_organiser)
rules.add_perm("panels.view_panel", can_see_panel)
rules.add_perm(
    "panels.change_panel",
    # A panel's chairs edit its public text (title, abstract, keywords) and the order
    # of its papers; papers.services.editing keeps them to those fields.
    is_organiser | is_section_chair | is_panel_chair,
)
rules.add_perm("panels.add_panel", is_organiser | is_section_chair)
rules.add_perm("panels.delete_panel", is_organiser)
rules.add_perm("panels.decide_panel", decides_panels)
for action in ("view", "change", "add", "delete"):
    rules.add_perm(f"panels.{action}_panelrole", is_organiser | is_section_chair)
