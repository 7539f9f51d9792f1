from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from demo.generate import ConferenceGenerator
from panels.models import Event, Panel
from papers.models import Paper


class Command(BaseCommand):
    help = "Build a large, realistic, deterministic conference (for benchmarks), in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--panels", type=int, default=5000)
        parser.add_argument("--papers-per-panel", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--slug", default=None, help="default: large-<seed>")
        parser.add_argument(
            "--replace", action="store_true", help="delete an event of that slug first"
        )

    def handle(self, *args, panels, papers_per_panel, seed, slug, replace, **options):
        if panels < 1 or papers_per_panel < 0:
            raise CommandError("Give at least one panel and zero or more papers per panel.")
        generator = ConferenceGenerator(
            panels=panels, papers_per_panel=papers_per_panel, seed=seed, slug=slug
        )
        existing = Event.objects.filter(slug=generator.slug)
        if existing.exists():
            if not replace:
                raise CommandError(f"An event “{generator.slug}” exists; use --replace.")
            Paper.objects.filter(event__in=existing).delete()  # papers, panels, sections
            Panel.objects.filter(event__in=existing).delete()  # are protected: go in order
            existing.delete()
            User.objects.filter(email__endswith=f"@{generator.slug}.example.org").delete()
        stats = generator.build()
        self.stdout.write(
            f"Built /{generator.slug}/: {stats.panels} panels, {stats.papers} papers, "
            f"{stats.people} people ({stats.users} with accounts) in {stats.seconds:.1f} s."
        )
