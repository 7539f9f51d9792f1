"""Full papers: uploaded by a presenter once the paper is accepted, as a PDF."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Paper
from ..rules import upload_refusal
from .common import _locked_paper

PDF_MAGIC = b"%PDF-"


def check_pdf(upload, *, max_mb: int) -> None:
    """A PDF by its content, not its name, and no larger than the event allows."""
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; the most this event takes is %(max)d MB."),
            code="file_too_big",
            params={"size": upload.size / 1024 / 1024, "max": max_mb},
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.lstrip(b"\r\n\t \x00").startswith(PDF_MAGIC):
        raise ValidationError(
            _("This file is not a PDF. Export your paper as PDF and upload that."),
            code="not_pdf",
        )


def _check_upload_allowed(paper: Paper, by, now) -> None:
    if (refusal := upload_refusal(by, paper, now)) is not None:
        raise refusal


@transaction.atomic
def paper_upload_full(*, paper: Paper, by, upload, now=None) -> Paper:
    paper = _locked_paper(paper)
    _check_upload_allowed(paper, by, now)
    check_pdf(upload, max_mb=paper.event.max_upload_mb)
    old = paper.full_paper.name
    paper.full_paper.save("paper.pdf", upload, save=False)
    paper.full_paper_uploaded_at = timezone.now()
    paper.save(update_fields=["full_paper", "full_paper_uploaded_at", "updated_at"])
    if old:
        storage = paper.full_paper.storage
        transaction.on_commit(lambda: storage.delete(old))
    return paper


@transaction.atomic
def paper_delete_full(*, paper: Paper, by, now=None) -> Paper:
    paper = _locked_paper(paper)
    _check_upload_allowed(paper, by, now)
    old = paper.full_paper.name
    paper.full_paper = ""
    paper.full_paper_uploaded_at = None
    paper.save(update_fields=["full_paper", "full_paper_uploaded_at", "updated_at"])
    if old:
        storage = paper.full_paper.storage
        transaction.on_commit(lambda: storage.delete(old))
    return paper
