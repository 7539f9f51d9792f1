"""Who may do what to which object: the one place the services ask.

Organisers are superusers for now; per-event organiser roles come with the
permissions work.
"""

from .enums import PaperDecider, RoleKind


def is_organiser(user, event) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def is_section_chair(user, section) -> bool:
    if not (user and user.is_authenticated and section):
        return False
    return user.pk in (section.chair_id, section.co_chair_id)


def is_panel_chair(user, panel) -> bool:
    if not (user and user.is_authenticated and panel):
        return False
    return panel.roles.filter(user=user, kind__in=RoleKind.chairs()).exists()


def may_decide_on_panel(user, panel) -> bool:
    """Panel proposals are decided by the section's chairs and the organisers."""
    return is_organiser(user, panel.event) or is_section_chair(user, panel.section)


def may_decide_on_papers_of(user, panel) -> bool:
    """Whoever the event names decides on the papers of a panel; organisers always may."""
    if is_organiser(user, panel.event):
        return True
    if panel.event.papers_decided_by == PaperDecider.SECTION_CHAIRS:
        return is_section_chair(user, panel.section)
    return is_panel_chair(user, panel)
