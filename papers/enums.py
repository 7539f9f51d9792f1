from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RESERVE = "reserve", _("reserve")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")

    @classmethod
    def decidable(cls):
        """States a decision may start from."""
        return [cls.SUBMITTED, cls.RESERVE, cls.ACCEPTED, cls.REJECTED]


class AuthorshipStatus(models.TextChoices):
    """Whether a person named on a paper has said it is hers. Only a confirmed
    authorship counts against her limits (papers.services.proposals.person_counts)."""

    PENDING = "pending", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")
