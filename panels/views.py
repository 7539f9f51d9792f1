from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from .models import Event
from .selectors import public_events


class PublicEventMixin:
    """Owns the event of the URL: published, or a 404."""

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(public_events(), slug=self.kwargs["event"])

    def get_context_data(self, **kwargs):
        kwargs["event"] = self.event  # replaces the slug a TemplateView passes on
        return super().get_context_data(**kwargs)
