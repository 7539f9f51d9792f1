"""The admin's import in the background (programme.imports, ImportJobAdmin): the upload
stores the file and queues its dry run; the job's page shows progress, the result and
"Confirm import"; the confirmed import runs in a second task. The test settings run
tasks at once (the immediate backend), after the commit as in production."""

import io
import logging

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panels.models import Panel
from programme import imports
from programme.models import ImportJob, ImportState
from tests.admin_forms import form_data, sign_in_organiser
from tests.factories import (
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)
from tests.programme.test_exchange import (
    IMPORT,
    RESOURCES,
    confirm,
    csv_file,
    dry_run,
    panel_row,
    row_errors,
    state_of,
)

JOBS = reverse("admin:programme_importjob_changelist")


@pytest.fixture
def event(db):
    event = EventFactory(min_keywords=0, max_keywords=3)
    SectionFactory(event=event, code="S01")
    return event


@pytest.fixture
def organiser_client(client, event):
    sign_in_organiser(client, event)
    return client


def panels_csv(event, count=3) -> bytes:
    section = event.sections.get()
    rows = [
        panel_row(section, code=f"P{n:03}", title=f"Panel {n}", chairs=f"Chair {n}")
        for n in range(1, count + 1)
    ]
    return csv_file(rows).getvalue()


def a_job(event, data=b"", **values) -> ImportJob:
    organiser = event.organisers.first() or UserFactory()
    event.organisers.add(organiser)
    values = {
        "kind": "panels",
        "format": "csv",
        "file_name": "panels.csv",
        "rows_total": 3,
        **values,
    }
    return ImportJob.objects.create(event=event, by=organiser, data=data, **values)


def job_url(job) -> str:
    return reverse("admin:programme_importjob_change", args=[job.pk])


def confirm_url(job) -> str:
    return reverse("admin:programme_importjob_confirm", args=[job.pk])


# The whole flow ---------------------------------------------------------------------


def test_an_upload_is_checked_in_the_background_then_imported_once_confirmed(
    organiser_client, event
):
    page = organiser_client.get(IMPORT)
    html = page.content.decode()
    start = html.rindex("<form", 0, html.index('name="import_file"'))
    data = form_data(
        html[start : html.index("</form>", start) + 7].replace("<form", '<form id="c_form"', 1)
    )
    assert "Earlier imports" in page.text
    upload = io.BytesIO(panels_csv(event))
    upload.name = "panels.csv"
    data |= {"resource": str(RESOURCES["panels"]), "format": "0", "import_file": upload}

    with TestCase.captureOnCommitCallbacks(execute=True) as tasks:
        response = organiser_client.post(IMPORT, data)

    job = ImportJob.objects.get()
    assert (len(tasks), response.status_code, response["Location"]) == (1, 302, job_url(job))
    assert (job.event, job.kind, job.format, job.file_name) == (
        event,
        "panels",
        "csv",
        "panels.csv",
    )
    checked = organiser_client.get(response["Location"])
    assert state_of(checked) == "Checked"
    assert "Every row can be imported: 3 new, 0 changed, 0 unchanged (3 rows)." in " ".join(
        checked.text.split()
    )
    assert 'http-equiv="refresh"' not in checked.text
    assert not Panel.objects.filter(event=event).exists()

    done = confirm(organiser_client, checked)

    assert state_of(done) == "Done"
    assert "Confirm import" not in done.text
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.rows_total, job.result["totals"]["new"]) == (
        ImportState.DONE,
        3,
        3,
        3,
    )
    assert job.confirmed_at is not None
    panels_list = f"{reverse('admin:panels_panel_changelist')}?event__id__exact={event.pk}"
    assert f'href="{panels_list}"' in done.text.replace("&amp;", "&")
    listed = organiser_client.get(panels_list)
    assert [c for c in ("P001", "P002", "P003") if c in listed.text] == ["P001", "P002", "P003"]


def test_a_job_is_confirmed_once_only(organiser_client, event):
    checked = dry_run(
        organiser_client, event, "panels", csv_file([panel_row(event.sections.get())])
    )
    confirm(organiser_client, checked)
    job = ImportJob.objects.get()

    with TestCase.captureOnCommitCallbacks(execute=True) as tasks:
        again = organiser_client.post(confirm_url(job), follow=True)

    assert tasks == []
    assert "cannot be imported (again)" in again.text
    assert Panel.objects.filter(event=event).count() == 1


def test_a_dry_run_with_errors_offers_no_confirmation(organiser_client, event):
    rows = [panel_row(event.sections.get(), section="S99")]
    page = dry_run(organiser_client, event, "panels", csv_file(rows))
    job = ImportJob.objects.get()

    with TestCase.captureOnCommitCallbacks(execute=True) as tasks:
        organiser_client.post(confirm_url(job))

    assert row_errors(page) == {1: {"section": ["No section S99 in this event."]}}
    assert "Confirm import" not in page.text
    assert tasks == []
    assert not Panel.objects.filter(event=event).exists()


def test_a_change_between_the_dry_run_and_the_confirmation_is_reported_and_nothing_written(
    organiser_client, event
):
    section = event.sections.get()
    slot, room = TimeSlotFactory(event=event), RoomFactory(event=event, name="Aula")
    rows = [panel_row(section, slot=imports.exchange.local(slot.starts_at, event.tz), room="Aula")]
    checked = dry_run(organiser_client, event, "panels", csv_file(rows))
    PanelFactory(section=section, code="P050", slot=slot, room=room)  # meanwhile, in the admin

    page = confirm(organiser_client, checked)

    assert state_of(page) == "Checked"
    assert "something changed in between" in page.text
    assert list(row_errors(page)[1]) == ["room"] or list(row_errors(page)[1]) == ["slot"]
    assert list(Panel.objects.filter(event=event).values_list("code", flat=True)) == ["P050"]


def test_the_old_confirmation_address_is_gone(organiser_client):
    response = organiser_client.post(reverse("admin:panels_panel_process_import"))

    assert response.status_code == 404


# Progress ----------------------------------------------------------------------------


def test_the_task_reports_each_rows_progress(event):
    job = a_job(event, panels_csv(event, 3))
    seen = []

    state = imports.run_job(job.pk, confirm=False, progress=lambda *numbers: seen.append(numbers))

    job.refresh_from_db()
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert (state, job.state, job.rows_done, job.rows_total) == ("checked", "checked", 3, 3)


def test_a_running_job_shows_its_progress_and_refreshes_itself(organiser_client, event):
    job = a_job(event, state=ImportState.CHECKING, rows_total=2500, rows_done=1200)

    page = organiser_client.get(job_url(job))

    html = page.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress id="import-progress" max="2500" value="1200">' in html
    assert "1200 of 2500 rows" in html
    assert "<script>" not in html.split("<body")[1].split("</h1>")[0]
    assert state_of(page) == "Checking"


def test_a_task_that_raises_shows_failed_and_logs_its_traceback(organiser_client, event, caplog):
    job = a_job(event, b"not a workbook", format="xlsx", file_name="broken.xlsx")

    with caplog.at_level(logging.ERROR, logger="programme.imports"):
        result = imports.check_import.enqueue(job.pk)
    page = organiser_client.get(job_url(job))

    job.refresh_from_db()
    assert (result.status, job.state) == ("FAILED", ImportState.FAILED)
    assert "Traceback" in caplog.text or caplog.records[0].exc_info
    assert page.status_code == 200
    assert state_of(page) == "Failed"
    assert "unexpected error (BadZipFile); nothing was written" in page.text
    assert 'http-equiv="refresh"' not in page.text


def test_a_task_run_twice_does_nothing_the_second_time(event):
    job = a_job(event, panels_csv(event, 1), rows_total=1)
    imports.run_job(job.pk, confirm=False)

    assert imports.run_job(job.pk, confirm=False) == ImportState.CHECKED
    assert imports.run_job(job.pk, confirm=True) == ImportState.CHECKED
    assert not Panel.objects.filter(event=event).exists()


# Who sees what ------------------------------------------------------------------------


def test_another_events_organiser_gets_404_and_does_not_see_the_job_listed(client, event):
    job = a_job(event, panels_csv(event), state=ImportState.CHECKED, file_name="secret.csv")
    other = EventFactory()
    mine = a_job(other, file_name="mine.csv")
    sign_in_organiser(client, other)

    listed = client.get(JOBS)

    assert client.get(job_url(job)).status_code == 404
    assert client.post(confirm_url(job)).status_code == 404
    assert client.get(reverse("admin:programme_importjob_change", args=["x1"])).status_code == 404
    assert "mine.csv" in listed.text
    assert "secret.csv" not in listed.text
    job.refresh_from_db()
    assert job.state == ImportState.CHECKED
    assert client.get(job_url(mine)).status_code == 200


def test_a_chair_sees_no_jobs(client, event):
    job = a_job(event)
    chair = UserFactory()
    PanelRoleFactory(panel=PanelFactory(section=event.sections.get()), user=chair)
    client.force_login(chair)

    assert client.get(JOBS).status_code == 403
    assert client.get(job_url(job)).status_code == 403
    assert client.post(confirm_url(job)).status_code == 403


def test_a_superuser_sees_every_job(admin_client, event):
    job = a_job(event, file_name="any.csv")

    assert "any.csv" in admin_client.get(JOBS).text
    assert admin_client.get(job_url(job)).status_code == 200


@pytest.mark.parametrize("error_count", [1, 30])
def test_the_job_page_makes_the_same_queries_whatever_its_errors(
    organiser_client, event, error_count
):
    errors = [{"row": n, "column": "title", "messages": ["Too long."]} for n in range(error_count)]
    job = a_job(event, state=ImportState.CHECKED, result={"confirmed": False, "errors": errors})
    organiser_client.get(job_url(job))  # sessions and the like, once

    with CaptureQueriesContext(connection) as queries:
        page = organiser_client.get(job_url(job))

    assert len(row_errors(page)) == error_count
    assert len(queries) == 9


@pytest.mark.parametrize("job_count", [1, 3])
def test_the_job_list_makes_the_same_queries_whatever_its_size(organiser_client, event, job_count):
    for n in range(job_count):
        a_job(event, file_name=f"file-{n}.csv")
    organiser_client.get(JOBS)

    with CaptureQueriesContext(connection) as queries:
        page = organiser_client.get(JOBS)

    assert [f"file-{n}.csv" in page.text for n in range(job_count)] == [True] * job_count
    assert len(queries) == 11
