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
