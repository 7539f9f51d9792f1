"""Every write to a paper goes through here: one function per transition, each in
a transaction, with its rules checked here and nowhere else. By subject:

- `proposals`: propose, edit and withdraw a paper; the call, word and keyword
  limits, authors, per-person limits.
- `decisions`: accept, reserve, reject.
- `full_papers`: upload and delete the full paper.
- `placement`: move a paper to a panel; group pool papers into a new panel.
- `panel_proposals`: propose a whole panel with its papers (here, not in panels,
  because it creates papers).
- `confirmations` (with `authorship_links`): a person named on a paper confirms or
  declines it by the links mailed to her.
- `editing`: the admin's edits of panels and papers (capacity, order, text, authors).
- `cancelling`: cancel an accepted panel (its papers to the pool or another panel);
  merge two panels.
"""

from .authorship_links import authorship_url, request_confirmations, resend_confirmation
from .cancelling import panel_cancel, panel_merge
from .confirmations import (
    answer_refusal,
    authorship_confirm,
    authorship_decline,
    authorship_from_token,
    confirmation_errors,
)
from .decisions import (
    DECISIONS,
    acceptance_warnings,
    paper_accept,
    paper_reject,
    paper_reserve,
)
from .editing import (
    authors_errors,
    event_rule_errors,
    event_update,
    panel_create,
    panel_errors,
    panel_order_papers,
    panel_update,
    paper_authors_update,
    paper_create,
    paper_edit,
    paper_errors,
)
from .full_papers import check_pdf, paper_delete_full, paper_upload_full
from .panel_proposals import PanelProposalData, panel_propose
from .placement import panel_create_from_papers, paper_move
from .proposals import (
    ACTIVE,
    AuthorData,
    Person,
    ProposalData,
    check_call_open,
    limit_errors,
    link_authorships,
    paper_limit_errors,
    paper_propose,
    paper_update,
    paper_withdraw,
    person_counts,
    proposal_counts,
    verified_accounts,
)

__all__ = [
    "ACTIVE",
    "DECISIONS",
    "AuthorData",
    "PanelProposalData",
    "Person",
    "ProposalData",
    "acceptance_warnings",
    "answer_refusal",
    "authors_errors",
    "authorship_confirm",
    "authorship_decline",
    "authorship_from_token",
    "authorship_url",
    "check_call_open",
    "check_pdf",
    "confirmation_errors",
    "event_rule_errors",
    "event_update",
    "limit_errors",
    "link_authorships",
    "panel_cancel",
    "panel_create",
    "panel_create_from_papers",
    "panel_errors",
    "panel_merge",
    "panel_order_papers",
    "panel_propose",
    "panel_update",
    "paper_accept",
    "paper_authors_update",
    "paper_create",
    "paper_delete_full",
    "paper_edit",
    "paper_errors",
    "paper_limit_errors",
    "paper_move",
    "paper_propose",
    "paper_reject",
    "paper_reserve",
    "paper_update",
    "paper_upload_full",
    "paper_withdraw",
    "person_counts",
    "proposal_counts",
    "request_confirmations",
    "resend_confirmation",
    "verified_accounts",
]
