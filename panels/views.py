from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from papers.services import panel_propose

from .forms import PanelPaperFormSet, PanelProposalForm, panel_proposal_data
from .models import Event
from .selectors import public_events, public_panel_pages, public_panels, search_public_panels


class HomeView(ListView):
    """The published events, or straight to the only one."""

    template_name = "panels/home.html"
    context_object_name = "events"

    def get_queryset(self):
        return public_events().order_by("-start_date", "name")

    def get(self, request, *args, **kwargs):
        events = list(self.get_queryset()[:2])
        if len(events) == 1:
            return redirect(events[0])
        return super().get(request, *args, **kwargs)


class PublicEventMixin:
    """Owns the event of the URL: published, or a 404."""

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(public_events(), slug=self.kwargs["event"])

    def get_context_data(self, **kwargs):
        kwargs["event"] = self.event  # replaces the slug a TemplateView passes on
        return super().get_context_data(**kwargs)


class EventDetailView(PublicEventMixin, ListView):
    """An event with its sections and panels, searchable and paginated."""

    template_name = "panels/event_detail.html"
    context_object_name = "panels"
    paginate_by = 30

    @cached_property
    def query(self) -> str:
        return self.request.GET.get("q", "").strip()[:200]

    def get_queryset(self):
        if self.query:
            return search_public_panels(self.event, self.query)
        return public_panels(self.event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class PanelDetailView(PublicEventMixin, DetailView):
    template_name = "panels/panel_detail.html"
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


class PanelProposeView(LoginRequiredMixin, PublicEventMixin, TemplateView):
    """Propose a whole panel during the panel call: the section's chairs decide."""

    template_name = "panels/panel_propose.html"

    def get_context_data(self, **kwargs):
        form, papers = kwargs.pop("forms", None) or (
            PanelProposalForm(event=self.event),
            PanelPaperFormSet(prefix="papers"),
        )
        return super().get_context_data(
            form=form, papers=papers, call_state=self.event.panel_call_state(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = PanelProposalForm(request.POST, event=self.event)
        papers = PanelPaperFormSet(request.POST, prefix="papers")
        if form.is_valid() and papers.is_valid():
            try:
                panel = panel_propose(
                    by=request.user,
                    event=self.event,
                    section=form.cleaned_data["section"],
                    data=panel_proposal_data(form, papers),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your panel “%s” is proposed; the section's chairs will decide on it.")
                    % panel.title,
                )
                return redirect("papers:my-proposals")
        return self.render_to_response(self.get_context_data(forms=(form, papers)))
