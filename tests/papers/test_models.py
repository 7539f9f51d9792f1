import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories import AuthorshipFactory, PanelFactory, PaperFactory

pytestmark = pytest.mark.django_db


def test_a_paper_cannot_hold_an_unknown_status():
    paper = PaperFactory()

    with pytest.raises(IntegrityError):
        Paper.objects.filter(pk=paper.pk).update(status="published")


def test_a_paper_in_the_sections_pool_cannot_be_accepted():
    paper = PaperFactory(status=PaperStatus.SUBMITTED)

    with pytest.raises(IntegrityError):
        Paper.objects.filter(pk=paper.pk).update(panel=None, status=PaperStatus.ACCEPTED)


def test_two_authors_cannot_share_a_position_in_one_paper():
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, position=1)

    with pytest.raises(IntegrityError):
        AuthorshipFactory(paper=paper, position=1)


def test_one_email_appears_once_among_a_papers_authors_whatever_its_case():
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, email="ana@example.org")

    with pytest.raises(IntegrityError):
        AuthorshipFactory(paper=paper, email="ANA@example.org")


def test_co_authors_without_an_email_are_allowed_side_by_side():
    paper = PaperFactory()

    AuthorshipFactory(paper=paper, email="")
    AuthorshipFactory(paper=paper, email="")

    assert paper.authorships.count() == 2


def test_a_papers_panel_must_be_in_its_section():
    paper = PaperFactory.build(panel=PanelFactory(), section=PanelFactory().section)
    paper.event = paper.section.event

    with pytest.raises(ValidationError) as error:
        paper.full_clean()

    assert "panel" in error.value.error_dict


def test_a_paper_links_to_its_page_in_its_event():
    paper = PaperFactory(panel__section__event__slug="gc")

    assert paper.get_absolute_url() == f"/gc/papers/{paper.pk}/"
    assert str(paper) == paper.title
