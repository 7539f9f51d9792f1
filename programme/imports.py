"""An organiser's import, in the background: the file is stored in an `ImportJob`, a
task checks it (a dry run), and once she confirms, a second task imports it. Both run
the resources of `programme.exchange` (every row through the services, all or nothing
in one transaction); this module only starts them, counts their rows and records what
they found, so that a 90-second file never runs inside a web request.

Progress: the resources call back with each row's number. The import's transaction
hides anything written on its own connection until the end, so the number of rows done
is written on a connection of its own (`_ProgressWriter`), at most once a second. On
SQLite a second connection cannot write while the import holds the database's write
lock; there the page shows the count only before and after."""

import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from panels.rules import is_organiser

from . import exchange
from .models import ImportJob, ImportKind, ImportState

logger = logging.getLogger(__name__)

RESOURCES = {
    ImportKind.PANELS: exchange.PanelResource,
    ImportKind.PAPERS: exchange.PaperResource,
    ImportKind.ROOMS: exchange.RoomResource,
    ImportKind.SLOTS: exchange.TimeSlotResource,
}
CSV_ENCODING = "utf-8-sig"  # as the admin's import reads CSV (a BOM from Excel is dropped)


def kind_of(resource_class) -> str:
    return next(kind for kind, cls in RESOURCES.items() if cls is resource_class)


def read_dataset(data: bytes, file_format: str):
    """The file's rows, as the import reads them (raises on a file it cannot read)."""
    if file_format == "xlsx":
        return exchange.SafeXLSX().create_dataset(data)
    return base_formats.CSV(encoding=CSV_ENCODING).create_dataset(data)


# Services: what the admin calls ------------------------------------------------------


@transaction.atomic
def import_job_create(*, event, by, kind, file_format, file_name, data, rows_total) -> ImportJob:
    """Store an uploaded file and queue its dry run (after the commit)."""
    if not is_organiser(by, event):
        raise PermissionDenied(_("Only the event's organisers import into it."))
    job = ImportJob.objects.create(
        event=event,
        by=by,
        kind=kind,
        format=file_format,
        file_name=file_name[:255],
        data=data,
        rows_total=rows_total,
    )
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


@transaction.atomic
def import_job_confirm(*, job, by) -> None:
    """Queue the import of a file whose dry run found nothing wrong (once)."""
    if not is_organiser(by, job.event):
        raise PermissionDenied(_("Only the event's organisers import into it."))
    locked = ImportJob.objects.select_for_update().defer("data").get(pk=job.pk)
    if (
        locked.state != ImportState.CHECKED
        or locked.confirmed_at is not None
        or locked.errors
        or locked.result.get("confirmed")
    ):
        raise ValidationError(_("This file cannot be imported (again); upload it anew."))
    locked.state = ImportState.QUEUED
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["state", "confirmed_at"])
    transaction.on_commit(lambda: run_import.enqueue(job.pk))


# Tasks ----------------------------------------------------------------------------


@task
def check_import(job_pk: int):
    """The dry run of a stored file."""
    return run_job(job_pk, confirm=False)


@task
def run_import(job_pk: int):
    """The confirmed import of a stored file."""
    return run_job(job_pk, confirm=True)


class _ProgressWriter:
    """Writes a job's rows done on a database connection of its own, so that the job's
    page sees it while the import's transaction is still open; at most once a second."""

    every = 1.0  # seconds

    def __init__(self, job_pk: int):
        self.job_pk = job_pk
        self.last = 0.0
        self.connection = None
        if connections[DEFAULT_DB_ALIAS].vendor != "sqlite":
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.connection is None or (now - self.last < self.every and done < total):
            return
        self.last = now
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET rows_done = %s WHERE id = %s",  # noqa: S608
                    [done, self.job_pk],
                )
        except DatabaseError:
            # Progress is a courtesy: the import goes on without it.
            logger.warning("Import %s: progress not recorded", self.job_pk, exc_info=True)
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def run_job(job_pk: int, *, confirm: bool, progress=None) -> str:
    """Check (`confirm=False`) or import a stored file, and record what was found.

    `progress(done, total)` is called after each row; by default it records the rows
    done in the job (`_ProgressWriter`). Returns the job's new state."""
    job = ImportJob.objects.select_related("event", "by").get(pk=job_pk)
    if job.state != ImportState.QUEUED or (job.confirmed_at is not None) != confirm:
        logger.warning("Import %s is %s, not queued: not run again", job.pk, job.state)
        return job.state
    job.state = ImportState.IMPORTING if confirm else ImportState.CHECKING
    job.rows_done = 0
    job.save(update_fields=["state", "rows_done"])
    writer = None
    if progress is None:
        progress = writer = _ProgressWriter(job.pk)
    try:
        dataset = read_dataset(bytes(job.data), job.format)
        total = len(dataset)
        resource = RESOURCES[job.kind](
            event=job.event, user=job.by, progress=lambda number: progress(number, total)
        )
        result = resource.import_data(
            dataset, dry_run=not confirm, raise_errors=False, file_name=job.file_name
        )
    except Exception as error:
        # The import's transaction is rolled back already: nothing was written.
        logger.exception("Import %s (%s) failed", job.pk, job.file_name)
        job.state = ImportState.FAILED
        job.message = _(
            "The import stopped on an unexpected error (%(error)s); nothing was written. "
            "The details are in the server's log."
        ) % {"error": type(error).__name__}
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "message", "finished_at"])
        raise
    finally:
        if writer is not None:
            writer.close()
    errors = result_errors(result)
    job.result = {
        "confirmed": confirm,
        "errors": errors,
        "totals": dict(result.totals),
    }
    job.rows_total = total
    job.rows_done = total
    job.state = ImportState.DONE if confirm and not errors else ImportState.CHECKED
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "rows_total", "rows_done", "state", "finished_at"])
    return job.state


def result_errors(result) -> list[dict]:
    """django-import-export's result as rows of (row, column, messages), in row order;
    a problem of the whole file has no row, one of a whole row no column."""
    errors = [
        {"row": None, "column": "", "messages": _messages(error.error)}
        for error in result.base_errors
    ]
    if errors:
        # The file itself is wrong (a column missing): the rows were not read as they
        # should be, and what went wrong with each says nothing to the organiser.
        return errors
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            errors.append(
                {
                    "row": row.number,
                    "column": "" if column == "__all__" else str(column),
                    "messages": [str(m) for m in messages],
                }
            )
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append({"row": number, "column": "", "messages": _messages(error.error)})
    return sorted(errors, key=lambda e: (e["row"] or 0, e["column"]))


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    return [str(error)]
