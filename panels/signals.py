"""Signals of the domain. (The page cache's receivers are in programme.signals.)"""

from django.dispatch import Signal

# Sent inside the transaction once the people of a panel have changed (a role added,
# changed or removed; the presenters of one of its accepted papers), with `panel`.
# A receiver that finds a rule broken raises ValidationError, and the change is
# rolled back with the transaction. The programme's clash check listens: it reads
# who presents which paper, so it sits above papers (programme.services).
panel_people_changed = Signal()

# Sent inside the transaction just before an accepted panel is rejected or withdrawn,
# with `panel`. Papers sit above panels: their receiver
# (papers.services.cancelling.refuse_closing_with_papers) refuses while the panel
# still holds papers in play, which leave it only through papers.services.panel_cancel.
accepted_panel_closing = Signal()
