from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from panels.models import Event
from programme import exchange

KINDS = {
    "rooms": exchange.RoomResource,
    "slots": exchange.TimeSlotResource,
    "panels": exchange.PanelResource,
    "papers": exchange.PaperResource,
}


class Command(BaseCommand):
    help = (
        "Import rooms, slots, panels or papers from a CSV or XLSX file into an event, as "
        "the admin's import does (every row through the services, all or nothing), "
        "showing progress. docs/import.md gives the columns."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file")
        parser.add_argument("--event", required=True, help="the event's slug")
        parser.add_argument("--as", dest="email", required=True, help="an organiser's email")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, kind, file, event, email, dry_run, **options):
        event = Event.objects.filter(slug=event).first()
        user = User.objects.filter(email=email.strip().lower()).first()
        if event is None or user is None:
            raise CommandError("No such event or person.")
        path = Path(file)
        file_format = exchange.SafeXLSX() if path.suffix.lower() == ".xlsx" else None
        if file_format is None:
            dataset = exchange.base_formats.CSV(encoding="utf-8-sig").create_dataset(
                path.read_bytes()
            )
        else:
            dataset = file_format.create_dataset(path.read_bytes())
        resource = KINDS[kind](event=event, user=user, progress=self._progress)
        self.total = len(dataset)
        result = resource.import_data(dataset, dry_run=dry_run)
        for error in result.base_errors:
            self.stderr.write(str(error.error))
        for row in result.invalid_rows:
            for column, messages in row.error_dict.items():
                for message in messages:
                    self.stderr.write(f"row {row.number}, {column}: {message}")
        for number, errors in result.row_errors():
            for error in errors:
                self.stderr.write(f"row {number}: {error.error}")
        if result.has_errors() or result.has_validation_errors():
            raise CommandError("Nothing was imported.")
        totals = ", ".join(f"{n} {k}" for k, n in result.totals.items() if n)
        done = "checked (dry run)" if dry_run else "imported"
        self.stdout.write(f"{len(dataset)} rows {done}: {totals or 'nothing'}.")

    def _progress(self, number):
        if number % 100 == 0 or number == self.total:
            self.stdout.write(f"  row {number} of {self.total}", ending="\r")
            self.stdout.flush()
