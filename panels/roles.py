"""What a person is in the events: organiser, section chair, panel chair.

Read once per request (three small queries) and kept on the user object, so that
permission checks on a list of a hundred papers cost nothing more.
"""

from dataclasses import dataclass

from django.db.models import Q

from .enums import PanelStatus, RoleKind
from .models import Event, PanelRole, Section


@dataclass(frozen=True)
class Roles:
    organiser_of: frozenset[int]  # event ids
    section_chair_of: frozenset[int]  # section ids
    panel_chair_of: frozenset[int]  # ids of accepted panels chaired or co-chaired

    @property
    def any(self) -> bool:
        return bool(self.organiser_of or self.section_chair_of or self.panel_chair_of)


NO_ROLES = Roles(frozenset(), frozenset(), frozenset())


def roles_of(user) -> Roles:
    if not (user and user.is_authenticated and user.is_active):
        return NO_ROLES
    cached = getattr(user, "_colloquy_roles", None)
    if cached is not None:
        return cached
    roles = Roles(
        organiser_of=frozenset(Event.objects.filter(organisers=user).values_list("pk", flat=True)),
        section_chair_of=frozenset(
            Section.objects.filter(Q(chair=user) | Q(co_chair=user)).values_list("pk", flat=True)
        ),
        panel_chair_of=frozenset(
            PanelRole.objects.filter(
                user=user, kind__in=RoleKind.chairs(), panel__status=PanelStatus.ACCEPTED
            ).values_list("panel_id", flat=True)
        ),
    )
    user._colloquy_roles = roles
    return roles


def forget_roles(user) -> None:
    """Read this user's roles afresh at the next check (after one was given to them)."""
    if hasattr(user, "_colloquy_roles"):
        del user._colloquy_roles
