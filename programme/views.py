import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.forms import query_of
from panels.models import AgendaEntry, Panel
from panels.selectors import public_events, public_panels
from panels.views import PublicEventMixin
from papers import rules

from .days import (
    event_slots,
    now_and_next,
    programme_days,
    scheduled_public_panels,
    slot_day,
    with_panels,
)
from .forms import AgendaQueryForm, AgendaSyncForm, ProgrammeDayForm
from .ical import calendar_for
from .search import person_in_event, person_ref_by_slug, search_event
from .selectors import public_panel_pages, public_paper_pages


class HomeView(ListView):
    """The published events, or straight to the only one."""

    template_name = "programme/home.html"
    context_object_name = "events"

    def get_queryset(self):
        return public_events().order_by("-start_date", "name")

    def get(self, request, *args, **kwargs):
        events = list(self.get_queryset()[:2])
        if len(events) == 1:
            return redirect(events[0])
        return super().get(request, *args, **kwargs)


class EventDetailView(PublicEventMixin, ListView):
    """An event with its sections and panels, paginated. Its search box submits to
    the event's one search page; an old address with ?q= is sent there for good."""

    template_name = "programme/event_detail.html"
    context_object_name = "panels"
    paginate_by = 30

    def get(self, request, *args, **kwargs):
        if query := query_of(request):
            url = reverse("programme:search", kwargs={"event": self.event.slug})
            return redirect(f"{url}?{urlencode({'q': query})}", permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return public_panels(self.event)


class PanelDetailView(PublicEventMixin, DetailView):
    template_name = "programme/panel_detail.html"
    context_object_name = "panel"

    def get_object(self, queryset=None):
        panel = get_object_or_404(
            public_panel_pages(), event__slug=self.kwargs["event"], code=self.kwargs["code"]
        )
        self.__dict__["event"] = panel.event  # already fetched with the panel
        return panel

    def get_context_data(self, **kwargs):
        # Proposals go to accepted panels (every public panel is one) while the call is open.
        return super().get_context_data(call_state=self.event.paper_call_state(), **kwargs)


# Papers ---------------------------------------------------------------------------------


class PaperDetailView(DetailView):
    template_name = "programme/paper_detail.html"
    context_object_name = "paper"

    def get_object(self, queryset=None):
        return get_object_or_404(
            public_paper_pages(), event__slug=self.kwargs["event"], pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.object.event,
            may_download=rules.may_download_full(self.request.user, self.object),
            **kwargs,
        )


class FullPaperDownloadView(DetailView):
    """The full paper of a public paper, to whoever the event allows."""

    def get_object(self, queryset=None):
        paper = get_object_or_404(
            public_paper_pages(), event__slug=self.kwargs["event"], pk=self.kwargs["pk"]
        )
        if not paper.full_paper:
            raise Http404(_("No full paper has been uploaded."))
        return paper

    def get(self, request, *args, **kwargs):
        paper = self.get_object()
        if not rules.may_download_full(request.user, paper):
            return redirect_to_login(request.get_full_path())
        return FileResponse(
            paper.full_paper.open("rb"),
            content_type="application/pdf",
            filename=f"{slugify(paper.title)[:80] or 'paper'}.pdf",
        )


# The programme, calendars and the personal agenda -------------------------------------


class ProgrammeView(PublicEventMixin, TemplateView):
    """One day of the programme at a time (today's while the event runs), with the
    days to choose from and, during the event, what is on now and next."""

    template_name = "programme/programme.html"

    def get_context_data(self, **kwargs):
        slots = event_slots(self.event)
        dates = sorted({slot_day(slot) for slot in slots})
        current, upcoming = now_and_next(slots)
        today = timezone.localdate(timezone=self.event.tz)
        day = ProgrammeDayForm(self.request.GET).chosen(dates)
        day = day or (today if today in dates else (dates[0] if dates else None))
        shown = [slot for slot in slots if slot_day(slot) == day]
        with_panels([*shown, *[s for s in (current, upcoming) if s and s not in shown]])
        return super().get_context_data(
            days=programme_days(shown),
            dates=dates,
            day=day,
            now_slot=current,
            next_slot=upcoming,
            **kwargs,
        )


def ical_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class ProgrammeICalView(PublicEventMixin, View):
    """The whole programme as a feed a calendar app can subscribe to."""

    def get(self, request, *args, **kwargs):
        panels = scheduled_public_panels(self.event)
        return ical_response(calendar_for(panels, name=self.event.name), f"{self.event.slug}.ics")


class PanelICalView(PublicEventMixin, View):
    def get(self, request, *args, **kwargs):
        panel = get_object_or_404(scheduled_public_panels(self.event), code=self.kwargs["code"])
        return ical_response(
            calendar_for([panel], name=f"{panel.code} {panel.title}"), f"{panel.code}.ics"
        )


def agenda_codes(request, event) -> list[str]:
    """The panels starred: the browser's list (?panels=P001,P002) and, for a
    signed-in attendee, the server's. Raises `BadRequest` for a malformed list."""
    form = AgendaQueryForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.errors.as_text())
    codes = form.cleaned_data["panels"]
    if request.user.is_authenticated:
        saved = AgendaEntry.objects.filter(user=request.user, panel__event=event)
        codes += list(saved.values_list("panel__code", flat=True))
    return list(dict.fromkeys(codes))


def agenda_panels(event, codes):
    return (
        Panel.objects.public()
        .filter(event=event, code__in=codes)
        .select_related("event", "slot", "room")
        .with_people()
    )


class AgendaView(PublicEventMixin, TemplateView):
    template_name = "programme/agenda.html"

    def get_context_data(self, **kwargs):
        panels = sorted(
            agenda_panels(self.event, agenda_codes(self.request, self.event)),
            key=lambda p: (p.slot is None, p.slot.starts_at if p.slot else None, p.code),
        )
        by_slot = {}
        for panel in panels:
            if panel.slot_id:
                by_slot.setdefault(panel.slot_id, []).append(panel)
        for panel in panels:
            panel.overlaps = [p for p in by_slot.get(panel.slot_id, []) if p != panel]
        query = ",".join(p.code for p in panels)
        return super().get_context_data(panels=panels, agenda_query=query, **kwargs)


class AgendaICalView(PublicEventMixin, View):
    def get(self, request, *args, **kwargs):
        panels = agenda_panels(self.event, agenda_codes(request, self.event))
        return ical_response(
            calendar_for(panels, name=f"{self.event.name}: my agenda"), "agenda.ics"
        )


class AgendaSyncView(LoginRequiredMixin, PublicEventMixin, View):
    """A signed-in attendee's stars: merge the browser's into the server's, or
    star and unstar one panel (`AgendaSyncForm`). Answers the whole agenda, as codes;
    a body that is not such a JSON object, a 400."""

    def post(self, request, *args, **kwargs):
        try:
            payload = json.loads(request.body or b"{}")
        except (ValueError, RecursionError):  # not JSON, or nested beyond the parser
            return JsonResponse({"error": _("Send JSON.")}, status=400)
        if not isinstance(payload, dict):
            return JsonResponse({"error": _("Send a JSON object.")}, status=400)
        form = AgendaSyncForm(payload)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            return JsonResponse({"error": _("Send panel codes."), "fields": errors}, status=400)
        star, unstar = form.cleaned_data["star"], form.cleaned_data["unstar"]
        public = Panel.objects.public().filter(event=self.event)
        wanted = [*form.cleaned_data["merge"], *([star] if star else [])]
        for panel in public.filter(code__in=wanted):
            AgendaEntry.objects.get_or_create(user=request.user, panel=panel)
        if unstar:
            AgendaEntry.objects.filter(
                user=request.user, panel__event=self.event, panel__code=unstar
            ).delete()
        codes = AgendaEntry.objects.filter(user=request.user, panel__event=self.event)
        return JsonResponse({"panels": sorted(codes.values_list("panel__code", flat=True))})


# Search and people ------------------------------------------------------------------------


class SearchView(PublicEventMixin, TemplateView):
    """The event's one search (the event page's box submits here): panels, papers
    and people."""

    template_name = "programme/search.html"

    def get_context_data(self, **kwargs):
        query = query_of(self.request)
        results = search_event(self.event, query) if query else None
        return super().get_context_data(query=query, results=results, **kwargs)


class PersonView(PublicEventMixin, TemplateView):
    """A person's public page in an event: roles and accepted papers, never an email.

    Found by the key that ends its address (`<slug>-<key>`, core/people.py); an
    address with another slug, and one of the old kind (`<slug>` alone) that names one
    person only, are redirected for good to her address as it should be."""

    template_name = "programme/person.html"

    def get(self, request, *args, **kwargs):
        ref = kwargs["person"]
        person = person_in_event(self.event, ref)
        if person is None:
            moved = person_ref_by_slug(self.event, ref)
            if moved is None:
                raise Http404(_("Nobody of that name takes part in this event."))
            return redirect("programme:person", self.event.slug, moved, permanent=True)
        if person.ref != ref:
            return redirect("programme:person", self.event.slug, person.ref, permanent=True)
        return self.render_to_response(self.get_context_data(person=person))
