from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# An ORCID iD is four groups of four digits, the last character may be X
# (https://support.orcid.org/hc/en-us/articles/360006897674).
validate_orcid_format = RegexValidator(
    regex=r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
    message=_("Enter an ORCID iD as four groups of four digits, e.g. 0000-0002-1825-0097."),
    code="invalid_orcid",
)
