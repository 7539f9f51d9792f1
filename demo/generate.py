"""A large, realistic, deterministic conference for benchmarks and load tests.

`manage.py generate_conference --panels 5000 --papers-per-panel 5 --seed 1` builds
it with bulk inserts: the same seed gives the same people, texts and statuses
(the call dates are set relative to today, so that its paper call is open).
"""

import datetime
import math
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from core import people
from panels.enums import PanelFormat, PanelStatus, RoleKind
from panels.models import Event, Keyword, Panel, PanelRole, Room, Section, TimeSlot
from papers.enums import PaperStatus
from papers.models import Authorship, Paper

from . import content

BATCH = 2000
SLOTS_PER_DAY = 6
DAYS = 4
MIDDLE = "ABCDEFGHJKLMNPRSTVWZ"

SENTENCES = [
    "This paper examines {topic} across {setting}.",
    "We draw on an original data set of {n} cases collected between 2005 and 2024.",
    "Existing accounts of {topic} emphasise institutions, yet neglect the role of ideas.",
    "Our design combines process tracing with a quantitative analysis of {setting}.",
    "The findings show that the effect depends on the resources of those it addresses.",
    "We find little support for the expected trade-off between efficiency and voice.",
    "Interviews with {n} officials reveal how actors respond to changing incentives.",
    "A pre-registered survey experiment allows us to isolate the mechanism at work.",
    "The analysis distinguishes short-term adjustment from long-term institutional change.",
    "We show that early choices constrain later ones, producing path-dependent outcomes.",
    "Contrary to much of the literature, the effect is strongest where trust is lowest.",
    "The paper contributes to debates on {topic} and on comparative methodology.",
    "We discuss the limits of our design and how future research could address them.",
    "Implications for practitioners and for the design of public institutions follow.",
    "Our results are robust to alternative specifications and to the exclusion of outliers.",
    "We conclude with an agenda for comparative research on {topic}.",
]


@dataclass
class Stats:
    panels: int = 0
    papers: int = 0
    people: int = 0
    users: int = 0
    seconds: float = 0.0


class ConferenceGenerator:
    def __init__(self, *, panels: int, papers_per_panel: int, seed: int, slug: str | None = None):
        self.n_panels = panels
        self.per_panel = papers_per_panel
        self.seed = seed
        self.rng = random.Random(seed)
        self.slug = slug or f"large-{seed}"
        self.people = 0

    def name(self) -> str:
        """A distinct fictional name (an index in a large space of names)."""
        self.people += 1
        n = self.people
        first = content.FIRST_NAMES[n % len(content.FIRST_NAMES)]
        last = content.LAST_NAMES[(n // len(content.FIRST_NAMES)) % len(content.LAST_NAMES)]
        block = n // (len(content.FIRST_NAMES) * len(content.LAST_NAMES))
        middle = f" {MIDDLE[block % len(MIDDLE)]}." if block else ""
        suffix = f" {block // len(MIDDLE) + 1}" if block >= len(MIDDLE) else ""
        return f"{first}{middle} {last}{suffix}"

    def email(self, name: str) -> str:
        return f"{slugify(name)}.{self.people}@{self.slug}.example.org"

    def institution(self) -> str:
        return self.rng.choice(content.INSTITUTIONS)

    def abstract(self, topic: str, words: int) -> str:
        sentences = []
        while sum(len(s.split()) for s in sentences) < words:
            sentences.append(
                self.rng.choice(SENTENCES).format(
                    topic=topic.lower(),
                    setting=self.rng.choice(content.TITLE_SETTINGS),
                    n=self.rng.randint(12, 4000),
                )
            )
        half = len(sentences) // 2
        return " ".join(sentences[:half]) + "\n\n" + " ".join(sentences[half:])

    def topic(self) -> str:
        section = self.rng.choice(content.SECTIONS)
        return self.rng.choice(section[3])

    @transaction.atomic
    def build(self) -> Stats:
        started = timezone.now()
        now = started.replace(microsecond=0)
        event = Event.objects.create(
            name=f"Large Conference {self.seed}",
            slug=self.slug,
            start_date=datetime.date(2027, 9, 6),
            end_date=datetime.date(2027, 9, 5 + DAYS),
            venue="Congress Centre",
            time_zone="Europe/Berlin",
            is_published=True,
            panel_call_opens=now - datetime.timedelta(days=200),
            panel_call_closes=now - datetime.timedelta(days=100),
            paper_call_opens=now - datetime.timedelta(days=30),
            paper_call_closes=now + datetime.timedelta(days=30),
            decision_deadline=now + datetime.timedelta(days=60),
            max_proposals_per_person=None,
            max_papers_presented_per_person=None,
            min_keywords=1,
        )
        keywords = Keyword.objects.bulk_create(
            Keyword(event=event, name=name) for name in content.KEYWORDS
        )
        password = make_password(None)  # unusable, computed once: nobody signs in as them

        def users(count):
            made = [
                User(email=self.email(n), name=n, affiliation=self.institution(), password=password)
                for n in (self.name() for _ in range(count))
            ]
            return User.objects.bulk_create(made, batch_size=BATCH)

        n_sections = max(8, math.ceil(self.n_panels / 100))
        section_chairs = users(2 * n_sections)
        sections = Section.objects.bulk_create(
            Section(
                event=event,
                code=f"S{i + 1:03d}",
                title=f"{content.SECTIONS[i % len(content.SECTIONS)][1]} {i // 8 + 1}",
                description=content.SECTIONS[i % len(content.SECTIONS)][2],
                chair=section_chairs[2 * i],
                co_chair=section_chairs[2 * i + 1],
            )
            for i in range(n_sections)
        )

        statuses = [PanelStatus.ACCEPTED] * 17 + [
            PanelStatus.PROPOSED,
            PanelStatus.REJECTED,
            PanelStatus.WITHDRAWN,
        ]
        panels = []
        for i in range(self.n_panels):
            topic = self.topic()
            panels.append(
                Panel(
                    event=event,
                    section=sections[i % n_sections],
                    code=f"P{i + 1:04d}",
                    title=f"{self.rng.choice(content.TITLE_OPENINGS)} {topic}",
                    abstract=self.abstract(topic, self.rng.randint(180, 300)),
                    format=PanelFormat.VIRTUAL if i % 10 == 9 else PanelFormat.IN_PERSON,
                    status=statuses[i % len(statuses)],
                    proposed_by=None,
                )
            )
        panels = Panel.objects.bulk_create(panels, batch_size=BATCH)
        Panel.keywords.through.objects.bulk_create(
            (
                Panel.keywords.through(panel_id=p.pk, keyword_id=k.pk)
                for p in panels
                for k in self.rng.sample(keywords, 3)
            ),
            batch_size=BATCH * 5,
        )

        chairs = users(self.n_panels)
        co_chairs = users((self.n_panels + 1) // 2)
        roles = []
        for i, panel in enumerate(panels):
            held = [(RoleKind.CHAIR, chairs[i])]
            if i % 2 == 0:
                held.append((RoleKind.CO_CHAIR, co_chairs[i // 2]))
            for position, (kind, user) in enumerate(held, 1):
                roles.append(
                    PanelRole(
                        panel=panel,
                        kind=kind,
                        position=position,
                        user=user,
                        name=user.name,
                        name_slug=people.name_slug(user.name),
                        person_key=people.person_key(user.name),
                        email=user.email,
                        affiliation=user.affiliation,
                    )
                )
            if i % 3 == 0:
                name = self.name()
                roles.append(
                    PanelRole(
                        panel=panel,
                        kind=RoleKind.DISCUSSANT,
                        position=len(held) + 1,
                        name=name,
                        name_slug=people.name_slug(name),
                        person_key=people.person_key(name),
                        affiliation=self.institution(),
                    )
                )
        PanelRole.objects.bulk_create(roles, batch_size=BATCH)

        paper_statuses = [
            PaperStatus.ACCEPTED,
            PaperStatus.ACCEPTED,
            PaperStatus.ACCEPTED,
            PaperStatus.ACCEPTED,
            PaperStatus.RESERVE,
            PaperStatus.SUBMITTED,
            PaperStatus.REJECTED,
            PaperStatus.WITHDRAWN,
        ]
        papers = []
        for i, panel in enumerate(panels):
            accepted_panel = panel.status == PanelStatus.ACCEPTED
            for j in range(self.per_panel):
                # Any five in a row hold at most four accepted: no panel over its maximum.
                status = paper_statuses[(i + j) % len(paper_statuses)]
                if not accepted_panel:
                    status = PaperStatus.SUBMITTED
                topic = self.topic()
                papers.append(
                    Paper(
                        event=event,
                        section_id=panel.section_id,
                        panel=panel,
                        title=f"{self.rng.choice(content.TITLE_OPENINGS)} {topic} in "
                        f"{self.rng.choice(content.TITLE_SETTINGS)}",
                        abstract=self.abstract(topic, self.rng.randint(150, 300)),
                        status=status,
                        position=j + 1,
                        decided_at=now if status != PaperStatus.SUBMITTED else None,
                    )
                )
        papers = Paper.objects.bulk_create(papers, batch_size=BATCH)
        Paper.keywords.through.objects.bulk_create(
            (
                Paper.keywords.through(paper_id=p.pk, keyword_id=k.pk)
                for p in papers
                for k in self.rng.sample(keywords, 2)
            ),
            batch_size=BATCH * 5,
        )
        authorships = []
        for paper in papers:
            for position in range(1, self.rng.choice([1, 1, 2, 2, 2, 3]) + 1):
                name = self.name()
                authorships.append(
                    Authorship(
                        paper=paper,
                        position=position,
                        name=name,
                        name_slug=people.name_slug(name),
                        person_key=people.person_key(name),
                        email=self.email(name),
                        affiliation=self.institution(),
                        is_presenter=position == 1,
                    )
                )
        Authorship.objects.bulk_create(authorships, batch_size=BATCH)

        self.build_programme(event, [p for p in panels if p.status == PanelStatus.ACCEPTED])
        return Stats(
            panels=len(panels),
            papers=len(papers),
            people=self.people,
            users=User.objects.filter(email__endswith=f"@{self.slug}.example.org").count(),
            seconds=(timezone.now() - started).total_seconds(),
        )

    def build_programme(self, event, accepted) -> None:
        slots = []
        for day in range(DAYS):
            date = event.start_date + datetime.timedelta(days=day)
            for n in range(SLOTS_PER_DAY):
                start = datetime.datetime.combine(
                    date, datetime.time(8 + 2 * n, 30 if n >= 3 else 0), tzinfo=event.tz
                )
                slots.append(
                    TimeSlot(
                        event=event,
                        starts_at=start,
                        ends_at=start + datetime.timedelta(minutes=105),
                    )
                )
        slots = TimeSlot.objects.bulk_create(slots)
        n_rooms = max(1, math.ceil(len(accepted) / len(slots)))
        rooms = Room.objects.bulk_create(
            Room(event=event, name=f"Room {i + 1:03d}", position=i) for i in range(n_rooms)
        )
        for index, panel in enumerate(accepted):
            panel.slot = slots[index // n_rooms]
            panel.room = rooms[index % n_rooms]
        Panel.objects.bulk_update(accepted, ["slot", "room"], batch_size=BATCH)
