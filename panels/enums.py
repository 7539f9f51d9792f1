from django.db import models
from django.utils.translation import gettext_lazy as _


class PanelStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PanelFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    VIRTUAL = "virtual", _("virtual")


class RoleKind(models.TextChoices):
    CHAIR = "chair", _("chair")
    CO_CHAIR = "co_chair", _("co-chair")
    DISCUSSANT = "discussant", _("discussant")

    @classmethod
    def chairs(cls):
        return [cls.CHAIR, cls.CO_CHAIR]


class PaperDecider(models.TextChoices):
    PANEL_CHAIRS = "panel_chairs", _("the panel's chairs")
    SECTION_CHAIRS = "section_chairs", _("the section's chairs")


class FullPaperAccess(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    SIGNED_IN = "signed_in", _("signed-in users only")


class CallState(models.TextChoices):
    NOT_SET = "not_set", _("not announced")
    UPCOMING = "upcoming", _("not open yet")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
