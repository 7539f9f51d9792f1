"""Search that forgives accents and case (core.folding), the same on SQLite and
PostgreSQL, the keyword that found a result, and the folded copies kept on every
write path. Run on both databases (`DATABASE_URL` for PostgreSQL)."""

import importlib

import pytest
from django.apps import apps
from django.db.models import F
from django.urls import reverse

from core.folding import fold
from panels.enums import RoleKind
from panels.models import Keyword, Panel, PanelRole
from papers.models import Authorship, Paper
from tests.admin_forms import admin_form_data, change_url, sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def search(client, event, query):
    response = client.get(reverse("programme:search", kwargs={"event": event.slug}), {"q": query})
    assert response.status_code == 200
    return response


@pytest.fixture
def programme(panel):
    """A panel chaired by Wójcik, with a paper on Straße by Wiśniewski (Łódź) and
    Grünwald."""
    PanelRoleFactory(panel=panel, name="Agnieszka Wójcik", affiliation="Jagiellonian University")
    paper = PaperFactory(panel=panel, title="Die Straße als öffentlicher Raum")
    AuthorshipFactory(paper=paper, name="Piotr Wiśniewski", affiliation="Uniwersytet Łódzki")
    AuthorshipFactory(paper=paper, name="Lena Grünwald", affiliation="Universität Wien")
    PanelFactory(section=panel.section, title="Migration in Łódź")
    return panel


@pytest.mark.parametrize(
    ("query", "person"),
    [
        ("Wisniewski", "Piotr Wiśniewski"),
        ("wojcik", "Agnieszka Wójcik"),
        ("GRUNWALD", "Lena Grünwald"),
        ("lodzki", "Piotr Wiśniewski"),
        ("universitat wien", "Lena Grünwald"),
        ("Wiśniewski", "Piotr Wiśniewski"),
    ],
)
def test_search_finds_a_person_whatever_the_accents_and_case_typed(
    client, programme, query, person
):
    response = search(client, programme.event, query)

    assert [p["name"] for p in response.context["results"].people] == [person]


def test_search_finds_a_panel_by_its_chair_typed_without_accents(client, programme):
    response = search(client, programme.event, "WOJCIK")

    assert [p.pk for p in response.context["results"].panels] == [programme.pk]


def test_search_finds_lodz_and_strasse_typed_in_ascii(client, programme):
    """ "ł" is no "l" with an accent for Unicode (NFKD leaves it), nor "ß" an "s": both
    are folded all the same."""
    by_city = search(client, programme.event, "lodz").context["results"]
    by_street = search(client, programme.event, "strasse").context["results"]

    assert [p.title for p in by_city.panels] == ["Migration in Łódź"]
    assert [p.title for p in by_street.papers] == ["Die Straße als öffentlicher Raum"]


def test_search_finds_a_text_without_accents_by_a_word_typed_with_them(client, panel):
    PanelFactory(section=panel.section, title="Urban policy in Lodz")

    response = search(client, panel.event, "ŁÓDŹ")

    assert [p.title for p in response.context["results"].panels] == ["Urban policy in Lodz"]


def test_search_marks_the_word_as_written_in_the_text(client, programme):
    by_name = search(client, programme.event, "wisniewski")
    by_title = search(client, programme.event, "STRASSE")

    assert "Piotr <mark>Wiśniewski</mark>" in by_name.text
    assert "Die <mark>Straße</mark> als" in by_title.text


def test_search_does_not_find_another_name_that_only_looks_alike(client, programme):
    response = search(client, programme.event, "wojcikowa")

    assert response.context["results"].count == 0


@pytest.mark.parametrize("query", ["", "   ", "!!!", "—", "'", "%", "_", "%_%", "\u0301"])
def test_an_empty_or_punctuation_only_query_finds_nothing_and_fails_nothing(
    client, programme, query
):
    response = search(client, programme.event, query)

    assert not response.context["results"] or response.context["results"].count == 0


def test_search_ranks_the_same_rows_in_the_same_order_on_either_database(client):
    """The ranks are counted in SQL written the same for SQLite and PostgreSQL: each
    word's occurrences, three for one in the title, one for one in the abstract."""
    section = SectionFactory()
    make = {
        "twice in the abstract": ("Regions", "Cohésion and more cohesion."),
        "in the title": ("Cohesion Policy", "Other."),
        "title and abstract": ("COHÉSION funds", "Cohesion, again."),
        "once in the abstract": ("Regions", "About cohesion."),
        "found by its keyword": ("Structural funds", "Other."),
    }
    panels = {
        name: PanelFactory(section=section, title=title, abstract=abstract)
        for name, (title, abstract) in make.items()
    }
    keyword = KeywordFactory(event=section.event, name="Cohésion policy")
    panels["found by its keyword"].keywords.add(keyword)

    results = search(client, section.event, "cohesion").context["results"]

    found = {panel.pk: name for name, panel in panels.items()}
    assert [(found[p.pk], getattr(p, "rank", None)) for p in results.panels] == [
        ("title and abstract", 4),
        ("in the title", 3),
        ("twice in the abstract", 2),
        ("once in the abstract", 1),
        ("found by its keyword", None),
    ]


def test_search_finds_a_title_in_mathematical_capitals_typed_plainly(client, panel):
    PaperFactory(
        panel=panel, title="\U0001d401\U0001d428\U0001d425\U0001d41d budgeting in \u211dural towns"
    )
    url = reverse("programme:search", kwargs={"event": panel.event.slug})

    response = client.get(url, {"q": "bold rural"})

    assert "budgeting in" in response.text


def test_a_result_found_by_its_keyword_says_which(client, panel):
    keyword = KeywordFactory(event=panel.event, name="Migration")
    other = KeywordFactory(event=panel.event, name="Borders")
    found = PanelFactory(section=panel.section, title="People on the move", abstract="Other.")
    found.keywords.add(keyword, other)
    paper = PaperFactory(panel=panel, title="Untitled", abstract="Nothing here.")
    paper.keywords.add(keyword)

    response = search(client, panel.event, "migrat")

    results = response.context["results"]
    assert [(p.pk, p.matched_keyword) for p in results.panels] == [(found.pk, "Migration")]
    assert [(p.pk, p.matched_keyword) for p in results.papers] == [(paper.pk, "Migration")]
    assert response.text.count("Matched keyword: <mark>Migrat</mark>ion") == 2
    assert "Borders" not in response.text


def test_a_result_found_by_its_own_text_names_no_keyword(client, panel):
    keyword = KeywordFactory(event=panel.event, name="Migration")
    found = PanelFactory(section=panel.section, title="Migration and welfare")
    found.keywords.add(keyword)

    response = search(client, panel.event, "migration")

    assert [p.matched_keyword for p in response.context["results"].panels] == [None]
    assert "Matched keyword" not in response.text


def test_a_keyword_of_another_event_finds_nothing(client, panel):
    elsewhere = PanelFactory(title="People on the move")
    elsewhere.keywords.add(KeywordFactory(event=elsewhere.event, name="Migration"))

    response = search(client, panel.event, "migration")

    assert response.context["results"].count == 0


# The folded copies, on each write path. (tests/conftest.py also checks them after
# every database test of the suite, whatever path it took.)


def test_a_chair_renamed_in_the_admin_is_found_without_the_accents(client, panel):
    role = PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, name="Jo Smith", position=5)
    sign_in_organiser(client, panel.event)
    page = client.get(change_url(role))

    client.post(change_url(role), admin_form_data(page, name="Zoë Đorđević"))
    client.logout()

    response = search(client, panel.event, "zoe dordevic")
    assert [p["name"] for p in response.context["results"].people] == ["Zoë Đorđević"]
    assert [p.pk for p in response.context["results"].panels] == [panel.pk]


def test_saving_a_text_alone_saves_its_folded_copy(panel):
    panel.title = "Łódź Revisited"
    panel.save(update_fields=["title"])

    assert Panel.objects.get(pk=panel.pk).title_folded == "lodz revisited"


def test_bulk_inserts_and_updates_fold_their_texts(panel):
    paper = PaperFactory(panel=panel)
    Authorship.objects.bulk_create(
        [Authorship(paper=paper, position=9, name="Ærø Ødegård", affiliation="Universitetet")]
    )
    paper.title = "Đurđevac"
    Paper.objects.bulk_update([paper], ["title"])
    PanelRole.objects.filter(panel=panel).update(affiliation="Université Laval")

    assert Authorship.objects.get(position=9).name_folded == "aero odegard"
    assert Paper.objects.get(pk=paper.pk).title_folded == "durdevac"
    assert set(PanelRole.objects.values_list("affiliation_folded", flat=True)) == {
        "universite laval"
    }


def test_an_update_by_an_expression_is_refused_as_it_cannot_be_folded(panel):
    with pytest.raises(TypeError, match="title_folded"):
        Panel.objects.filter(pk=panel.pk).update(title=F("code"))


def test_the_data_migrations_fold_the_rows_there_are(panel):
    paper = PaperFactory(panel=panel, title="K\u0131r\u0131kkale")
    AuthorshipFactory(paper=paper, name="Øystein")
    keyword = KeywordFactory(event=panel.event, name="Œuvre")
    for model in [Panel, PanelRole, Paper, Authorship, Keyword]:
        model._base_manager.update(**dict.fromkeys(model.folded_fields, ""))

    for name in [
        "panels.migrations.0012_folded_search_columns",
        "papers.migrations.0010_folded_search_columns",
    ]:
        importlib.import_module(name).fold_rows(apps, None)

    assert Paper.objects.get(pk=paper.pk).title_folded == "kirikkale"
    assert Authorship.objects.get(paper=paper).name_folded == "oystein"
    assert Keyword.objects.get(pk=keyword.pk).name_folded == "oeuvre"
    assert PanelRole.objects.get(panel=panel, name="Tony Bovaird").name_folded == "tony bovaird"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Wiśniewski", "wisniewski"),
        ("JOVANOVIĆ", "jovanovic"),
        ("Kovač", "kovac"),
        ("García", "garcia"),
        ("Straße", "strasse"),
        ("ẞ", "ss"),
        ("Łódź", "lodz"),
        ("Ørsted", "orsted"),
        ("Đurić", "duric"),
        ("Æsir Œuvre", "aesir oeuvre"),
        ("K\u0131r", "kir"),  # the Turkish dotless i
        ("İstanbul", "istanbul"),
        ("Þór", "thor"),
        ("e\u0301te\u0301", "ete"),  # accents typed as combining marks
        ("\ufb01nance", "finance"),  # the "fi" ligature
        ("O\u2019Brien", "o'brien"),
        ("Παπαδοπούλου", "παπαδοπουλου"),  # other scripts keep their letters
        ("王小明", "王小明"),
        ("\u211dural", "rural"),  # capitals that only NFKD makes: double-struck R
        ("\U0001d401\U0001d428\U0001d425\U0001d41d", "bold"),  # mathematical bold
        ("\U0001f130", "a"),  # a squared A
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
