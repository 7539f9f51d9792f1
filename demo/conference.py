"""The demo conference: `manage.py load_demo` builds it, once.

Deterministic (a seeded PRNG) and relative to the day it runs, so that the paper
call is open when a newcomer tries it. Demo accounts are made here and nowhere else.
"""

import datetime
import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import people
from panels.enums import PanelFormat, PanelStatus, RoleKind
from panels.models import Event, Keyword, Panel, PanelRole, Room, Section, TimeSlot
from papers.enums import PaperStatus
from papers.models import Authorship, Paper

from . import content

EVENT_SLUG = "general-conference-2026"
DEMO_PASSWORD = "demo"  # noqa: S105 -- printed in the README; demo accounts only
ORGANISER_EMAIL = "organiser@example.org"
CHAIR_EMAIL = "chair@example.org"
AUTHOR_EMAIL = "author@example.org"
DEMO_ACCOUNTS = [
    (ORGANISER_EMAIL, "organiser (superuser)"),
    (CHAIR_EMAIL, "Tony Bovaird, chair of P070, co-chair of P074 (proposals waiting)"),
    (AUTHOR_EMAIL, "author with proposals in several states"),
]

# How the papers of each kind of panel are spread over the statuses.
ACCEPTED_PANEL_PAPERS = [
    [PaperStatus.ACCEPTED] * 4,
    [PaperStatus.ACCEPTED] * 4 + [PaperStatus.RESERVE],
    [PaperStatus.ACCEPTED] * 4 + [PaperStatus.REJECTED],
    [PaperStatus.ACCEPTED] * 3 + [PaperStatus.SUBMITTED],
    [PaperStatus.ACCEPTED] * 4 + [PaperStatus.WITHDRAWN],
]
PROPOSED_PANEL_PAPERS = [PaperStatus.SUBMITTED] * 4
# The demo chair's second panel (co-chaired): proposals waiting, and room to accept them.
CHAIR_SECOND_PANEL = "P074"
CHAIR_SECOND_PANEL_PAPERS = [PaperStatus.ACCEPTED] * 2 + [PaperStatus.SUBMITTED] * 3


class DemoBuilder:
    def __init__(self, *, seed: int = 2026):
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.people_used: set[str] = set()

    # People -------------------------------------------------------------------

    def person(self) -> tuple[str, str]:
        """A fictional name, unused so far in the demo, and a real institution."""
        while True:
            name = f"{self.rng.choice(content.FIRST_NAMES)} {self.rng.choice(content.LAST_NAMES)}"
            if name not in self.people_used:
                self.people_used.add(name)
                return name, self.rng.choice(content.INSTITUTIONS)

    @staticmethod
    def email_for(name: str) -> str:
        ascii_name = name.lower().encode("ascii", "ignore").decode()
        return ".".join(part for part in ascii_name.replace("'", "").split()) + "@example.org"

    def account(self, name: str, affiliation: str) -> User:
        """A person with an account but no password (chairs who have not signed in yet)."""
        user = User(email=self.email_for(name), name=name, affiliation=affiliation)
        user.set_unusable_password()
        user.save()
        return user

    # Text ---------------------------------------------------------------------

    def paper_title(self, panel_title: str) -> str:
        opening = self.rng.choice(content.TITLE_OPENINGS)
        setting = self.rng.choice(content.TITLE_SETTINGS)
        return f"{opening} {panel_title} in {setting}"

    def abstract(self, topic: str) -> str:
        setting = self.rng.choice(content.TITLE_SETTINGS)
        first = " ".join(
            [
                self.rng.choice(content.ABSTRACT_OPENINGS).format(topic=topic.lower()),
                self.rng.choice(content.ABSTRACT_METHODS).format(setting=setting),
            ]
        )
        second = " ".join(
            [
                self.rng.choice(content.ABSTRACT_FINDINGS),
                self.rng.choice(content.ABSTRACT_CLOSINGS),
            ]
        )
        return f"{first}\n\n{second}"

    def keywords(self, count: int) -> list[Keyword]:
        return self.rng.sample(self.all_keywords, count)

    # The conference -------------------------------------------------------------

    def build(self) -> Event:
        today = self.now.date()
        self.event = Event.objects.create(
            name="General Conference 2026",
            slug=EVENT_SLUG,
            start_date=today + timedelta(days=100),
            end_date=today + timedelta(days=103),
            venue="Faculty of Social Sciences, University of Ljubljana",
            time_zone="Europe/Ljubljana",
            is_published=True,
            panel_call_opens=self.now - timedelta(days=150),
            panel_call_closes=self.now - timedelta(days=60),
            paper_call_opens=self.now - timedelta(days=20),
            paper_call_closes=self.now + timedelta(days=25),
            decision_deadline=self.now + timedelta(days=45),
            upload_deadline=self.now + timedelta(days=80),
            # Room for the demo author (three active proposals) to try the form.
            max_proposals_per_person=5,
            max_papers_presented_per_person=4,
        )
        self.all_keywords = Keyword.objects.bulk_create(
            Keyword(event=self.event, name=name) for name in content.KEYWORDS
        )
        self.chair = User.objects.create_user(
            CHAIR_EMAIL,
            DEMO_PASSWORD,
            name=content.P070_CHAIR[0],
            affiliation=content.P070_CHAIR[1],
        )
        self.author = User.objects.create_user(
            AUTHOR_EMAIL, DEMO_PASSWORD, name="Amira Haddad", affiliation="University of Amsterdam"
        )
        for user in (self.chair, self.author):
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        self.people_used.update({self.chair.name, self.author.name})
        for name, *_ in (author for paper in content.P070_PAPERS for author in paper[2]):
            self.people_used.add(name)

        for number, (code, title, description, panel_titles) in enumerate(content.SECTIONS, 1):
            section = Section.objects.create(
                event=self.event,
                code=code,
                title=title,
                description=description,
                chair=self.account(*self.person()),
                co_chair=self.account(*self.person()),
            )
            for index, panel_title in enumerate(panel_titles):
                self.build_panel(section, f"P{number * 10 + index:03d}", panel_title, index)
            self.build_pool_paper(section)
        self.build_author_proposals()
        self.build_programme()
        return self.event

    def build_programme(self) -> None:
        """Four rooms, three days of three slots; every accepted panel placed, its
        section's panels side by side so that nobody is in two rooms at once."""
        rooms = [
            Room.objects.create(event=self.event, name=name, position=n)
            for n, name in enumerate(["Aula Magna", "Room 1.01", "Room 1.02", "Room 2.14"])
        ]
        slots = []
        for day in range(3):
            date = self.event.start_date + timedelta(days=day)
            for hour, minute in ((9, 0), (11, 0), (14, 30)):
                starts = datetime.datetime.combine(
                    date, datetime.time(hour, minute), tzinfo=self.event.tz
                )
                slots.append(
                    TimeSlot.objects.create(
                        event=self.event, starts_at=starts, ends_at=starts + timedelta(minutes=105)
                    )
                )
        panels = Panel.objects.filter(event=self.event, status=PanelStatus.ACCEPTED).order_by(
            "code"
        )
        for index, panel in enumerate(panels):
            panel.slot = slots[index // len(rooms)]
            panel.room = rooms[index % len(rooms)]
            panel.save(update_fields=["slot", "room"])

    def build_panel(self, section: Section, code: str, title: str, index: int) -> Panel:
        if title == content.P070_TITLE:
            return self.build_p070(section)
        # One proposed panel in most sections, one rejected and one withdrawn overall.
        status = PanelStatus.ACCEPTED
        if index == 4 and section.code in {"S01", "S03", "S05"}:
            status = PanelStatus.PROPOSED
        elif index == 4 and section.code == "S02":
            status = PanelStatus.REJECTED
        elif index == 4 and section.code == "S04":
            status = PanelStatus.WITHDRAWN
        panel = Panel.objects.create(
            event=self.event,
            section=section,
            code=code,
            title=title,
            abstract=f"{self.abstract(title)}\n\n{content.PANEL_ABSTRACT_CLOSING}",
            format=PanelFormat.VIRTUAL if index == 3 else PanelFormat.IN_PERSON,
            status=status,
        )
        panel.keywords.set(self.keywords(self.rng.randint(3, 5)))
        roles = [RoleKind.CHAIR, RoleKind.CO_CHAIR, RoleKind.DISCUSSANT][: 2 + (index % 2)]
        for position, kind in enumerate(roles, 1):
            name, affiliation = self.person()
            user = self.account(name, affiliation) if kind != RoleKind.DISCUSSANT else None
            PanelRole.objects.create(
                panel=panel,
                kind=kind,
                position=position,
                user=user,
                name=name,
                affiliation=affiliation,
                email=user.email if user else "",
            )
        if code == CHAIR_SECOND_PANEL:
            PanelRole.objects.create(
                panel=panel,
                kind=RoleKind.CO_CHAIR,
                position=len(roles) + 1,
                user=self.chair,
                name=self.chair.name,
                email=self.chair.email,
                affiliation=self.chair.affiliation,
            )
            statuses = CHAIR_SECOND_PANEL_PAPERS
        elif status == PanelStatus.ACCEPTED:
            statuses = ACCEPTED_PANEL_PAPERS[(int(code[1:]) // 10 + index) % 5]
        elif status == PanelStatus.PROPOSED:
            statuses = PROPOSED_PANEL_PAPERS
        else:
            statuses = []
        for position, paper_status in enumerate(statuses, 1):
            self.paper(panel=panel, section=section, status=paper_status, position=position)
        return panel

    def build_p070(self, section: Section) -> Panel:
        panel = Panel.objects.create(
            event=self.event,
            section=section,
            code="P070",
            title=content.P070_TITLE,
            abstract=content.P070_ABSTRACT,
            status=PanelStatus.ACCEPTED,
        )
        panel.keywords.set(
            [k for k in self.all_keywords if k.name in {"co-production", "public services"}]
            + [k for k in self.all_keywords if k.name in {"governance", "citizen participation"}]
        )
        PanelRole.objects.create(
            panel=panel,
            kind=RoleKind.CHAIR,
            position=1,
            user=self.chair,
            name=self.chair.name,
            email=self.chair.email,
            affiliation=self.chair.affiliation,
        )
        for position, (title, abstract, authors) in enumerate(content.P070_PAPERS, 1):
            paper = Paper.objects.create(
                event=self.event,
                section=section,
                panel=panel,
                title=title,
                abstract=abstract,
                status=PaperStatus.ACCEPTED,
                position=position,
                decided_by=self.chair,
                decided_at=self.now,
                decision_message="Accepted: a very good fit for the panel.",
            )
            for author_position, (name, affiliation, presenter) in enumerate(authors, 1):
                user = self.author if name == self.author.name else None
                Authorship.objects.create(
                    paper=paper,
                    position=author_position,
                    name=name,
                    email=user.email if user else self.email_for(name),
                    affiliation=affiliation,
                    is_presenter=presenter,
                    user=user,
                )
            if paper.authorships.filter(user=self.author).exists():
                paper.submitted_by = self.author
                paper.save(update_fields=["submitted_by"])
            paper.keywords.set(self.keywords(3))
        return panel

    def paper(self, *, panel, section, status, position, title=None, authors=None) -> Paper:
        topic = panel.title if panel else section.title
        decided = status not in {PaperStatus.SUBMITTED, PaperStatus.WITHDRAWN}
        decider = panel.roles.filter(kind=RoleKind.CHAIR).first().user if panel else None
        paper = Paper.objects.create(
            event=self.event,
            section=section,
            panel=panel,
            title=title or self.paper_title(topic),
            abstract=self.abstract(topic),
            status=status,
            position=position,
            decided_by=decider if decided else None,
            decided_at=self.now if decided else None,
            decision_message=DECISION_MESSAGES.get(status, "") if decided else "",
        )
        paper.keywords.set(self.keywords(self.rng.randint(3, 5)))
        if authors is None:
            authors = [self.person() for _ in range(self.rng.choice([1, 1, 2, 2, 3]))]
        Authorship.objects.bulk_create(
            Authorship(
                paper=paper,
                position=author_position,
                name=name,
                name_slug=people.name_slug(name),
                person_key=people.person_key(name),
                email=self.email_for(name),
                affiliation=affiliation,
                is_presenter=author_position == 1,
                user=user,
            )
            for author_position, (name, affiliation, *rest) in enumerate(authors, 1)
            for user in [rest[0] if rest else None]
        )
        return paper

    def build_pool_paper(self, section: Section) -> None:
        """Each section has one paper proposed without a panel, waiting in its pool."""
        self.paper(panel=None, section=section, status=PaperStatus.SUBMITTED, position=0)

    def build_author_proposals(self) -> None:
        """author@example.org: besides the accepted P070 paper, one proposal in each other state."""
        me = (self.author.name, self.author.affiliation, self.author)
        wanted = [
            ("P020", PaperStatus.SUBMITTED, "Deliberation Without Experts? Citizen Panels on "),
            ("P060", PaperStatus.RESERVE, "Who Pays for the Welfare State? Attitudes to "),
            ("P080", PaperStatus.REJECTED, "Measuring Participation: A New Index of "),
            ("P073", PaperStatus.WITHDRAWN, "Algorithms at the Counter: "),
        ]
        for code, status, opening in wanted:
            panel = Panel.objects.get(event=self.event, code=code)
            paper = self.paper(
                panel=panel,
                section=panel.section,
                status=status,
                position=panel.papers.count() + 1,
                title=opening + panel.title,
                authors=[me, self.person()],
            )
            paper.submitted_by = self.author
            paper.save(update_fields=["submitted_by"])


DECISION_MESSAGES = {
    PaperStatus.ACCEPTED: "Accepted: a very good fit for the panel.",
    PaperStatus.RESERVE: "The panel is full; your paper is first on the reserve list.",
    PaperStatus.REJECTED: "Thank you for your proposal. It did not fit the panel's focus.",
}


def load_demo() -> tuple[Event, bool]:
    """Build the demo conference unless it is there already. Returns (event, created)."""
    existing = Event.objects.filter(slug=EVENT_SLUG).first()
    if existing:
        return existing, False
    with transaction.atomic():
        if not User.objects.filter(email=ORGANISER_EMAIL).exists():
            organiser = User.objects.create_superuser(
                ORGANISER_EMAIL,
                DEMO_PASSWORD,
                name="Maria Lindqvist",
                affiliation="General Conference Office",
            )
            EmailAddress.objects.create(
                user=organiser, email=organiser.email, verified=True, primary=True
            )
        event = DemoBuilder().build()
        event.organisers.add(User.objects.get(email=ORGANISER_EMAIL))
    return event, True
