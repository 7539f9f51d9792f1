"""The full paper: a presenter of an accepted paper uploads a PDF, replaces or
deletes it until the deadline; readers download it as the event allows."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from panels.enums import FullPaperAccess
from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories import AuthorshipFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(content=PDF, name="paper.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def accepted(open_panel, author):
    paper = PaperFactory(panel=open_panel, status=PaperStatus.ACCEPTED, submitted_by=author)
    AuthorshipFactory(paper=paper, user=author, email=author.email, is_presenter=True)
    return paper


def upload(client, paper, file):
    return client.post(reverse("papers:full-paper", kwargs={"pk": paper.pk}), {"file": file})


def test_the_presenter_uploads_a_pdf_and_anyone_downloads_it(author_client, client, accepted):
    response = upload(author_client, accepted, pdf())

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.full_paper.name.startswith(f"full-papers/{accepted.event_id}/")
    assert accepted.full_paper_uploaded_at is not None
    client.logout()
    page = client.get(accepted.get_absolute_url())
    assert "Download the full paper (PDF)" in page.text
    download = client.get(
        reverse(
            "programme:full-paper-download",
            kwargs={"event": accepted.event.slug, "pk": accepted.pk},
        )
    )
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_a_file_named_pdf_that_is_not_one_is_refused(author_client, accepted):
    response = upload(author_client, accepted, pdf(b"MZ\x90\x00 not a pdf", name="paper.pdf"))

    assert "This file is not a PDF" in response.text
    assert not Paper.objects.get(pk=accepted.pk).full_paper


def test_a_real_pdf_with_another_name_is_taken_by_its_content(author_client, accepted):
    response = upload(author_client, accepted, pdf(name="paper.bin", content_type="x/y"))

    assert response.status_code == 302


def test_a_file_over_the_events_size_limit_is_refused(author_client, accepted):
    accepted.event.max_upload_mb = 1
    accepted.event.save()
    big = PDF + b"0" * (1024 * 1024)

    response = upload(author_client, accepted, pdf(big))

    assert "the most this event takes is 1 MB" in response.text
    assert not Paper.objects.get(pk=accepted.pk).full_paper


def test_a_file_exactly_at_the_limit_is_taken(author_client, accepted):
    accepted.event.max_upload_mb = 1
    accepted.event.save()
    exact = PDF + b"0" * (1024 * 1024 - len(PDF))

    assert upload(author_client, accepted, pdf(exact)).status_code == 302


def test_an_empty_upload_is_refused(author_client, accepted):
    response = upload(author_client, accepted, pdf(b""))

    assert "The submitted file is empty." in response.text


def test_replacing_keeps_only_the_new_file(
    author_client, accepted, django_capture_on_commit_callbacks
):
    upload(author_client, accepted, pdf())
    first = Paper.objects.get(pk=accepted.pk).full_paper

    with django_capture_on_commit_callbacks(execute=True):
        upload(author_client, accepted, pdf(PDF + b"% second version\n"))

    second = Paper.objects.get(pk=accepted.pk).full_paper
    assert second.name != first.name
    assert not first.storage.exists(first.name)
    assert second.storage.exists(second.name)


def test_deleting_removes_the_file(author_client, accepted, django_capture_on_commit_callbacks):
    upload(author_client, accepted, pdf())
    name = Paper.objects.get(pk=accepted.pk).full_paper.name

    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(reverse("papers:full-paper-delete", kwargs={"pk": accepted.pk}))

    paper = Paper.objects.get(pk=accepted.pk)
    assert not paper.full_paper
    assert not paper.full_paper.storage.exists(name)


def test_no_upload_before_acceptance(author_client, accepted):
    Paper.objects.filter(pk=accepted.pk).update(status=PaperStatus.SUBMITTED)

    response = upload(author_client, accepted, pdf())

    assert "once the paper is accepted" in response.text


def test_no_upload_after_the_upload_deadline(author_client, accepted):
    accepted.event.upload_deadline = timezone.now() - timedelta(seconds=1)
    accepted.event.save()

    response = upload(author_client, accepted, pdf())

    assert "could be uploaded until" in response.text
    assert not Paper.objects.get(pk=accepted.pk).full_paper


def test_a_co_author_who_does_not_present_cannot_upload(client, accepted):
    coauthor = UserFactory()
    AuthorshipFactory(paper=accepted, user=coauthor, is_presenter=False)
    client.force_login(coauthor)

    response = upload(client, accepted, pdf())

    assert response.status_code == 403
    assert not Paper.objects.get(pk=accepted.pk).full_paper


def test_where_the_event_says_so_only_signed_in_readers_download(author_client, client, accepted):
    accepted.event.full_paper_access = FullPaperAccess.SIGNED_IN
    accepted.event.save()
    upload(author_client, accepted, pdf())
    url = reverse(
        "programme:full-paper-download", kwargs={"event": accepted.event.slug, "pk": accepted.pk}
    )

    client.logout()
    anonymous = client.get(url)
    page = client.get(accepted.get_absolute_url())
    client.force_login(UserFactory())
    signed_in = client.get(url)
    signed_in.close()

    assert anonymous.status_code == 302
    assert "Sign in to download the full paper" in page.text
    assert signed_in.status_code == 200


def test_no_download_of_a_paper_that_is_not_public(author_client, client, accepted):
    upload(author_client, accepted, pdf())
    Paper.objects.filter(pk=accepted.pk).update(status=PaperStatus.WITHDRAWN)
    url = reverse(
        "programme:full-paper-download", kwargs={"event": accepted.event.slug, "pk": accepted.pk}
    )

    assert client.get(url).status_code == 404


def test_no_download_when_nothing_was_uploaded(client, accepted):
    url = reverse(
        "programme:full-paper-download", kwargs={"event": accepted.event.slug, "pk": accepted.pk}
    )

    assert client.get(url).status_code == 404
