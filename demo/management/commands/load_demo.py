from django.core.management.base import BaseCommand

from demo.conference import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from panels.models import Panel
from papers.models import Paper


class Command(BaseCommand):
    help = "Create the demo conference and its demo accounts (once; a second run changes nothing)."

    def handle(self, *args, **options):
        event, created = load_demo()
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created “{event.name}”: {event.sections.count()} sections, "
                    f"{Panel.objects.filter(event=event).count()} panels, "
                    f"{Paper.objects.filter(event=event).count()} papers."
                )
            )
        else:
            self.stdout.write(f"“{event.name}” is already loaded; nothing changed.")
        self.stdout.write(f"\nDemo accounts (password “{DEMO_PASSWORD}”):")
        for email, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<24} {role}")
        self.stdout.write(
            f"\nSee the panel of the seed page at {event.get_absolute_url()}panels/P070/"
        )
