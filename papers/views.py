from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .selectors import public_paper_pages


class PaperDetailView(DetailView):
    template_name = "papers/paper_detail.html"
    context_object_name = "paper"

    def get_object(self, queryset=None):
        return get_object_or_404(
            public_paper_pages(), event__slug=self.kwargs["event"], pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.object.event, **kwargs)
