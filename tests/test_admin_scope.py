"""What each role reaches in the admin, and nothing more.

Names are planted in another, unpublished event (every one of them holds
"Zanzibar", every address is at zanzibar.example) and in the parts of the chairs'
own event that are not theirs ("Sibling")."""

import re
from collections import deque
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import EmailLog
from panels.enums import PanelStatus, RoleKind
from papers.enums import PaperStatus
from papers.models import PaperStatusChange
from tests.admin_forms import admin_form_data
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

pytestmark = pytest.mark.django_db

SECRET = "zanzibar"


def person(name, email=None, **kwargs):
    return UserFactory(name=name, email=email or f"{name.split()[0].lower()}@example.org", **kwargs)


@pytest.fixture
def secret_event():
    return make_secret_event()


def make_secret_event():
    """Another, unpublished event: every name in it holds "Zanzibar"."""
    event = EventFactory(name="Zanzibar Congress", slug="zanzibar-congress", is_published=False)
    event.organisers.add(person("Zelda Zanzibar", "zelda@zanzibar.example"))
    EmailLog.objects.create(
        to="zack@zanzibar.example", subject="Zanzibar decision", template="t", event=event
    )
    section = SectionFactory(
        event=event,
        code="SZ",
        title="Zanzibar Section",
        chair=person("Zeno Zanzibar", "zeno@zanzibar.example"),
    )
    KeywordFactory(event=event, name="zanzibar studies")
    PanelFactory(section=section, title="Zanzibar Proposed Panel", status=PanelStatus.PROPOSED)
    accepted = PanelFactory(
        section=section,
        title="Zanzibar Accepted Panel",
        slot=TimeSlotFactory(event=event),
        room=RoomFactory(event=event, name="Zanzibar Hall"),
    )
    PanelRoleFactory(
        panel=accepted,
        name="Zora Zanzibar",
        email="zora@zanzibar.example",
        user=person("Zora Zanzibar", "zora@zanzibar.example"),
    )
    submitter = person("Zack Zanzibar", "zack@zanzibar.example")
    paper = PaperFactory(
        panel=accepted, title="Zanzibar Paper", status=PaperStatus.SUBMITTED, submitted_by=submitter
    )
    AuthorshipFactory(
        paper=paper, name="Zack Zanzibar", email="zack@zanzibar.example", user=submitter
    )
    PaperFactory(panel=None, section=section, title="Zanzibar Pool Paper", status="submitted")
    return event


@pytest.fixture
def world(secret_event):
    """Event E (published): section X holds panel A (chaired by `panel_chair`) and its
    sibling B; section Y apart. `section_chair` chairs X; `organiser` organises E."""
    e = EventFactory(name="Open Conference", slug="open-conference")
    organiser = person("Olga Organiser")
    e.organisers.add(organiser)
    section_chair = person("Sam Sectionchair")
    x = SectionFactory(event=e, code="SX", title="Own Section X", chair=section_chair)
    y = SectionFactory(
        event=e,
        code="SY",
        title="Sibling Section Y",
        chair=person("Sibling Ychair", "ychair@sibling.example"),
    )
    a = PanelFactory(section=x, title="Own Panel A")
    b = PanelFactory(section=x, title="Sibling Panel B")
    c = PanelFactory(section=y, title="Sibling Panel C")
    panel_chair = person("Pat Panelchair")
    PanelRoleFactory(panel=a, kind=RoleKind.CHAIR, name="Pat Panelchair", user=panel_chair)
    PanelRoleFactory(panel=a, kind=RoleKind.DISCUSSANT, name="Dora Discussant")
    PanelRoleFactory(panel=b, name="Sibling Bchair", email="bchair@sibling.example")
    PanelRoleFactory(
        panel=c,
        name="Sibling Cchair",
        email="cchair@sibling.example",
        user=person("Sibling Cchair", "cchair@sibling.example"),
    )
    KeywordFactory(event=e, name="own keyword")
    author = person("Ada Author")
    own = PaperFactory(panel=a, title="Own Paper", status=PaperStatus.ACCEPTED, submitted_by=author)
    AuthorshipFactory(paper=own, name="Ada Author", email=author.email, user=author)
    waiting = PaperFactory(panel=a, title="Own Waiting Paper", status=PaperStatus.SUBMITTED)
    PaperStatusChange.objects.create(
        paper=own,
        by=organiser,
        from_status=PaperStatus.SUBMITTED,
        to_status=PaperStatus.ACCEPTED,
        from_panel=c,
        to_panel=a,
    )
    sibling_author = person("Sibling Author", "sauthor@sibling.example")
    for panel in (b, c):
        paper = PaperFactory(
            panel=panel,
            title=f"Sibling Paper in {panel.code}",
            status=PaperStatus.SUBMITTED,
            submitted_by=sibling_author,
        )
        AuthorshipFactory(paper=paper, name="Sibling Author", email="sauthor@sibling.example")
    return {
        "event": e,
        "panel_chair": panel_chair,
        "section_chair": section_chair,
        "organiser": organiser,
        "own_paper": own,
        "waiting_paper": waiting,
        "panels": {"a": a, "b": b, "c": c},
    }


# "View on site" -------------------------------------------------------------------------


def view_on_site(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def test_view_on_site_appears_only_for_public_objects(client, world):
    client.force_login(world["panel_chair"])
    public, waiting = world["own_paper"], world["waiting_paper"]

    public_page = client.get(reverse("admin:papers_paper_change", args=[public.pk]))
    waiting_page = client.get(reverse("admin:papers_paper_change", args=[waiting.pk]))

    assert f'href="{public.get_absolute_url()}" class="viewsitelink"' in public_page.text
    assert "viewsitelink" not in waiting_page.text


def test_the_view_on_site_redirect_leads_only_to_public_objects_within_reach(
    client, world, secret_event
):
    client.force_login(world["panel_chair"])
    secret_panel = secret_event.panels.get(status=PanelStatus.PROPOSED)
    secret_paper = secret_event.papers.first()

    own = client.get(view_on_site(world["own_paper"]))
    refused = [
        client.get(view_on_site(obj))
        for obj in (
            world["waiting_paper"],  # own, not public
            world["panels"]["b"],  # public, not the chair's
            world["event"],  # public, but no admin of events for a chair
            secret_event,
            secret_panel,
            secret_paper,
            world["own_paper"].section,  # no public page at all
        )
    ]

    assert (own.status_code, own.url) == (302, world["own_paper"].get_absolute_url())
    assert [r.status_code for r in refused] == [404] * len(refused)
    for response in refused:
        assert secret_event.slug not in response.text
        assert secret_panel.code not in response.text


def test_an_organiser_is_sent_to_their_published_event_but_not_an_unpublished_one(client, world):
    organiser = world["organiser"]
    draft = EventFactory(is_published=False, slug="draft-event")
    draft.organisers.add(organiser)
    client.force_login(organiser)

    assert client.get(view_on_site(world["event"])).url == world["event"].get_absolute_url()
    assert client.get(view_on_site(draft)).status_code == 404


# People ---------------------------------------------------------------------------------


def autocomplete(client, term="", model="panelrole", app="panels", field="user"):
    query = {"app_label": app, "model_name": model, "field_name": field, "term": term}
    response = client.get(reverse("admin:autocomplete"), query)
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_an_organiser_sees_the_people_of_their_event_with_their_addresses(client, world):
    client.force_login(world["organiser"])

    response = client.get(reverse("admin:accounts_user_changelist"))

    rows = {(p.name, p.email) for p in response.context["cl"].result_list}
    assert ("Ada Author", "ada@example.org") in rows  # an author
    assert ("Sibling Cchair", "cchair@sibling.example") in rows  # a panel's chair
    assert ("Sam Sectionchair", "sam@example.org") in rows  # a section's chair
    assert ("Olga Organiser", "olga@example.org") in rows  # an organiser
    assert not [name for name, _ in rows if SECRET in name.lower()]
    assert "ada@example.org" in response.text


def test_a_section_chair_sees_the_people_of_their_section_with_masked_addresses(client, world):
    client.force_login(world["section_chair"])

    response = client.get(reverse("admin:accounts_user_changelist"))
    person = client.get(
        reverse("admin:accounts_user_change", args=[world["own_paper"].submitted_by.pk])
    )

    names = {p.name for p in response.context["cl"].result_list}
    assert names == {"Ada Author", "Pat Panelchair", "Sam Sectionchair", "Sibling Author"}
    assert "a•••@example.org" in response.text
    assert "ada@example.org" not in response.text
    assert person.status_code == 200
    assert "a•••@example.org" in person.text
    assert "ada@example.org" not in person.text


def test_a_panel_chair_looks_nobody_up(client, world):
    client.force_login(world["panel_chair"])

    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert (
        client.get(
            reverse("admin:autocomplete"),
            {"app_label": "panels", "model_name": "panelrole", "field_name": "user"},
        ).status_code
        == 403
    )


def test_the_autocomplete_offers_people_by_name_affiliation_and_address_as_far_as_allowed(
    client, world
):
    client.force_login(world["section_chair"])
    as_chair = autocomplete(client, "ada")
    client.force_login(world["organiser"])
    as_organiser = autocomplete(client, "ada")

    assert as_chair == ["Ada Author (University of Testing) · a•••@example.org"]
    assert as_organiser == ["Ada Author (University of Testing) · ada@example.org"]


def test_an_account_with_no_tie_is_found_by_its_whole_address_only(client, world):
    UserFactory(name="Newly Signed-Up", email="newcomer@example.org")
    client.force_login(world["organiser"])

    assert autocomplete(client, "newly") == []
    assert autocomplete(client, "newcomer@example") == []
    assert autocomplete(client, " Newcomer@EXAMPLE.org ", "section", field="chair") == [
        "Newly Signed-Up (University of Testing) · n•••@example.org"
    ]
    assert (
        client.get(reverse("admin:accounts_user_changelist"), {"q": "newcomer@example.org"})
        .context["cl"]
        .result_count
        == 0
    )


# Links on a change page ----------------------------------------------------------------


def test_a_panel_chairs_paper_page_names_what_the_chair_may_not_open_without_a_link(client, world):
    client.force_login(world["panel_chair"])
    paper = world["own_paper"]

    response = client.get(reverse("admin:papers_paper_change", args=[paper.pk]))

    text = response.text
    for obj in (paper.event, paper.section, paper.submitted_by, world["organiser"]):
        change = reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
        )
        assert change not in text
    assert paper.event.name in text  # its own event, named
    assert "Ada Author" in text  # the submitter
    assert "Olga Organiser" in text  # who changed its status, in the history
    assert "P003" in text  # the panel it came from, by its code only
    assert "Sibling Panel C" not in text


def test_an_organiser_keeps_the_links_to_what_they_may_open(client, world):
    client.force_login(world["organiser"])
    paper = world["own_paper"]

    response = client.get(reverse("admin:papers_paper_change", args=[paper.pk]))

    for url in (
        reverse("admin:accounts_user_change", args=[world["organiser"].pk]),  # history "by"
        reverse("admin:panels_panel_change", args=[world["panels"]["c"].pk]),  # from panel
    ):
        assert f'href="{url}"' in response.text
        assert client.get(url).status_code == 200


# The full paper ---------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def with_full_paper(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    paper = world["waiting_paper"]  # not public: the public download would answer 404
    paper.full_paper.save("x.pdf", ContentFile(PDF))
    return paper


def test_a_chairs_paper_page_links_the_full_paper_to_a_download_that_works(
    client, world, with_full_paper
):
    client.force_login(world["panel_chair"])
    paper = with_full_paper
    download = reverse("admin:papers_paper_full_paper", args=[paper.pk])

    page = client.get(reverse("admin:papers_paper_change", args=[paper.pk]))
    response = client.get(download)

    assert f'href="{download}"' in page.text
    assert "/media/" not in page.text
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_an_organisers_paper_page_links_to_the_download_too(client, world, with_full_paper):
    client.force_login(world["organiser"])
    paper = with_full_paper

    page = client.get(reverse("admin:papers_paper_change", args=[paper.pk]))

    assert f'href="{reverse("admin:papers_paper_full_paper", args=[paper.pk])}"' in page.text
    assert paper.full_paper.name not in page.text
    assert "/media/" not in page.text


def test_the_admin_download_is_refused_outside_ones_reach(client, world, with_full_paper):
    sibling = world["panels"]["b"].papers.first()
    sibling.full_paper.save("y.pdf", ContentFile(PDF))
    client.force_login(world["panel_chair"])

    assert (
        client.get(reverse("admin:papers_paper_full_paper", args=[sibling.pk])).status_code == 404
    )
    own_without = world["own_paper"]
    assert (
        client.get(reverse("admin:papers_paper_full_paper", args=[own_without.pk])).status_code
        == 404
    )


# A chair edits the panel's text ---------------------------------------------------------


def test_a_chair_edits_an_unpublished_panels_text_and_keeps_its_keywords(client, world):
    event = world["event"]
    event.is_published = False
    event.save()
    panel = world["panels"]["a"]
    keyword = event.keywords.get()
    panel.keywords.add(keyword)
    client.force_login(world["panel_chair"])
    url = reverse("admin:panels_panel_change", args=[panel.pk])

    page = client.get(url)
    form = page.context["adminform"].form
    response = client.post(
        url, admin_form_data(page, title="A Better Title", abstract="New words.")
    )

    assert list(form.fields["keywords"].queryset) == [keyword]
    assert response.status_code == 302
    panel.refresh_from_db()
    assert (panel.title, list(panel.keywords.all())) == ("A Better Title", [keyword])


# Walking the admin ------------------------------------------------------------------
# Each role walks every admin page it can reach, following the links on each page:
# none may show a planted name, and no link may answer 403 or a server error.

HREF = re.compile(r'href="([^"]+)"')
SKIP = ("/admin/logout/", "/admin/jsi18n/", "/admin/password_change/")


def admin_links(html):
    for raw in HREF.findall(html):
        url = unescape(raw)
        parts = urlsplit(url)
        if not parts.path.startswith("/admin/") or parts.path.startswith(SKIP):
            continue
        if "__fk__" in url:
            continue
        query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("_changelist_filters",)]
        if any(k == "o" for k, _ in query):  # sorting: the same rows again
            continue
        yield parts.path + (f"?{urlencode(query)}" if query else "")


WALK_LIMIT = 400


def walk(client, start, limit=WALK_LIMIT):
    """Every admin page reachable from `start` by links: {url: response}."""
    seen, queue, pages = set(start), deque(start), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        pages[url] = response
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for link in admin_links(response.text):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    return pages


CHANGELISTS = [
    "accounts_user",
    "accounts_emaillog",
    "panels_event",
    "panels_section",
    "panels_keyword",
    "panels_panel",
    "panels_panelrole",
    "papers_paper",
]
AUTOCOMPLETES = [
    ("panels", "section", "chair"),
    ("panels", "event", "organisers"),
    ("panels", "panel", "section"),
    ("panels", "panel", "keywords"),
    ("panels", "panelrole", "user"),
    ("panels", "panelrole", "panel"),
    ("papers", "paper", "section"),
    ("papers", "paper", "panel"),
    ("papers", "paper", "keywords"),
    ("papers", "paper", "submitted_by"),
    ("papers", "authorship", "user"),
]


def starting_points(world):
    urls = ["/admin/"]
    urls += [reverse(f"admin:{name}_changelist") for name in CHANGELISTS]
    for paper in (world["own_paper"], world["waiting_paper"]):
        urls.append(reverse("admin:papers_paper_change", args=[paper.pk]))
        urls.append(reverse("admin:papers_paper_history", args=[paper.pk]))
    urls.append(reverse("admin:panels_panel_change", args=[world["panels"]["a"].pk]))
    for app, model, field in AUTOCOMPLETES:
        query = urlencode({"app_label": app, "model_name": model, "field_name": field})
        urls.append(f"{reverse('admin:autocomplete')}?{query}")
    return urls


ROLES = {
    # role: (what must not appear anywhere it goes, what of its own must appear)
    "panel_chair": (
        [SECRET, "sibling"],
        ["Own Panel A", "Own Paper", "Own Waiting Paper", "Ada Author"],
    ),
    "section_chair": (
        [
            SECRET,
            "sibling section",
            "sibling panel c",
            "sibling paper in p003",
            "cchair@",
            "ychair@",
        ],
        [
            "Own Panel A",
            "Sibling Panel B",
            "Sibling Paper in P002",
            "Ada Author",
            "a•••@example.org",
        ],
    ),
    "organiser": (
        [SECRET],
        [
            "Own Panel A",
            "Sibling Panel C",
            "Sibling Section Y",
            "ada@example.org",
            "Olga Organiser",
        ],
    ),
}
VIEW_ON_SITE = re.compile(r'href="([^"]+)" class="viewsitelink"')


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_walks_the_admin_meeting_nothing_outside_its_reach_and_no_403(
    client, world, role
):
    absent, present = ROLES[role]
    client.force_login(world[role])

    pages = walk(client, starting_points(world))

    seen = ""
    public, linked = set(), set()
    for url, response in pages.items():
        assert response.status_code < 500, url
        text = response.content.decode()
        for planted in absent:
            assert planted not in text.lower(), f"{planted!r} in {url}"
        if response.status_code == 200 and "html" in response["Content-Type"]:
            seen += text
            linked.update(admin_links(text))
            public.update(unescape(href) for href in VIEW_ON_SITE.findall(text))
    assert all(thing in seen for thing in present), [t for t in present if t not in seen]
    assert len(pages) < WALK_LIMIT
    assert {url: pages[url].status_code for url in linked if pages[url].status_code != 200} == {}
    assert public, "no public page linked"
    assert {url: client.get(url).status_code for url in public} == dict.fromkeys(public, 200)


# The filter sidebars ------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ROLES))
def test_no_filter_sidebar_offers_anything_outside_the_roles_reach(client, world, role):
    absent, _ = ROLES[role]
    client.force_login(world[role])

    for name in CHANGELISTS:
        response = client.get(reverse(f"admin:{name}_changelist"))
        if response.status_code != 200:
            continue
        choices = [
            str(choice["display"])
            for spec in response.context["cl"].filter_specs
            for choice in spec.choices(response.context["cl"])
        ]
        assert not [c for c in choices if any(p in c.lower() for p in absent)], name


def test_the_people_list_and_a_chairs_paper_page_cost_the_same_whatever_the_size(client, world):
    def queries(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    paper = world["own_paper"]
    urls = [
        (world["organiser"], reverse("admin:accounts_user_changelist")),
        (world["section_chair"], reverse("admin:accounts_user_changelist")),
        (world["panel_chair"], reverse("admin:papers_paper_change", args=[paper.pk])),
    ]
    [queries(user, url) for user, url in urls]  # Django's own caches warm up first
    small = [queries(user, url) for user, url in urls]
    for n in range(5):
        author = person(f"Extra Author{n}", f"extra{n}@example.org")
        extra = PaperFactory(panel=world["panels"]["b"], submitted_by=author)
        AuthorshipFactory(paper=extra, user=author)
    large = [queries(user, url) for user, url in urls]

    assert small == large
