"""Hand the task worker again the messages it will not send by itself: those left
queued or retrying after the worker was down, or killed while sending."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.mail import requeue_mail, stuck_mail


class Command(BaseCommand):
    help = (
        "Enqueue delivery again for the emails stuck in queued, or retrying past their "
        "next try, for longer than --older-than minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=30,
            metavar="MINUTES",
            help="How long a message must have waited beyond its due time (default 30).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the stuck messages; enqueue nothing."
        )

    def handle(self, *args, older_than: int, dry_run: bool, **options) -> None:
        if older_than < 0:
            raise CommandError("--older-than is a number of minutes, 0 or more.")
        stuck = stuck_mail(older_than=timedelta(minutes=older_than))
        if dry_run:
            count = stuck.count()
            self.stdout.write(f"{count} stuck message(s) would be re-queued (dry run).")
            return
        count = requeue_mail(stuck)
        self.stdout.write(f"{count} stuck message(s) re-queued.")
