"""What a person may see of what Colloquy holds about her own account."""

from allauth.account.models import EmailAddress
from django.db.models import QuerySet

from .models import EmailLog


def emails_sent_to(user) -> QuerySet[EmailLog]:
    """The messages Colloquy sent (or tried to send) to the addresses confirmed on a
    person's account now (allauth's `EmailAddress`, verified), whenever they were
    sent: an address she confirms later (a co-author named by email who then signs
    up) brings its earlier messages along, and one she gave up (changed, or now
    confirmed on another account) takes them away. The account's `email` field alone
    counts for nothing: an edit in the admin confirms no address, and an address she
    added but did not confirm shows nothing, so nobody reads another's mail by typing
    their address. One query: the confirmed addresses are a subquery. Addresses are
    compared in lower case, as the log and allauth store them."""
    if not user.is_authenticated:
        return EmailLog.objects.none()
    confirmed = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return EmailLog.objects.filter(to__in=confirmed).select_related("event")
