"""Importing a conference from CSV and XLSX in the admin (dry run, then confirm), every
row through the services; exporting it back; the round trip of the demo conference."""

import csv
import datetime as dt
import difflib
import io
import re

import openpyxl
import pytest
import tablib
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import EmailLog
from demo.conference import load_demo
from panels.enums import PanelStatus, RoleKind
from panels.models import Event, Keyword, Panel, PanelRole, Room, Section, TimeSlot
from panels.services import event_copy
from papers.enums import PaperStatus
from papers.models import Authorship, Paper, PaperStatusChange
from programme import exchange
from tests.admin_forms import form_data, sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

RESOURCES = {"panels": 0, "papers": 1, "rooms": 2, "slots": 3}
IMPORT = reverse("admin:panels_panel_import")


def empty_copy(event: Event, slug: str = "imported-copy-2026") -> Event:
    """Next year's event as an organiser makes it (`event_copy`, no shift): its rules,
    sections, keywords, rooms and slots, no panels or papers; the same organisers."""
    copy = event_copy(
        event=event,
        by=UserFactory(is_superuser=True, is_staff=True),
        name=f"{event.name} (copy)",
        slug=slug,
        offset_days=0,
    )
    copy.organisers.set(event.organisers.all())
    copy.is_published = event.is_published  # a copy starts unpublished
    copy.save(update_fields=["is_published"])
    return copy


def csv_file(rows: list[dict] | tablib.Dataset, name: str = "file.csv"):
    if isinstance(rows, tablib.Dataset):
        text = rows.export("csv")
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        text = out.getvalue()
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def xlsx_file(rows: list[list], name: str = "file.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = name
    return upload


def dry_run(client, event, kind, upload, file_format="csv"):
    """Upload a file on the import page as a browser would; the dry run's task runs
    after the commit (the immediate backend: at once). The job's page, as the redirect
    leads to it; or the import page with the form's errors."""
    page = client.get(IMPORT)
    assert page.status_code == 200
    formats = {"csv": "0", "xlsx": "1"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            IMPORT,
            {
                "event": str(event.pk),
                "resource": str(RESOURCES[kind]),
                "format": formats[file_format],
                "import_file": upload,
            },
        )
    if response.status_code != 302:
        return response
    assert re.fullmatch(r"/admin/programme/importjob/\d+/change/", response["Location"])
    return client.get(response["Location"])


def confirm(client, job_page):
    """Press the job page's "Confirm import" as the browser would; the job's page after."""
    html = job_page.content.decode()
    assert "Confirm import" in html, errors_of(job_page)
    action = re.search(r'<form method="post" action="([^"]+/confirm/)">', html)[1]
    start = html.index(f'action="{action}"')
    form = html[html.rindex("<form", 0, start) : html.index("</form>", start) + 7]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(action, form_data(form.replace("<form", '<form id="c_form"', 1)))
    assert response.status_code == 302
    return client.get(response["Location"])


def import_file(client, event, kind, upload, file_format="csv"):
    return confirm(client, dry_run(client, event, kind, upload, file_format))


def state_of(job_page) -> str:
    """The job's state as its page shows it."""
    return re.search(r'id="import-state">([^<]*)<', job_page.content.decode())[1]


def errors_of(response) -> str:
    """The dry run's errors as the page shows them, as text."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def row_errors(response) -> dict[int, dict[str, list[str]]]:
    """The dry run's table of refused rows: row number → column → messages."""
    found: dict = {}
    html = response.content.decode()
    for number, column, messages in re.findall(
        r'<tr class="import-error"><td>(\d*)</td><td>(.*?)</td><td><ul>(.*?)</ul></td></tr>',
        html,
        re.S,
    ):
        found.setdefault(int(number), {})[column] = [
            m.strip() for m in re.findall(r"<li>(.*?)</li>", messages, re.S)
        ]
    return found


def panel_row(section_obj, **values):
    row = {
        "section": section_obj.code,
        "code": "P101",
        "title": "Trust in public institutions",
        "abstract": "Why citizens trust some institutions and not others.",
        "keywords": "",
        "status": "accepted",
        "chairs": "Ada Chair | ada@example.org | University of Lisbon",
        "co-chairs": "",
        "discussants": "",
        "slot": "",
        "room": "",
    }
    return row | values


def paper_row(panel_code, **values):
    row = {
        "id": "",
        "panel": panel_code,
        "section": "",
        "title": "Trust and tax compliance",
        "abstract": "We study trust.",
        "keywords": "",
        "authors": "Bo Author | bo@example.org | University of Oslo | presenter",
        "status": "submitted",
    }
    return row | values


@pytest.fixture
def event(db):
    event = EventFactory(min_keywords=0, max_keywords=3, abstract_word_limit=20)
    SectionFactory(event=event, code="S01")
    KeywordFactory(event=event, name="trust")
    return event


@pytest.fixture
def organiser_client(client, event):
    sign_in_organiser(client, event)
    return client


# The round trip -------------------------------------------------------------------


def _public_pages(client, event) -> dict[str, str]:
    """Every public page of an event, keyed by its address with the event's slug
    and its papers' ids taken out; the event's slug and name replaced in the text."""
    panels = Panel.objects.public().filter(event=event).order_by("code")
    papers = Paper.objects.public().filter(event=event).select_related("panel")
    keys = {p.pk: f"{p.panel.code}/{p.position}/{p.title}" for p in papers}
    sections = dict(Section.objects.filter(event=event).values_list("pk", "code"))
    addresses = [
        f"/{event.slug}/",
        f"/{event.slug}/programme/",
        *(f"/{event.slug}/panels/{p.code}/" for p in panels),
        *(f"/{event.slug}/papers/{pk}/" for pk in keys),
    ]

    def neutral(text):
        text = re.sub(
            rf"/{event.slug}/papers/(\d+)/",
            lambda m: f"/EVENT/papers/{keys.get(int(m[1]), m[1])}/",
            text,
        )
        text = re.sub(r"section-(\d+)\b", lambda m: f"section-{sections.get(int(m[1]))}", text)
        return text.replace(event.slug, "EVENT").replace(event.name, "NAME")

    pages = {}
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        pages[neutral(address)] = neutral(response.content.decode())
    return pages


@pytest.mark.django_db
def test_an_exported_event_imported_into_an_empty_copy_has_the_same_public_pages(client):
    event, _created = load_demo()
    copy = empty_copy(event)
    organiser = UserFactory()
    event.organisers.add(organiser)
    copy.organisers.add(organiser)
    client.force_login(organiser)
    exports = {
        "rooms": exchange.export_dataset(exchange.RoomResource, Room.objects.filter(event=event)),
        "slots": exchange.export_dataset(
            exchange.TimeSlotResource, TimeSlot.objects.filter(event=event)
        ),
        "panels": exchange.export_dataset(
            exchange.PanelResource, Panel.objects.filter(event=event)
        ),
        "papers": exchange.export_dataset(
            exchange.PaperResource, Paper.objects.filter(event=event)
        ),
    }

    assert Paper.objects.filter(event=event, status=PaperStatus.WITHDRAWN).exists()
    for kind, dataset in exports.items():
        response = import_file(client, copy, kind, csv_file(dataset))
        assert state_of(response) == "Done", errors_of(response)

    # An import records what happened elsewhere: it mails nobody (withdrawals included).
    assert not EmailLog.objects.filter(event=copy).exists()
    client.logout()
    assert Panel.objects.filter(event=copy).count() == Panel.objects.filter(event=event).count()
    assert Paper.objects.filter(event=copy).count() == Paper.objects.filter(event=event).count()
    original, copied = _public_pages(client, event), _public_pages(client, copy)
    assert sorted(copied) == sorted(original)
    for address, page in original.items():
        if copied[address] != page:  # pragma: no cover - shows the difference
            # Only when failing: the lines that differ.
            diff = difflib.unified_diff(page.splitlines(), copied[address].splitlines(), n=1)
            pytest.fail(f"{address}:\n" + "\n".join(list(diff)[:60]))


# Panels and papers ------------------------------------------------------------------


def test_a_dry_run_lists_the_rows_and_writes_nothing(organiser_client, event):
    response = dry_run(
        organiser_client, event, "panels", csv_file([panel_row(event.sections.get())])
    )

    assert response.status_code == 200
    assert "Confirm import" in response.text
    assert not Panel.objects.filter(event=event).exists()
    assert not PanelRole.objects.exists()


def test_a_confirmed_import_writes_panels_through_the_services(organiser_client, event):
    section = event.sections.get()
    room, slot = RoomFactory(event=event, name="Room A"), TimeSlotFactory(event=event)
    row = panel_row(
        section,
        keywords="Trust",
        **{"co-chairs": "Cy Cochair |  | Univ X", "discussants": "Di Disc | di@example.org"},
        slot=exchange.local(slot.starts_at, event.tz),
        room="Room A",
    )

    response = import_file(organiser_client, event, "panels", csv_file([row]))

    assert state_of(response) == "Done"
    panel = Panel.objects.get(event=event)
    assert (panel.code, panel.status, panel.slot, panel.room) == (
        "P101",
        PanelStatus.ACCEPTED,
        slot,
        room,
    )
    assert [k.name for k in panel.keywords.all()] == ["trust"]
    assert [(r.kind, r.name, r.email, r.affiliation, r.position) for r in panel.roles.all()] == [
        (RoleKind.CHAIR, "Ada Chair", "ada@example.org", "University of Lisbon", 1),
        (RoleKind.CO_CHAIR, "Cy Cochair", "", "Univ X", 2),
        (RoleKind.DISCUSSANT, "Di Disc", "di@example.org", "", 3),
    ]
    # History rows, as the admin writes them: created, roles, accepted, placed.
    assert next(h.to_status for h in panel.history.order_by("pk")) == PanelStatus.PROPOSED
    assert panel.history.filter(to_status=PanelStatus.ACCEPTED).exists()


def test_importing_the_same_file_again_changes_and_duplicates_nothing(organiser_client, event):
    section = event.sections.get()
    panels = csv_file([panel_row(section)]).getvalue()
    papers = csv_file([paper_row("P101", status="accepted")]).getvalue()

    for _run in range(2):
        for kind, content in (("panels", panels), ("papers", papers)):
            upload = io.BytesIO(content)
            upload.name = "file.csv"
            assert state_of(import_file(organiser_client, event, kind, upload)) == "Done"
        if _run == 0:
            history = (
                PaperStatusChange.objects.count(),
                Panel.objects.get().history.count(),
                list(Authorship.objects.values_list("pk", flat=True)),
            )

    assert Panel.objects.filter(event=event).count() == 1
    assert PanelRole.objects.count() == 1
    paper = Paper.objects.get(event=event)
    assert paper.status == PaperStatus.ACCEPTED
    assert (
        PaperStatusChange.objects.count(),
        Panel.objects.get().history.count(),
        list(Authorship.objects.values_list("pk", flat=True)),
    ) == history


def test_a_changed_row_updates_its_panel_and_paper(organiser_client, event):
    section = event.sections.get()
    import_file(organiser_client, event, "panels", csv_file([panel_row(section)]))
    import_file(organiser_client, event, "papers", csv_file([paper_row("P101")]))
    paper = Paper.objects.get()

    import_file(
        organiser_client, event, "panels", csv_file([panel_row(section, title="A new title")])
    )
    import_file(
        organiser_client,
        event,
        "papers",
        csv_file([paper_row("P101", id=str(paper.pk), title="Renamed", status="accepted")]),
    )

    assert Panel.objects.get().title == "A new title"
    paper.refresh_from_db()
    assert (Paper.objects.count(), paper.title, paper.status) == (
        1,
        "Renamed",
        PaperStatus.ACCEPTED,
    )


def test_a_paper_without_id_is_found_by_title_and_panel(organiser_client, event):
    panel = PanelFactory(section=event.sections.get(), code="P101")
    paper = PaperFactory(panel=panel, title="Trust and tax compliance", status="submitted")
    AuthorshipFactory(paper=paper)

    response = import_file(
        organiser_client, event, "papers", csv_file([paper_row("P101", status="reserve")])
    )

    assert state_of(response) == "Done"
    paper.refresh_from_db()
    assert (Paper.objects.count(), paper.status) == (1, PaperStatus.RESERVE)


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(organiser_client, event):
    section = event.sections.get()
    full = PanelFactory(section=section, code="P001", max_papers=1)
    PaperFactory(panel=full)
    rows = [
        paper_row("P001", status="accepted", title="Into a full panel"),
        paper_row("P001", abstract=" ".join(["word"] * 21), title="Too long"),
        paper_row("", section="S99", title="Unknown section"),
        paper_row("P001", title="<script>alert(1)</script>", keywords="<b>no such keyword</b>"),
    ]

    response = dry_run(organiser_client, event, "papers", csv_file(rows))

    errors = row_errors(response)
    assert "Confirm import" not in response.text
    assert errors[1] == {"status": ["Panel P001 is full: it has 1 of 1 places filled."]}
    assert list(errors[2]) == ["abstract"]
    assert "20 words" in errors[2]["abstract"][0]
    assert errors[3] == {"section": ["No section S99 in this event."]}
    assert errors[4] == {
        "keywords": ["Not keywords of this event: &lt;b&gt;no such keyword&lt;/b&gt;."]
    }
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "<b>no such keyword</b>" not in response.content.decode()
    assert Paper.objects.filter(event=event).count() == 1


def test_a_clash_is_reported_and_nothing_written(organiser_client, event):
    event.chair_role_once = False
    event.save()
    section = event.sections.get()
    slot = TimeSlotFactory(event=event)
    room_a, _room_b = RoomFactory(event=event, name="A"), RoomFactory(event=event, name="B")
    busy = PanelFactory(section=section, code="P001", slot=slot, room=room_a)
    PanelRoleFactory(panel=busy, name="Ada Chair", email="ada@example.org")
    start = exchange.local(slot.starts_at, event.tz)

    response = dry_run(
        organiser_client,
        event,
        "panels",
        csv_file([panel_row(section, slot=start, room="B", chairs="Ada | ada@example.org")]),
    )

    [message] = row_errors(response)[1]["slot"]
    assert "Ada" in message
    assert "would be in P001 at the same time" in message
    assert Panel.objects.filter(event=event).count() == 1


def test_a_refused_row_rolls_back_the_rows_before_it(organiser_client, event):
    section = event.sections.get()
    rows = [panel_row(section), panel_row(section, code="P102", section="S99")]

    response = dry_run(organiser_client, event, "panels", csv_file(rows))

    assert row_errors(response) == {2: {"section": ["No section S99 in this event."]}}
    assert not Panel.objects.filter(event=event).exists()


# Rows that depend on the rows before them in the same file ------------------------------
# The import reads some things once per file (the event's objects, the authors'
# accounts); every rule that earlier rows can change is still judged on the database.


def test_two_papers_by_one_presenter_in_one_file_meet_the_presenting_limit(organiser_client, event):
    event.max_papers_presented_per_person = 1
    event.save()
    PanelFactory(section=event.sections.get(), code="P101")
    rows = [paper_row("P101"), paper_row("P101", title="Trust and taxes, again")]

    response = dry_run(organiser_client, event, "papers", csv_file(rows))

    [message] = row_errors(response)[2]["authors"]
    assert "Bo Author already presents 1 papers" in message
    assert not Paper.objects.filter(event=event).exists()


def test_two_papers_by_one_proposer_in_one_file_meet_the_proposals_limit(organiser_client, event):
    event.max_proposals_per_person = 1
    event.save()
    PanelFactory(section=event.sections.get(), code="P101")
    rows = [
        paper_row("P101"),
        paper_row("P101", title="Another", authors="Bo Author | BO@example.org | Oslo | presenter"),
    ]

    response = dry_run(organiser_client, event, "papers", csv_file(rows))

    assert "Bo Author has made 1 proposals" in row_errors(response)[2]["authors"][0]


def test_a_clash_made_by_two_papers_of_one_file_is_refused(organiser_client, event):
    section = event.sections.get()
    slot = TimeSlotFactory(event=event)
    for code, room in (("P101", "A"), ("P102", "B")):
        PanelFactory(
            section=section, code=code, slot=slot, room=RoomFactory(event=event, name=room)
        )
    rows = [
        paper_row("P101", status="accepted"),
        paper_row("P102", title="Trust elsewhere", status="accepted"),
    ]

    response = dry_run(organiser_client, event, "papers", csv_file(rows))

    [message] = row_errors(response)[2]["status"]
    assert "Bo Author would be in P101 at the same time" in message
    assert not Paper.objects.filter(event=event).exists()


def test_an_authors_confirmed_address_links_her_account_whatever_the_row(organiser_client, event):
    """The accounts are read once per file: every row's authors still get theirs, and
    an address nobody confirmed links nobody."""
    bo = UserFactory(email="bo@example.org")
    EmailAddress.objects.create(user=bo, email=bo.email, verified=True, primary=True)
    cy = UserFactory(email="cy@example.org")
    EmailAddress.objects.create(user=cy, email=cy.email, verified=False, primary=True)
    PanelFactory(section=event.sections.get(), code="P101")
    rows = [
        paper_row("P101", authors="Cy | cy@example.org | | presenter"),
        paper_row("P101", title="Second", authors="Bo | BO@example.org | | presenter"),
    ]

    import_file(organiser_client, event, "papers", csv_file(rows))

    linked = dict(Authorship.objects.values_list("email", "user"))
    assert linked == {"cy@example.org": None, "bo@example.org": bo.pk}


def test_a_paper_row_costs_a_bounded_number_of_queries(event):
    """Accepted papers in a scheduled panel, the dearest rows (the clash check): the
    queries grow with the rows, not with the papers already in the event."""
    organiser = UserFactory()
    event.organisers.add(organiser)
    section = event.sections.get()
    slot, room = TimeSlotFactory(event=event), RoomFactory(event=event, name="A")
    PanelFactory(section=section, code="P101", slot=slot, room=room, max_papers=40)

    def import_papers(first, count):
        rows = [
            paper_row(
                "P101",
                title=f"Paper {n}",
                status="accepted",
                authors=f"Author {n} | a{n}@example.org | | presenter",
            )
            for n in range(first, first + count)
        ]
        dataset = tablib.Dataset().load(csv_file(rows).getvalue().decode(), format="csv")
        resource = exchange.PaperResource(event=event, user=organiser)
        with CaptureQueriesContext(connection) as queries:
            result = resource.import_data(dataset, dry_run=False)
        assert not result.has_errors()
        assert not result.has_validation_errors()
        return len(queries)

    ten, twenty = import_papers(0, 10), import_papers(10, 20)

    per_row = (twenty - ten) / 10
    assert per_row <= 33, per_row  # savepoints included; 44 before the import was tuned


def test_an_xlsx_formula_is_refused(organiser_client, event):
    section = event.sections.get()
    row = panel_row(section)
    upload = xlsx_file(
        [
            list(row),
            [*list(row.values())[:2], '=HYPERLINK("http://x","y")', *list(row.values())[3:]],
        ]
    )

    response = dry_run(organiser_client, event, "panels", upload, "xlsx")

    assert row_errors(response) == {
        1: {"title": ["This cell holds a formula; type its value instead."]}
    }
    assert not Panel.objects.filter(event=event).exists()


@pytest.mark.parametrize("column", ["title", "abstract", "chairs"])
def test_a_cell_holding_a_nul_is_refused_by_its_column_on_every_database(
    organiser_client, event, column
):
    row = panel_row(event.sections.get(), chairs="Ada Chair | ada@example.org")
    row[column] = row[column][:5] + "\x00" + row[column][5:]

    response = dry_run(organiser_client, event, "panels", csv_file([row]))

    assert row_errors(response) == {1: {column: ["This cell holds a NUL character; remove it."]}}
    assert not Panel.objects.filter(event=event).exists()


def test_an_xlsx_file_imports(organiser_client, event):
    row = panel_row(event.sections.get())
    upload = xlsx_file([list(row), list(row.values())])

    response = import_file(organiser_client, event, "panels", upload, "xlsx")

    assert state_of(response) == "Done"
    assert Panel.objects.get(event=event).code == "P101"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 binary", "paper.pdf", "Choose a .csv file"),
        (b"\xff\xfe\x00garbage", "file.csv", "encountered while trying to read file"),
        (b"", "file.csv", "The submitted file is empty."),
        (b"section,code,title\n", "file.csv", "No valid data to import"),
        (b"code,title\nP1,A title\n", "file.csv", "The file has no column section"),
    ],
)
def test_a_wrong_or_empty_file_is_refused(organiser_client, event, content, name, message):
    upload = io.BytesIO(content)
    upload.name = name

    response = dry_run(organiser_client, event, "panels", upload)

    assert response.status_code == 200
    assert "Confirm import" not in response.text
    assert message in errors_of(response)
    assert "NoneType" not in errors_of(response)
    assert "Traceback" not in errors_of(response)
    assert not Panel.objects.filter(event=event).exists()


def test_a_chair_cannot_import(client, event):
    panel = PanelFactory(section=event.sections.get())
    chair = UserFactory()
    PanelRoleFactory(panel=panel, user=chair, email=chair.email)
    section = event.sections.get()
    section.chair = chair
    section.save()
    client.force_login(chair)

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"event": str(event.pk)}).status_code == 403


def test_an_organiser_of_another_event_cannot_import_into_this_one(client, event):
    other = EventFactory()
    sign_in_organiser(client, other)

    page = client.get(IMPORT)
    response = dry_run(client, event, "panels", csv_file([panel_row(event.sections.get())]))

    html = page.content.decode()
    events = html[html.index('name="event"') : html.index("</select>", html.index('name="event"'))]
    assert f'value="{event.pk}"' not in events
    assert f'value="{other.pk}"' in events
    assert "Select a valid choice" in errors_of(response)
    assert not Panel.objects.filter(event=event).exists()


def test_the_resource_refuses_someone_who_does_not_organise_the_event(event):
    dataset = csv_file([panel_row(event.sections.get())]).getvalue().decode()
    result = exchange.PanelResource(event=event, user=UserFactory()).import_data(
        tablib.Dataset().load(dataset, format="csv"), dry_run=False
    )

    assert result.has_errors()
    assert not Panel.objects.filter(event=event).exists()


def test_rooms_and_slots_import_and_update(organiser_client, event):
    day = event.start_date.isoformat()
    rooms = [{"name": "Aula", "position": "1"}, {"name": "Room 2", "position": "2"}]
    slots = [{"start": f"{day} 09:00", "end": f"{day} 10:30"}]
    import_file(organiser_client, event, "rooms", csv_file(rooms))
    import_file(organiser_client, event, "slots", csv_file(slots))
    slots[0]["end"] = f"{day} 11:00"
    import_file(organiser_client, event, "slots", csv_file(slots))
    import_file(organiser_client, event, "rooms", csv_file(rooms))

    assert list(Room.objects.filter(event=event).values_list("name", "position")) == [
        ("Aula", 1),
        ("Room 2", 2),
    ]
    slot = TimeSlot.objects.get(event=event)
    start = dt.datetime.combine(event.start_date, dt.time(9), tzinfo=event.tz)
    assert (slot.starts_at, slot.ends_at) == (start, start + dt.timedelta(hours=2))


def test_a_slot_outside_the_events_days_is_refused_by_row(organiser_client, event):
    before = event.start_date - dt.timedelta(days=365)
    slots = [{"start": f"{before} 09:00", "end": f"{before} 10:30"}]

    checked = dry_run(organiser_client, event, "slots", csv_file(slots))

    assert "this slot is on" in " ".join(row_errors(checked)[1]["start"])
    assert not TimeSlot.objects.filter(event=event).exists()


# Exports ---------------------------------------------------------------------------


def _download(client, admin_name, pks, action):
    return client.post(
        reverse(f"admin:{admin_name}_changelist"), {"action": action, "_selected_action": pks}
    )


def _rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_papers_export_in_the_events_time_with_everything(organiser_client, event):
    slot, room = TimeSlotFactory(event=event), RoomFactory(event=event, name="Aula")
    panel = PanelFactory(section=event.sections.get(), code="P007", slot=slot, room=room)
    paper = PaperFactory(panel=panel, abstract="=cmd|' /C calc'!A0", title="-1+1")
    paper.keywords.add(Keyword.objects.get(event=event))
    AuthorshipFactory(paper=paper, name="Bo", email="bo@example.org", affiliation="Oslo")

    response = _download(organiser_client, "papers_paper", [paper.pk], "export_csv")

    [row] = _rows(response)
    assert row["id"] == str(paper.pk)
    assert (row["panel"], row["section"], row["keywords"]) == ("P007", "S01", "trust")
    assert row["authors"] == "Bo | bo@example.org | Oslo | presenter"
    assert row["abstract"] == "'=cmd|' /C calc'!A0"
    assert row["title"] == "'-1+1"
    assert row["slot"] == slot.starts_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M")
    assert row["room"] == "Aula"
    assert row["submitted at"] == paper.created_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M")


def test_panels_and_programme_export_as_xlsx_and_csv(organiser_client, event):
    slot, room = TimeSlotFactory(event=event), RoomFactory(event=event, name="Aula")
    panel = PanelFactory(section=event.sections.get(), code="P007", slot=slot, room=room)
    PanelRoleFactory(panel=panel, name="Ada", email="ada@example.org", affiliation="Lisbon")
    paper = PaperFactory(panel=panel, title="=1+1")
    AuthorshipFactory(paper=paper, name="Bo")

    xlsx = _download(organiser_client, "panels_panel", [panel.pk], "export_xlsx")
    programme = _download(organiser_client, "panels_panel", [panel.pk], "export_programme_csv")

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    header, values = [[c.value for c in row] for row in sheet.rows]
    row = dict(zip(header, values, strict=True))
    assert (row["code"], row["chairs"], row["accepted papers"], row["capacity"]) == (
        "P007",
        "Ada | ada@example.org | Lisbon",
        1,
        event.max_papers_per_panel,
    )
    [line] = _rows(programme)
    local = slot.starts_at.astimezone(event.tz)
    assert (line["day"], line["start"], line["room"], line["panel"]) == (
        local.strftime("%Y-%m-%d"),
        local.strftime("%H:%M"),
        "Aula",
        "P007",
    )
    assert line["papers"] == "'=1+1 (Bo)"


def test_an_organiser_never_exports_another_events_rows(organiser_client, event):
    mine = PaperFactory(panel=PanelFactory(section=event.sections.get()), title="Mine")
    theirs = PaperFactory(title="Theirs, of another event")

    response = _download(organiser_client, "papers_paper", [mine.pk, theirs.pk], "export_csv")

    assert [row["title"] for row in _rows(response)] == ["Mine"]
    assert "Theirs" not in response.content.decode("utf-8-sig")


def test_the_email_log_exports_only_the_organisers_events_in_their_time(organiser_client, event):
    mine = EmailLog.objects.create(
        to="a@example.org", subject="Decision", template="emails/x", event=event
    )
    theirs = EmailLog.objects.create(
        to="secret@example.org", subject="Other", template="emails/x", event=EventFactory()
    )

    response = _download(organiser_client, "accounts_emaillog", [mine.pk, theirs.pk], "export_xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [[c.value for c in row] for row in sheet.rows]
    assert [dict(zip(header, row, strict=True))["to"] for row in rows] == ["a@example.org"]
    assert rows[0][header.index("queued at")] == mine.created_at.astimezone(event.tz).strftime(
        "%Y-%m-%d %H:%M"
    )


def test_the_command_imports_with_progress_and_refuses_a_bad_file(event, tmp_path):
    organiser = UserFactory()
    event.organisers.add(organiser)
    good, bad = tmp_path / "rooms.csv", tmp_path / "bad.csv"
    good.write_text("name,position\nAula,1\n")
    bad.write_text("name,position\nAula,first\n")
    out = io.StringIO()

    call_command(
        "import_conference", "rooms", str(good), "--event", event.slug, "--as", organiser.email,
        stdout=out,
    )  # fmt: skip
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_conference", "rooms", str(bad), "--event", event.slug,
            "--as", organiser.email, stdout=io.StringIO(), stderr=(err := io.StringIO()),
        )  # fmt: skip

    assert "row 1 of 1" in out.getvalue()
    assert "1 rows imported: 1 new." in out.getvalue()
    assert "row 1, position: Write a whole number." in err.getvalue()
    assert list(Room.objects.filter(event=event).values_list("name", "position")) == [("Aula", 1)]


def test_rooms_and_slots_export_for_the_organisers_events_only(client, event):
    other = EventFactory()
    RoomFactory(event=event, name="Aula")
    RoomFactory(event=other, name="Secret room")
    slot = TimeSlotFactory(event=event)
    TimeSlotFactory(event=other)
    user = sign_in_organiser(client, event)
    PanelRoleFactory(panel=PanelFactory(section=SectionFactory(event=other)), user=user)

    rooms = _download(client, "panels_event", [event.pk, other.pk], "export_rooms_csv")
    slots = _download(client, "panels_event", [event.pk, other.pk], "export_slots_csv")

    assert [r["name"] for r in _rows(rooms)] == ["Aula"]
    assert [r["start"] for r in _rows(slots)] == [exchange.local(slot.starts_at, event.tz)]


# Found by an attack: two rows for one paper or panel; a typed leading quote ------------


def test_two_rows_with_one_paper_id_are_refused(organiser_client, event):
    panel = PanelFactory(event=event, section=event.sections.get(), code="P001")
    paper = PaperFactory(panel=panel, event=event, section=panel.section, title="Kept")
    row = {
        "id": str(paper.pk),
        "panel": "P001",
        "title": "First row",
        "abstract": "Text.",
        "keywords": "trust",
        "authors": "Ada | ada@example.org | Univ | presenter",
        "status": "submitted",
    }

    checked = dry_run(
        organiser_client, event, "papers", csv_file([row, {**row, "title": "Second row"}])
    )

    assert "Another row of this file writes paper" in " ".join(row_errors(checked)[2]["id"])
    paper.refresh_from_db()
    assert paper.title == "Kept"


def test_two_rows_with_one_panel_code_are_refused(organiser_client, event):
    row = {"section": "S01", "code": "P001", "title": "One", "status": "proposed"}

    checked = dry_run(organiser_client, event, "panels", csv_file([row, {**row, "title": "Two"}]))

    assert "Another row of this file writes panel P001" in " ".join(row_errors(checked)[2]["code"])
    assert not Panel.objects.filter(event=event).exists()


@pytest.mark.parametrize("typed", ["'=1 or not", "''+x", "'hello", "=SUM(A1)"])
def test_a_typed_leading_quote_survives_export_and_import(typed):
    from core.exports import safe_cell

    assert exchange.cell_text(safe_cell(typed)) == typed


def test_a_panel_row_with_three_people_costs_a_bounded_number_of_queries(event):
    """Accepted panels with a chair, a co-chair and a discussant, each in its own room
    of one slot (the clash check runs): the queries grow with the rows, not with the
    panels already in the event."""
    organiser = UserFactory()
    event.organisers.add(organiser)
    section = event.sections.get()
    slot = TimeSlotFactory(event=event)
    for n in range(30):
        RoomFactory(event=event, name=f"Room {n}")

    def import_panels(first, count):
        rows = [
            panel_row(
                section,
                code=f"P{n}",
                title=f"Panel {n}",
                chairs=f"Chair {n} | c{n}@example.org | University {n}",
                **{"co-chairs": f"Co {n} | o{n}@example.org |"},
                discussants=f"Discussant {n} | d{n}@example.org |",
                slot=exchange.local(slot.starts_at, event.tz),
                room=f"Room {n}",
            )
            for n in range(first, first + count)
        ]
        dataset = tablib.Dataset().load(csv_file(rows).getvalue().decode(), format="csv")
        resource = exchange.PanelResource(event=event, user=organiser)
        with CaptureQueriesContext(connection) as queries:
            result = resource.import_data(dataset, dry_run=False)
        assert not result.has_errors()
        assert not result.has_validation_errors(), [r.error for r in result.invalid_rows]
        return len(queries)

    ten, twenty = import_panels(0, 10), import_panels(10, 10)

    assert Panel.objects.filter(event=event, slot=slot).count() == 20
    assert PanelRole.objects.filter(panel__event=event).count() == 60
    per_row = (twenty - ten) / 10
    assert abs(per_row) <= 2, per_row  # no growth with the panels already there
    assert ten / 10 <= 45, ten / 10  # savepoints included; 55 before the tuning
