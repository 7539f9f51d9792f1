"""What a person may see of what Colloquy holds about her own account."""

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet

from .models import EmailLog


def emails_sent_to(user) -> QuerySet[EmailLog]:
    """The messages Colloquy sent (or tried to send) to a person's addresses: her
    account's email and the addresses she confirmed. An address she added but did not
    confirm shows nothing, so nobody reads another's mail by typing their address.
    One query: the confirmed addresses are a subquery. Addresses are compared in
    lower case, as the log, the accounts and allauth store them."""
    if not user.is_authenticated:
        return EmailLog.objects.none()
    confirmed = EmailAddress.objects.filter(user=user, verified=True).values("email")
    mine = Q(to__in=confirmed)
    if user.email:
        mine |= Q(to=user.email.lower())
    return EmailLog.objects.filter(mine).select_related("event")
