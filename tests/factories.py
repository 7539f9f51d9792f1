"""Factories for the whole domain. Defaults make public objects: a published
event, an accepted panel, an accepted paper; tests say when they want otherwise."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from panels.enums import PanelStatus, RoleKind
from panels.models import Event, Keyword, Panel, PanelRole, Section
from papers.enums import PaperStatus
from papers.models import Authorship, Paper


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    affiliation = "University of Testing"
    password = factory.django.Password("secret-password")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"conference-{n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=3))
    venue = "Main Campus"
    time_zone = "Europe/Berlin"
    is_published = True


class KeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keyword

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"keyword {n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"S{n:02d}")
    title = factory.Sequence(lambda n: f"Section {n}")


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    section = factory.SubFactory(SectionFactory)
    event = factory.SelfAttribute("section.event")
    code = ""
    title = factory.Sequence(lambda n: f"Panel title {n}")
    abstract = "A panel abstract.\n\nIts second paragraph."
    status = PanelStatus.ACCEPTED


class PanelRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelRole

    panel = factory.SubFactory(PanelFactory)
    kind = RoleKind.CHAIR
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Faker("name")
    affiliation = "University of Chairs"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    panel = factory.SubFactory(PanelFactory)
    section = factory.SelfAttribute("panel.section")
    event = factory.SelfAttribute("section.event")
    title = factory.Sequence(lambda n: f"Paper title {n}")
    abstract = "A paper abstract."
    status = PaperStatus.ACCEPTED


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    paper = factory.SubFactory(PaperFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"author{n}@example.org")
    affiliation = "University of Authors"
    is_presenter = True


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "panels.Room"

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    position = factory.Sequence(lambda n: n)


class TimeSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "panels.TimeSlot"

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.event.start_date, dt.time(9), tzinfo=o.event.tz)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
