from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from accounts.selectors import emails_sent_to
from core.forms import query_of
from panels.models import Panel
from panels.selectors import panels_taking_proposals
from panels.views import PublicEventMixin

from . import rules, services
from .enums import AuthorshipStatus
from .forms import (
    AuthorFormSet,
    FullPaperForm,
    PanelPaperFormSet,
    PanelProposalForm,
    ProposalForm,
    panel_proposal_data,
    proposal_data,
    show_service_errors,
)
from .selectors import papers_of

# Proposing -----------------------------------------------------------------------------


class ProposeStartView(PublicEventMixin, ListView):
    """Pick the panel to propose to (search by code or title), or a section's pool."""

    template_name = "papers/propose_start.html"
    context_object_name = "panels"
    paginate_by = 30

    @cached_property
    def query(self) -> str:
        return query_of(self.request)

    def get_queryset(self):
        return panels_taking_proposals(self.event, self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            call_state=self.event.paper_call_state(),
            sections=self.event.sections.order_by("code"),
            **kwargs,
        )


class ProposalFormMixin:
    """The proposal form and its authors formset, rendered and re-rendered alike."""

    template_name = "papers/proposal_form.html"

    def build_forms(self, *, event, initial=None, authors_initial=None):
        data = self.request.POST if self.request.method == "POST" else None
        form = ProposalForm(data, event=event, initial=initial or {})
        authors = AuthorFormSet(data, initial=authors_initial, prefix="authors")
        return form, authors

    def limits(self, event, exclude=None):
        if event.max_proposals_per_person is None and event.max_papers_presented_per_person is None:
            return {"max_proposals": None, "max_presenting": None}  # nothing to warn about
        counts = services.proposal_counts(event=event, user=self.request.user, exclude=exclude)
        return {
            "proposals": counts["proposals"],
            "max_proposals": event.max_proposals_per_person,
            "presenting": counts["presenting"],
            "max_presenting": event.max_papers_presented_per_person,
        }


class PaperProposeView(LoginRequiredMixin, PublicEventMixin, ProposalFormMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        # Not TemplateView's get(): it passes the URL's names (the section's code as
        # `section`) into the context, where they would clash with the section itself.
        return self.render_to_response(self.get_context_data())

    def get_destination(self):
        if "code" in self.kwargs:
            panel = get_object_or_404(panels_taking_proposals(self.event), code=self.kwargs["code"])
            return panel, panel.section
        section = get_object_or_404(self.event.sections, code=self.kwargs["section"])
        return None, section

    def get_context_data(self, **kwargs):
        panel, section = self.get_destination()
        user = self.request.user
        me = {"name": user.name, "email": user.email, "affiliation": user.affiliation}
        form, authors = kwargs.pop("forms", None) or self.build_forms(
            event=self.event, authors_initial=[{**me, "is_presenter": True}]
        )
        return super().get_context_data(
            panel=panel,
            section=section,
            form=form,
            authors=authors,
            call_state=self.event.paper_call_state(),
            limits=self.limits(self.event),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        panel, section = self.get_destination()
        form, authors = self.build_forms(event=self.event)
        if form.is_valid() and authors.is_valid():
            try:
                paper = services.paper_propose(
                    by=request.user,
                    event=self.event,
                    panel=panel,
                    section=section,
                    data=proposal_data(form, authors),
                    token=form.cleaned_data["token"],
                )
            except ValidationError as error:
                show_service_errors(error, form, authors=authors)
            else:
                return redirect("papers:proposal-submitted", pk=paper.pk)
        return self.render_to_response(self.get_context_data(forms=(form, authors)))


class MyPaperMixin(LoginRequiredMixin):
    """Owns the paper of the URL: one of the signed-in person's papers, or a 404."""

    def get_paper(self):
        return get_object_or_404(papers_of(self.request.user), pk=self.kwargs["pk"])


class ProposalSubmittedView(MyPaperMixin, TemplateView):
    template_name = "papers/proposal_submitted.html"

    def get_context_data(self, **kwargs):
        paper = self.get_paper()
        authorships = list(paper.authorships.all())
        # Only those awaiting an answer were mailed a link (services.request_confirmations).
        asked = [a for a in authorships if a.status == AuthorshipStatus.PENDING]
        return super().get_context_data(
            paper=paper, event=paper.event, authorships=authorships, asked=asked, **kwargs
        )


class MyProposalsView(LoginRequiredMixin, ListView):
    template_name = "papers/my_proposals.html"
    context_object_name = "papers"

    def get_queryset(self):
        return papers_of(self.request.user).order_by("-event__start_date", "-created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, now = self.request.user, timezone.now()
        context["panels"] = Panel.objects.filter(proposed_by=user).select_related(
            "event", "section"
        )
        for paper in context["papers"]:
            # Named by someone else and not yet answered: her links, as in the email.
            paper.my_question = next(
                (
                    {
                        "confirm": services.authorship_url(a, "confirm"),
                        "decline": services.authorship_url(a, "decline"),
                    }
                    for a in paper.authorships.all()
                    if a.user_id == user.pk and a.status == AuthorshipStatus.PENDING
                ),
                None,
            )
            paper.may_edit = rules.may_edit(user, paper, now)
            paper.may_withdraw = rules.may_withdraw(user, paper, now)
            paper.may_upload = rules.may_upload(user, paper, now)
        return context


class MyMessagesView(LoginRequiredMixin, ListView):
    """What Colloquy sent to her addresses (`emails_sent_to`), newest first; the
    bodies are left out of the list and read one at a time on `MyMessageView`."""

    template_name = "papers/my_messages.html"
    context_object_name = "logs"
    paginate_by = 50

    def get_queryset(self):
        return emails_sent_to(self.request.user).defer("text_body", "html_body", "headers")


class MyMessageView(LoginRequiredMixin, DetailView):
    """One message she was sent, as its text part (escaped by the template: the
    stored HTML part is never shown); anybody else's message is a 404."""

    template_name = "papers/my_message.html"
    context_object_name = "log"

    def get_queryset(self):
        return emails_sent_to(self.request.user)


class PaperEditView(MyPaperMixin, ProposalFormMixin, TemplateView):
    def get_context_data(self, **kwargs):
        paper = kwargs.pop("paper", None) or self.get_paper()
        forms = kwargs.pop("forms", None) or self.build_forms(
            event=paper.event,
            initial={
                "title": paper.title,
                "abstract": paper.abstract,
                "keywords": list(paper.keywords.all()),
                # Given when the paper was proposed: an edit need not tick it again.
                "coauthors_agreed": True,
            },
            authors_initial=[
                {
                    "name": a.name,
                    "email": a.email,
                    "affiliation": a.affiliation,
                    "is_presenter": a.is_presenter,
                }
                for a in paper.authorships.all()
            ],
        )
        return super().get_context_data(
            paper=paper,
            event=paper.event,
            panel=paper.panel,
            section=paper.section,
            form=forms[0],
            authors=forms[1],
            editing=True,
            call_state=paper.event.paper_call_state(),
            limits=self.limits(paper.event, exclude=paper),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        paper = self.get_paper()
        if not rules.may_edit(request.user, paper):
            messages.error(request, _("This proposal can no longer be edited."))
            return redirect("papers:my-proposals")
        return self.render_to_response(self.get_context_data(paper=paper))

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        form, authors = self.build_forms(event=paper.event)
        if form.is_valid() and authors.is_valid():
            try:
                services.paper_update(
                    paper=paper, by=request.user, data=proposal_data(form, authors)
                )
            except ValidationError as error:
                show_service_errors(error, form, authors=authors)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("papers:my-proposals")
        return self.render_to_response(self.get_context_data(paper=paper, forms=(form, authors)))


class PaperWithdrawView(MyPaperMixin, TemplateView):
    template_name = "papers/paper_withdraw.html"

    def get_context_data(self, **kwargs):
        paper = self.get_paper()
        authorships = list(paper.authorships.all())
        # Only those awaiting an answer were mailed a link (services.request_confirmations).
        asked = [a for a in authorships if a.status == AuthorshipStatus.PENDING]
        return super().get_context_data(
            paper=paper, event=paper.event, authorships=authorships, asked=asked, **kwargs
        )

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        try:
            services.paper_withdraw(paper=paper, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%s” is withdrawn.") % paper.title)
        return redirect("papers:my-proposals")


class FullPaperView(MyPaperMixin, TemplateView):
    template_name = "papers/full_paper.html"

    def get_context_data(self, **kwargs):
        paper = kwargs.pop("paper", None) or self.get_paper()
        return super().get_context_data(
            paper=paper,
            event=paper.event,
            form=kwargs.pop("form", None) or FullPaperForm(),
            closes=paper.event.full_paper_upload_closes(),
            upload_closed=timezone.now() >= paper.event.full_paper_upload_closes(),
            may_upload=rules.may_upload(self.request.user, paper),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        form = FullPaperForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.paper_upload_full(
                    paper=paper, by=request.user, upload=form.cleaned_data["file"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("Your full paper is uploaded."))
                return redirect("papers:full-paper", pk=paper.pk)
        return self.render_to_response(self.get_context_data(paper=paper, form=form))


class FullPaperDeleteView(MyPaperMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        try:
            services.paper_delete_full(paper=paper, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your full paper is deleted."))
        return redirect(reverse("papers:full-paper", kwargs={"pk": paper.pk}))


# Confirming or declining an authorship ----------------------------------------------


class AuthorshipAnswerView(TemplateView):
    """The page a confirm or decline link opens, signed in or not. Loading it changes
    nothing (mail scanners load links): it shows the paper and one button, and only
    the POST of that button answers. A tampered link, an answered authorship, an
    expired link (which offers a fresh one, sent to the same address) each get a
    plain page saying so."""

    template_name = "papers/authorship_answer.html"

    def read(self):
        try:
            return services.authorship_from_token(self.kwargs["token"]), None
        except ValidationError as error:
            return (None, None, False), error

    def get_context_data(self, **kwargs):
        (authorship, action, expired), error = self.read()
        context = {"error": error, "authorship": authorship, "action": action, "expired": expired}
        if authorship is not None:
            context["paper"] = authorship.paper
            context["event"] = authorship.paper.event
            context["pending"] = authorship.status == AuthorshipStatus.PENDING
            context["refusal"] = services.answer_refusal(authorship)
            if context["pending"] and action == "confirm" and not expired:
                context["refusals"] = services.confirmation_errors(authorship)
        return super().get_context_data(**context, **kwargs)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 200
        if context["error"] is not None:
            status = 410 if context["error"].code == "gone" else 400
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        (authorship, action, expired), error = self.read()
        if error is not None:
            return self.get(request, *args, **kwargs)
        if (refusal := services.answer_refusal(authorship)) is not None and (
            refusal.code == "withdrawn"
        ):
            messages.error(request, refusal.message)
            return redirect(request.path)
        if expired:
            if authorship.status == AuthorshipStatus.PENDING and "resend" in request.POST:
                if services.resend_confirmation(authorship):
                    messages.success(
                        request, _("A new link is on its way to %s.") % authorship.email
                    )
                else:
                    messages.info(
                        request,
                        _("A new link went to %s less than an hour ago: look for it there.")
                        % authorship.email,
                    )
            return redirect(request.path)
        answer = services.authorship_confirm if action == "confirm" else services.authorship_decline
        try:
            answer(authorship=authorship, by=request.user)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            if action == "confirm":
                messages.success(request, _("Thank you: you are confirmed as an author."))
            else:
                messages.success(request, _("You have declined; the submitter is told."))
        return redirect(request.path)


# Proposing a whole panel ------------------------------------------------------------


class PanelProposeView(LoginRequiredMixin, PublicEventMixin, TemplateView):
    """Propose a whole panel during the panel call: the section's chairs decide."""

    template_name = "papers/panel_propose.html"

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
                panel = services.panel_propose(
                    by=request.user,
                    event=self.event,
                    section=form.cleaned_data["section"],
                    data=panel_proposal_data(form, papers),
                )
            except ValidationError as error:
                show_service_errors(error, form, papers=papers)
            else:
                messages.success(
                    request,
                    _("Your panel “%s” is proposed; the section's chairs will decide on it.")
                    % panel.title,
                )
                return redirect("papers:my-proposals")
        return self.render_to_response(self.get_context_data(forms=(form, papers)))
