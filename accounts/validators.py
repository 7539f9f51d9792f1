from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# An ORCID iD is four groups of four digits, the last character may be X
# (https://support.orcid.org/hc/en-us/articles/360006897674).
validate_orcid_format = RegexValidator(
    regex=r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
    message=_("Enter an ORCID iD as four groups of four digits, e.g. 0000-0002-1825-0097."),
    code="invalid_orcid",
)


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value: str) -> None:
    """Format, then checksum: catches the typo that a format check lets through."""
    validate_orcid_format(value)
    digits = value.replace("-", "")
    if orcid_check_digit(digits[:-1]) != digits[-1]:
        raise ValidationError(
            _("This ORCID iD's last character does not match the others; check for a typo."),
            code="invalid_orcid_checksum",
        )
