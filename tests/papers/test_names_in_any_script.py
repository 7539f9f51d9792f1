"""Names in any script, from the proposal form to the public pages, search, iCal and
the CSV export; people's addresses (`<slug>-<key>`, core/people.py), old addresses,
and names that slug alike."""

import re
import unicodedata
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from core.people import name_slug, normalised_name, person_key, person_ref, split_ref
from panels.enums import PanelStatus, RoleKind
from papers.enums import PaperStatus
from papers.models import Authorship, Paper
from papers.services import paper_accept
from tests.admin_forms import sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    TimeSlotFactory,
)
from tests.papers.helpers import form_data

pytestmark = pytest.mark.django_db

NFD_E = "e\u0301"  # "é" as a letter and a combining accent

# (co-author, her affiliation, a word of it to search, the panel's co-chair, her slug)
SCRIPTS = {
    "chinese": ("王小明", "Peking University", "Peking", "李华", "wangxiaoming"),
    "greek": (
        "Ελένη Παπαδοπούλου",
        "Πανεπιστήμιο Αθηνών",
        "Αθηνών",
        "Γιώργος Νικολάου",
        "eleni-papadopoyloy",
    ),
    "arabic": ("محمد عبد الله", "جامعة القاهرة", "القاهرة", "فاطمة الزهراء", "mhmd-bd-llh"),
    "cyrillic": (
        "Иван Петров",
        "Московский университет",
        "Московский",
        "Анна Смирнова",
        "ivan-petrov",
    ),
    "combining accents": (
        f"Jos{NFD_E} Garci\u0301a",
        f"Universit{NFD_E} de Gen{NFD_E}ve",
        "Universit",
        f"Ren{NFD_E}e Lef{NFD_E}vre",
        "jose-garcia",
    ),
    "emoji": ("🦉🌍", "Owl Institute 🦉", "Owl", "🎉", "owl-earth-africa"),
    "punctuation": ("¿…?", "Institute of Questions", "Questions", "—", ""),
}


def propose_url(panel):
    return reverse(
        "papers:propose-to-panel", kwargs={"event": panel.event.slug, "code": panel.code}
    )


def person_url(event, person):
    return reverse("programme:person", kwargs={"event": event.slug, "person": person.person_ref})


def person_links(html):
    """The addresses of people's pages an HTML page links to."""
    return [unescape(href) for href in re.findall(r'href="([^"]*/people/[^"]*)"', html)]


@pytest.fixture
def scheduled_panel(open_panel):
    """The open panel in a slot and a room, so that its calendar has an entry."""
    open_panel.slot = TimeSlotFactory(event=open_panel.event)
    open_panel.room = RoomFactory(event=open_panel.event)
    open_panel.save()
    return open_panel


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_name_in_any_script_goes_from_the_proposal_to_every_page_and_file(
    client, author, scheduled_panel, script
):
    name, affiliation, word, chair_name, slug = SCRIPTS[script]
    panel, event = scheduled_panel, scheduled_panel.event
    co_chair = PanelRoleFactory(
        panel=panel, kind=RoleKind.CO_CHAIR, name=chair_name, affiliation=affiliation
    )
    client.force_login(author)
    ada = {"name": "Ada Author", "email": "ada@example.org", "affiliation": "Univ A"}
    coauthor = {"name": name, "email": "coauthor@example.org", "affiliation": affiliation}

    # The author loads the form and proposes the paper with her co-author.
    assert client.get(propose_url(panel)).status_code == 200
    response = client.post(
        propose_url(panel), form_data(event, authors=[{**ada, "is_presenter": "on"}, coauthor])
    )
    paper = Paper.objects.get()
    assert response.status_code == 302
    stored = paper.authorships.get(position=2)
    assert (stored.name, stored.affiliation, stored.name_slug) == (name, affiliation, slug)
    assert stored.person_key == person_key(name)

    # The panel's chair accepts it.
    chair = panel.roles.get(kind=RoleKind.CHAIR).user
    paper_accept(paper=paper, by=chair, message="Welcome.")
    assert Paper.objects.get().status == PaperStatus.ACCEPTED
    client.logout()

    # The panel page shows her name and links the co-chair's page.
    panel_page = client.get(panel.get_absolute_url())
    assert panel_page.status_code == 200
    assert f"<bdi>{name}</bdi>" in panel_page.text
    assert person_url(event, co_chair) in person_links(panel_page.text)

    # The paper page links her page, and her page shows her and her paper only.
    paper_page = client.get(paper.get_absolute_url())
    assert person_url(event, stored) in person_links(paper_page.text)
    page = client.get(person_url(event, stored))
    assert page.status_code == 200
    assert f'<h1 class="h2" dir="auto">{name}</h1>' in page.text
    assert affiliation in page.text
    assert paper.title in page.text
    assert "Ada Author" not in page.text
    assert "coauthor@example.org" not in page.text
    chair_page = client.get(person_url(event, co_chair))
    assert f'<h1 class="h2" dir="auto">{chair_name}</h1>' in chair_page.text

    # Search by her affiliation and by her name finds her, linked to her page.
    search = reverse("programme:search", kwargs={"event": event.slug})
    for query in (word, name):
        found = client.get(search, {"q": query})
        assert found.status_code == 200
        if query == name and not re.search(r"\w", name):
            continue  # no word to search in a name of punctuation
        people = found.context["results"].people
        assert stored.person_ref in [p["ref"] for p in people], query
        assert person_url(event, stored) in person_links(found.text)

    # The panel's calendar names its co-chair.
    ical = client.get(
        reverse("programme:panel-ical", kwargs={"event": event.slug, "code": panel.code})
    )
    (entry,) = Calendar.from_ical(ical.content).walk("VEVENT")
    assert f"{chair_name} ({affiliation})" in str(entry["description"])

    # The organiser's CSV exports carry both names as typed.
    organiser = Client()
    sign_in_organiser(organiser, event)
    papers_csv = organiser.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "export_csv", "_selected_action": [paper.pk]},
    )
    panels_csv = organiser.post(
        reverse("admin:panels_panel_changelist"),
        {"action": "export_csv", "_selected_action": [panel.pk]},
    )
    assert papers_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert f"{name} | coauthor@example.org | {affiliation}" in papers_csv.content.decode(
        "utf-8-sig"
    )
    assert f"{chair_name} |  | {affiliation}" in panels_csv.content.decode("utf-8-sig")


def test_two_people_whose_names_slug_alike_get_two_pages(client, panel):
    event = panel.event
    accented = AuthorshipFactory(
        paper=PaperFactory(panel=panel, title="Accented"), name="José García"
    )
    plain = AuthorshipFactory(paper=PaperFactory(panel=panel, title="Plain"), name="Jose Garcia")
    hanzi = AuthorshipFactory(paper=PaperFactory(panel=panel, title="Hanzi"), name="王小明")
    latin = AuthorshipFactory(paper=PaperFactory(panel=panel, title="Latin"), name="WangXiaoMing")

    assert accented.name_slug == plain.name_slug == "jose-garcia"
    assert hanzi.name_slug == latin.name_slug == "wangxiaoming"
    for one, other in ((accented, plain), (hanzi, latin)):
        assert one.person_ref != other.person_ref
        page = client.get(person_url(event, one)).text
        assert f'<h1 class="h2" dir="auto">{one.name}</h1>' in page
        assert one.paper.title in page
        assert other.paper.title not in page


def test_search_lists_people_whose_names_slug_alike_apart(client, panel):
    AuthorshipFactory(paper=PaperFactory(panel=panel), name="José García", affiliation="Sevilla")
    AuthorshipFactory(paper=PaperFactory(panel=panel), name="Jose Garcia", affiliation="Sevilla")

    response = client.get(
        reverse("programme:search", kwargs={"event": panel.event.slug}), {"q": "Sevilla"}
    )

    people = response.context["results"].people
    assert sorted(p["name"] for p in people) == ["Jose Garcia", "José García"]
    assert len({p["ref"] for p in people}) == 2


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Анна Ковальова", "Kovalova"),
        ("Анна Ковальова", "anna kovalova"),
        ("王小明", "Wang"),
        ("Ελένη Παπαδοπούλου", "Eleni"),
    ],
)
def test_a_name_in_another_script_is_found_typed_in_latin_letters(client, panel, name, typed):
    AuthorshipFactory(paper=PaperFactory(panel=panel), name=name, affiliation="Somewhere")
    AuthorshipFactory(paper=PaperFactory(panel=panel), name="Someone Else", affiliation="Else")
    url = reverse("programme:search", kwargs={"event": panel.event.slug})

    response = client.get(url, {"q": typed})

    assert [p["name"] for p in response.context["results"].people] == [name]


def test_a_panel_is_found_by_its_chair_typed_in_latin_letters(client, panel):
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, name="Иван Петров")
    url = reverse("programme:search", kwargs={"event": panel.event.slug})

    response = client.get(url, {"q": "Petrov"})

    assert panel in response.context["results"].panels


def test_one_name_typed_in_nfc_nfd_capitals_or_spaces_is_one_person(client, panel):
    nfc = AuthorshipFactory(paper=PaperFactory(panel=panel, title="First"), name="Renée Lefèvre")
    nfd = AuthorshipFactory(
        paper=PaperFactory(panel=panel, title="Second"),
        name=unicodedata.normalize("NFD", "Renée Lefèvre"),
    )
    shouted = PanelRoleFactory(panel=panel, name="  RENÉE   LEFÈVRE ")

    assert (
        nfc.person_ref == nfd.person_ref == shouted.person_ref == "renee-lefevre-" + nfc.person_key
    )
    page = client.get(person_url(panel.event, nfc)).text
    assert "First" in page
    assert "Second" in page
    assert panel.title in page


def test_a_name_of_punctuation_only_has_a_page_at_its_key(client, panel):
    author = AuthorshipFactory(paper=PaperFactory(panel=panel, title="Unnamed"), name="?!")

    url = person_url(panel.event, author)

    assert author.name_slug == ""
    assert url == f"/{panel.event.slug}/people/{author.person_key}/"
    assert "Unnamed" in client.get(url).text


def test_an_old_address_moves_for_good_to_the_new_one(client, panel):
    chair = panel.roles.get(name="Tony Bovaird")
    old = reverse("programme:person", kwargs={"event": panel.event.slug, "person": "tony-bovaird"})

    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == person_url(panel.event, chair)


def test_an_address_with_another_slug_or_capitals_moves_to_the_right_one(client, panel):
    chair = panel.roles.get(name="Tony Bovaird")
    event = panel.event

    for ref in (chair.person_key, f"someone-else-{chair.person_key}", chair.person_ref.upper()):
        response = client.get(
            reverse("programme:person", kwargs={"event": event.slug, "person": ref})
        )

        assert (response.status_code, response["Location"]) == (301, person_url(event, chair)), ref


def test_an_old_address_that_names_two_people_is_a_404(client, panel):
    AuthorshipFactory(paper=PaperFactory(panel=panel), name="José García")
    AuthorshipFactory(paper=PaperFactory(panel=panel), name="Jose Garcia")
    old = reverse("programme:person", kwargs={"event": panel.event.slug, "person": "jose-garcia"})

    assert client.get(old).status_code == 404


@pytest.mark.parametrize("ref", ["-", "_", "nobody", "nobody-aaaaaaaaaa", "aaaaaaaaaa"])
def test_an_address_of_nobody_is_a_404_even_when_empty_names_exist(client, panel, ref):
    AuthorshipFactory(paper=PaperFactory(panel=panel), name="王小明")
    AuthorshipFactory(paper=PaperFactory(panel=panel), name="?!")

    response = client.get(f"/{panel.event.slug}/people/{ref}/")

    assert response.status_code == 404


def test_a_person_of_another_event_or_a_declined_author_has_no_page_here(client, panel):
    elsewhere = PanelRoleFactory(panel=PanelFactory(), name="王小明")
    declined = AuthorshipFactory(
        paper=PaperFactory(panel=panel), name="Иван Петров", status="declined"
    )
    proposed = PanelRoleFactory(
        panel=PanelFactory(section=panel.section, status=PanelStatus.PROPOSED), name="李华"
    )

    for person in (elsewhere, declined, proposed):
        assert client.get(person_url(panel.event, person)).status_code == 404
    assert client.get(person_url(elsewhere.panel.event, elsewhere)).status_code == 200


def test_every_author_written_by_the_proposal_service_has_her_address(author_client, open_panel):
    ada = {
        "name": "Ada Author",
        "email": "ada@example.org",
        "affiliation": "Univ A",
        "is_presenter": "on",
    }
    others = [{"name": n, "email": f"p{i}@example.org"} for i, n in enumerate(["王小明", "🦉"])]

    author_client.post(propose_url(open_panel), form_data(open_panel.event, authors=[ada, *others]))

    rows = Authorship.objects.order_by("position")
    assert [(a.name_slug, a.person_key) for a in rows] == [
        (name_slug(n), person_key(n)) for n in ["Ada Author", "王小明", "🦉"]
    ]


# core/people.py -----------------------------------------------------------------


def test_a_key_is_ten_base32_characters_the_same_for_every_spelling_of_a_name():
    key = person_key("Renée Lefèvre")

    assert re.fullmatch(r"[a-z2-7]{10}", key)
    assert person_key(unicodedata.normalize("NFD", "Renée Lefèvre")) == key
    assert person_key(" RENÉE\tLEFÈVRE ") == key
    assert person_key("Renee Lefevre") != key
    assert normalised_name("Ｒｅｎéｅ  Ｌｅｆèｖｒｅ") == "renée lefèvre"  # full-width forms


def test_slugs_read_every_script_and_keep_latin_names_as_they_were():
    assert name_slug("Tony Bovaird") == "tony-bovaird"
    assert name_slug("O'Brien, Siobhán") == "obrien-siobhan"
    assert name_slug("Søren Kierkegaard") == "soren-kierkegaard"
    assert name_slug("Иван Петров") == "ivan-petrov"
    assert name_slug("😀") == "grinning"
    assert name_slug("!!!") == ""
    assert len(name_slug("王" * 200)) == 200


def test_an_address_part_is_split_back_into_slug_and_key():
    key = person_key("王小明")

    assert split_ref(person_ref("wangxiaoming", key)) == ("wangxiaoming", key)
    assert split_ref(person_ref("", key)) == ("", key)
    assert split_ref("tony-bovaird") is None
    assert split_ref("-") is None
