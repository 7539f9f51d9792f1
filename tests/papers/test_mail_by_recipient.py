"""Every kind of message Colloquy sends about papers and panels, produced by the
service a person's action calls and read from its MIME bytes as the recipient's mail
client shows it: the HTML part's paragraphs and absolute links, nothing escaped
twice (the titles hold "&" and quotes), and the words for the recipient's part —
submitter or co-author, panel chair or section chair, proposer or appointed chair,
organiser — with who decided, and dates in the event's zone, zone named."""

from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from panels.enums import PanelStatus, PaperDecider, RoleKind
from panels.services import link_roles, panel_accept
from papers.enums import PaperStatus
from papers.services import (
    AuthorData,
    PanelProposalData,
    authorship_confirm,
    authorship_decline,
    panel_cancel,
    panel_propose,
    paper_accept,
    paper_move,
    paper_propose,
    paper_reserve,
    paper_withdraw,
)
from tests.factories import PanelFactory, PanelRoleFactory, SectionFactory, UserFactory
from tests.mail_reading import read, reads_right, to
from tests.papers.helpers import proposal

pytestmark = pytest.mark.django_db

TITLE = "Cities & Citizens: O'Brien's “Voice”"
ZONE = "Europe/Ljubljana"


@pytest.fixture
def event(open_event):
    """The open event, in Ljubljana's zone, with its deadlines just after midnight there."""
    open_event.time_zone = ZONE
    open_event.decision_deadline = datetime(2027, 1, 13, 23, 30, tzinfo=UTC)  # 00:30 on the 14th
    open_event.upload_deadline = datetime(2027, 3, 1, 11, 0, tzinfo=UTC)  # noon there
    open_event.save()
    return open_event


@pytest.fixture
def section_chair(db):
    return UserFactory(email="sc@example.org", name="Sara Sectionchair")


@pytest.fixture
def organiser(event):
    olga = UserFactory(email="org@example.org", name="Olga Organiser")
    event.organisers.add(olga)
    return olga


@pytest.fixture
def section(event, section_chair):
    return SectionFactory(event=event, code="S07", chair=section_chair)


@pytest.fixture
def panel(section):
    panel = PanelFactory(section=section, code="P070", title="Urban & Rural")
    chair = UserFactory(email="chair@example.org", name="Chad Chair")
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair, email=chair.email)
    PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, email="co@example.org")
    return panel


@pytest.fixture
def section_decides(event):
    event.papers_decided_by = PaperDecider.SECTION_CHAIRS
    event.save()
    return event


def propose(author, event, *, panel=None, section=None, authors=None):
    data = proposal(
        event,
        title=TITLE,
        authors=authors or [AuthorData("Ada Author", "ada@example.org", "Univ A", True)],
    )
    return paper_propose(by=author, event=event, panel=panel, section=section, data=data)


def co_authors():
    return [
        AuthorData("Ada Author", "ada@example.org", "Univ A", True),
        AuthorData("Cy Coauthor", "cy@example.org", "Univ C", False),
    ]


@pytest.fixture
def cy(db):
    user = UserFactory(email="cy@example.org", name="Cy Coauthor")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a service as a request would: the messages leave when it commits."""

    def run(service, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


# A proposal: the submitter, her co-author, the chairs ---------------------------------


def test_each_message_of_a_proposal_reads_right_and_speaks_to_its_recipients_part(
    sent, author, event, panel
):
    paper = sent(propose, author=author, event=event, panel=panel, authors=co_authors())

    (receipt,) = to("ada@example.org")
    (request,) = to("cy@example.org")
    (chair,) = to("chair@example.org")
    (co_chair,) = to("co@example.org")
    assert to("sc@example.org") == []  # the panel's chairs decide here
    page = reads_right(receipt)
    assert page.links == ["http://testserver/my/proposals/"]
    assert "Thank you: your paper proposal to" in page.text
    assert TITLE in page.text
    assert "has proposed" not in receipt.body
    assert "when the panel's chairs have decided on it, by Jan. 14, 2027, 12:30 a.m. " in (
        " ".join(receipt.body.split())
    )
    assert f"({ZONE} time)" in receipt.body

    page = reads_right(request)
    assert (
        request.subject
        == f"[Colloquy] Action required: confirm that you are an author of “{TITLE}”"
    )
    assert "Ada Author has proposed a paper to" in page.text
    assert "that names you as a co-author" in page.text

    for notice in (chair, co_chair):
        page = reads_right(notice)
        assert notice.subject == f"[Colloquy] New proposal for P070: {TITLE}"
        assert "A paper has been proposed to panel P070 Urban & Rural, which you chair" in page.text
        assert "Decide on it in the admin" in page.text
        assert f"http://testserver/admin/papers/paper/{paper.pk}/change/" in page.links


def test_the_submitter_naming_herself_by_her_other_address_is_thanked_once_and_only(
    sent, author, event, panel
):
    EmailAddress.objects.create(user=author, email="ada@work.example", verified=True)

    sent(
        propose,
        author=author,
        event=event,
        panel=panel,
        authors=[AuthorData("Ada Author", "ada@work.example", "Univ A", True)],
    )

    (receipt,) = to("ada@example.org")
    assert "Thank you" in receipt.body
    assert to("ada@work.example") == []
    assert not [m for m in mail.outbox if "Ada Author has proposed" in m.body]


def test_where_section_chairs_decide_they_hear_of_each_proposal_to_their_panels(
    sent, author, section_decides, panel
):
    paper = sent(propose, author=author, event=section_decides, panel=panel)

    (receipt,) = to("ada@example.org")
    (section_notice,) = to("sc@example.org")
    (panel_notice,) = to("chair@example.org")
    assert "when the section's chairs have decided on it" in receipt.body
    page = reads_right(section_notice)
    assert "to panel P070 Urban & Rural in section S07" in page.text
    assert ", which you chair" in page.text
    assert "Decide on it in the admin" in page.text
    assert f"http://testserver/admin/papers/paper/{paper.pk}/change/" in page.links
    page = reads_right(panel_notice)
    assert "to panel P070 Urban & Rural, which you chair" in page.text
    assert "The section's chairs decide on it; follow it in the admin" in page.text
    assert "Decide on it" not in page.text


def test_a_section_chair_who_also_chairs_the_panel_hears_once_as_the_one_deciding(
    sent, author, section_decides, panel, section_chair
):
    PanelRoleFactory(
        panel=panel, kind=RoleKind.CO_CHAIR, user=section_chair, email="sc@example.org"
    )

    sent(propose, author=author, event=section_decides, panel=panel)

    (notice,) = to("sc@example.org")
    assert "Decide on it in the admin" in notice.body


def test_a_proposal_to_the_pool_asks_the_section_chair_to_place_it(
    sent, author, event, section, panel
):
    sent(propose, author=author, event=event, section=section)

    (receipt,) = to("ada@example.org")
    (notice,) = to("sc@example.org")
    assert to("chair@example.org") == []
    assert "when the section's chairs have placed it in one of the section's panels" in receipt.body
    page = reads_right(notice)
    assert notice.subject == f"[Colloquy] New proposal for section S07: {TITLE}"
    assert "proposed to the pool of section S07" in page.text
    assert "which you chair" in page.text
    assert "Place it in one of the section's panels in the admin" in page.text


def test_a_proposal_to_the_pool_of_a_section_without_chairs_goes_to_the_organisers(
    sent, author, event, organiser
):
    chairless = SectionFactory(event=event, code="S09")

    sent(propose, author=author, event=event, section=chairless)

    (notice,) = to("org@example.org")
    page = reads_right(notice)
    assert f"at {event.name}, which you organise (the section has no chairs)" in page.text
    assert "which you chair" not in page.text


# Withdrawals --------------------------------------------------------------------------


def test_chairs_hear_that_a_waiting_pool_proposal_is_withdrawn_with_nothing_left_to_place(
    sent, author, event, section
):
    paper = sent(propose, author=author, event=event, section=section)

    sent(paper_withdraw, paper=paper, by=author)

    (notice,) = to("sc@example.org")
    page = reads_right(notice)
    assert notice.subject == f"[Colloquy] Proposal withdrawn from section S07: {TITLE}"
    assert "Ada Author has withdrawn a proposal waiting to be placed in a panel" in page.text
    assert "There is nothing to place any more." in page.text


def test_an_accepted_paper_withdrawn_where_section_chairs_decide(
    sent, author, section_decides, panel, section_chair
):
    paper = sent(propose, author=author, event=section_decides, panel=panel)
    sent(paper_accept, paper=paper, by=section_chair)

    sent(paper_withdraw, paper=paper, by=author)

    (deciding,) = to("sc@example.org")
    (following,) = to("chair@example.org")
    assert deciding.subject == f"[Colloquy] Accepted paper withdrawn from P070: {TITLE}"
    page = reads_right(deciding)
    assert "you may accept a paper from the reserve list" in page.text
    assert "http://testserver/admin/papers/paper/?status__exact=reserve" in page.links
    page = reads_right(following)
    assert "the section's chairs may fill it from the reserve list" in page.text
    assert "you may accept" not in page.text


def test_a_paper_withdrawn_from_the_reserve_list_is_not_called_waiting_for_a_decision(
    sent, author, event, panel
):
    paper = sent(propose, author=author, event=event, panel=panel)
    sent(paper_reserve, paper=paper, by=panel.roles.get(kind=RoleKind.CHAIR).user)

    sent(paper_withdraw, paper=paper, by=author)

    (notice,) = to("chair@example.org")
    assert "has withdrawn a paper on the reserve list from panel P070" in notice.body
    assert "waiting for a decision" not in notice.body


# Decisions ----------------------------------------------------------------------------


@pytest.fixture
def co_authored(sent, author, event, panel, cy):
    paper = sent(propose, author=author, event=event, panel=panel, authors=co_authors())
    sent(authorship_confirm, authorship=paper.authorships.get(email="cy@example.org"), by=cy)
    return paper


def test_only_the_presenter_is_asked_to_upload_and_the_co_author_is_told_who_will(
    sent, co_authored, panel
):
    chad = panel.roles.get(kind=RoleKind.CHAIR).user

    sent(paper_accept, paper=co_authored, by=chad, message="Welcome & well done.")

    (presenter,) = to("ada@example.org")
    (co_author,) = to("cy@example.org")
    assert presenter.subject == (
        f"[Colloquy] Action required: accepted — upload your full paper by 1 March 2027: {TITLE}"
    )
    assert co_author.subject == f"[Colloquy] Accepted: {TITLE}"
    page = reads_right(co_author)
    assert "Ada Author (presenting) will upload the full paper by March 1, 2027, noon" in page.text
    assert f"({ZONE} time)" in page.text
    assert "Please upload" not in page.text
    assert "Message from the panel's chairs (reply to this email to answer them):" in page.text
    assert "Welcome & well done." in page.paragraphs
    for message in (presenter, co_author):
        assert read(message)[0]["Reply-To"] == "chair@example.org, co@example.org"


def test_a_co_author_without_an_account_is_not_asked_to_upload_once_the_submitter_is_gone(
    sent, co_authored, panel
):
    co_authored.submitted_by.delete()  # her account closed: the paper stays, unowned
    co_authored.refresh_from_db()
    assert co_authored.submitted_by_id is None
    co_authored.authorships.filter(email="cy@example.org").update(user=None)
    chad = panel.roles.get(kind=RoleKind.CHAIR).user

    sent(paper_accept, paper=co_authored, by=chad, message="")

    (co_author,) = to("cy@example.org")
    assert co_author.subject == f"[Colloquy] Accepted: {TITLE}"
    assert "Please upload" not in reads_right(co_author).text


def test_an_organisers_decision_is_signed_and_answered_by_the_organiser(
    sent, co_authored, organiser
):
    sent(paper_reserve, paper=co_authored, by=organiser, message="Full, sorry.")

    (decision,) = to("ada@example.org")
    parsed, page, _ = read(decision)
    assert parsed["Reply-To"] == "org@example.org"
    assert "Message from the organisers (reply to this email to answer them):" in page.text
    assert "chairs" not in page.text


def test_a_section_chairs_decision_names_the_section_chairs(
    sent, author, section_decides, panel, section_chair
):
    paper = sent(propose, author=author, event=section_decides, panel=panel)

    sent(paper_accept, paper=paper, by=section_chair, message="Yes.")

    (decision,) = to("ada@example.org")
    parsed, page, _ = read(decision)
    assert parsed["Reply-To"] == "sc@example.org"
    assert "Message from the section's chairs" in page.text


def test_a_co_author_who_declined_hears_no_decision_and_the_submitter_is_told_she_declined(
    sent, author, event, panel, cy
):
    paper = sent(propose, author=author, event=event, panel=panel, authors=co_authors())

    sent(authorship_decline, authorship=paper.authorships.get(email="cy@example.org"), by=cy)
    (told,) = to("ada@example.org")
    page = reads_right(told)
    assert told.subject == f"[Colloquy] Cy Coauthor declined to be an author of “{TITLE}”"
    assert "Hello Ada Author," in page.paragraphs

    sent(paper_accept, paper=paper, by=panel.roles.get(kind=RoleKind.CHAIR).user)
    assert to("cy@example.org") == []
    assert len(to("ada@example.org")) == 1


# Placing a paper, cancelling a panel -------------------------------------------------


def test_a_paper_placed_from_the_pool_tells_its_authors_who_placed_it_and_its_new_chairs(
    sent, author, event, section, panel, section_chair
):
    paper = sent(propose, author=author, event=event, section=section)

    sent(paper_move, paper=paper, to_panel=panel, by=section_chair, message="It fits P070.")

    (moved,) = to("ada@example.org")
    (chair,) = to("chair@example.org")
    parsed, page, _ = read(moved)
    assert parsed["Reply-To"] == "sc@example.org"
    assert "placed in panel P070 Urban & Rural" in page.text
    assert "whose chairs will now decide on it" in page.text
    assert "Message from the section's chairs (reply to this email to answer them):" in page.text
    assert "http://testserver/my/proposals/" in page.links
    assert chair.subject == f"[Colloquy] Paper placed in P070: {TITLE}"
    page = reads_right(chair)
    assert "A paper has been placed in panel P070 Urban & Rural, which you chair" in page.text
    assert "proposed" not in page.text


def test_a_cancelled_panels_authors_and_its_papers_new_chairs_read_it_right(
    sent, author, event, section, panel, section_chair
):
    paper = sent(propose, author=author, event=event, panel=panel)
    other = PanelFactory(section=section, code="P071")
    PanelRoleFactory(panel=other, kind=RoleKind.CHAIR, email="new-chair@example.org")

    sent(panel_cancel, panel=panel, by=section_chair, message="The chair fell ill.", to_panel=other)

    (moved,) = to("ada@example.org")
    (arrived,) = to("new-chair@example.org")
    page = reads_right(moved)
    assert moved.subject == f"[Colloquy] Panel P070 is cancelled: {TITLE}"
    assert "Your paper has moved to panel P071" in page.text
    page = reads_right(arrived)
    assert "the panel you chair, P071" in page.text
    assert paper.title == TITLE


# Panels: proposed, accepted ----------------------------------------------------------


@pytest.fixture
def panel_call(event):
    event.panel_call_opens = timezone.now() - timedelta(days=1)
    event.panel_call_closes = timezone.now() + timedelta(days=1)
    event.save()
    return event


def panel_data(event):
    return PanelProposalData(
        title="Borders & Belonging",
        abstract="A panel on citizenship.",
        keywords=list(event.keywords.all()[:1]),
        format="in_person",
        co_chair=AuthorData("Cora Cochair", "cora@example.org", "Univ C"),
        discussant=AuthorData("Dan Discussant", "dan@example.org", "Univ D"),
    )


def test_a_panel_proposal_thanks_the_proposer_tells_the_others_their_part_and_asks_the_section(
    sent, author, panel_call, section
):
    panel = sent(
        panel_propose, by=author, event=panel_call, section=section, data=panel_data(panel_call)
    )

    (thanks,) = to("ada@example.org")
    (cora,) = to("cora@example.org")
    (dan,) = to("dan@example.org")
    (decide,) = to("sc@example.org")
    page = reads_right(thanks)
    assert "Thank you: your panel proposal to" in page.text
    assert "Borders & Belonging" in page.text
    assert "its chair and co-chair decide on the papers proposed to it" in page.text
    assert "Ada Author has proposed a panel" in cora.body
    assert "that names you as its co-chair" in cora.body
    assert "that names you as its discussant" in dan.body
    assert "Thank you" not in cora.body + dan.body
    page = reads_right(decide)
    assert "section S07" in page.text
    assert "which you chair" in page.text
    assert f"http://testserver/admin/panels/panel/{panel.pk}/change/" in page.links


def test_a_panel_proposal_to_a_section_without_chairs_goes_to_the_organisers(
    sent, author, panel_call, organiser
):
    chairless = SectionFactory(event=panel_call, code="S09")

    sent(panel_propose, by=author, event=panel_call, section=chairless, data=panel_data(panel_call))

    (notice,) = to("org@example.org")
    assert "which you organise (the section has no chairs)" in reads_right(notice).text


def test_a_panel_accepted_before_the_paper_call_gives_its_opening_in_the_events_zone(
    sent, author, section_decides, section, section_chair
):
    section_decides.paper_call_opens = datetime(2027, 2, 1, 7, 0, tzinfo=UTC)  # 8:00 there
    section_decides.paper_call_closes = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)
    section_decides.save()
    proposed = PanelFactory(section=section, status=PanelStatus.PROPOSED, proposed_by=author)
    PanelRoleFactory(panel=proposed, kind=RoleKind.CHAIR, user=author, email=author.email)
    PanelRoleFactory(panel=proposed, kind=RoleKind.CO_CHAIR, email="appointed@example.org")

    sent(panel_accept, panel=proposed, by=section_chair)

    (proposer,) = to("ada@example.org")
    (appointed,) = to("appointed@example.org")
    page = reads_right(proposer)
    assert "The panel you proposed" in page.text
    assert "accepted as" in page.text
    assert "by the section's chairs" in page.text
    assert f"once the paper call opens, on Feb. 1, 2027, 8 a.m. ({ZONE} time)" in page.text
    assert "you will follow them in the admin" in page.text
    page = reads_right(appointed)
    assert "which you chair, has been accepted by the section's chairs" in page.text
    assert "you proposed" not in page.text


def test_a_chair_whose_address_is_confirmed_is_told_of_her_panels(sent, panel):
    coco = UserFactory(email="co@example.org", name="Coco Cochair")

    sent(link_roles, user=coco, email="co@example.org")

    (told,) = to("co@example.org")
    page = reads_right(told)
    assert "Hello Coco Cochair," in page.paragraphs
    assert "P070 Urban & Rural (co-chair)" in page.text
    assert "http://testserver/admin/" in page.links


def test_no_message_of_a_whole_paper_life_is_escaped_twice_or_links_off_site(
    sent, co_authored, panel, organiser
):
    """The sweep: every message the steps above send reads right."""
    chad = panel.roles.get(kind=RoleKind.CHAIR).user
    outbox = []
    for service, kwargs in (
        (paper_reserve, {"paper": co_authored, "by": chad, "message": "<b>Soon</b> & later"}),
        (paper_accept, {"paper": co_authored, "by": organiser}),
        (paper_withdraw, {"paper": co_authored, "by": co_authored.submitted_by}),
    ):
        sent(service, **kwargs)
        outbox.extend(mail.outbox)
    # The chair's words are shown as she typed them: markup as text, escaped once.
    assert "<b>Soon</b> & later" in read(outbox[0])[1].paragraphs

    assert len(outbox) == 6
    for message in outbox:
        reads_right(message)
    assert co_authored.__class__.objects.get(pk=co_authored.pk).status == PaperStatus.WITHDRAWN


def test_a_co_author_named_in_a_panel_proposal_is_told_the_panel_is_only_proposed(
    sent, author, panel_call, section
):
    data = panel_data(panel_call)
    data = PanelProposalData(
        **{
            **data.__dict__,
            "papers": [
                proposal(
                    panel_call,
                    title=TITLE,
                    authors=[AuthorData("Cy Coauthor", "cy@example.org", "Univ C", True)],
                )
            ],
        }
    )

    sent(panel_propose, by=author, event=panel_call, section=section, data=data)

    (request,) = to("cy@example.org")
    page = reads_right(request)
    assert request.subject.startswith("[Colloquy] Action required: confirm")
    assert "Ada Author has proposed a paper to" in page.text
    assert "that names you as its presenter" in page.text
    assert "(proposed: the section's chairs have yet to accept it)" in page.text
