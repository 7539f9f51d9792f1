import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField
from panels.enums import PanelFormat

from .services import AuthorData, PanelProposalData, ProposalData


class WordLimitsMixin:
    """Title and abstract fields that count words as you type (colloquy.js reads
    data-word-limit). The limits themselves are checked by the service
    (`papers.services.proposals.content_errors`), whose errors land on these fields."""

    def set_word_limits(self, event):
        self.event = event
        self.fields["title"].widget.attrs["data-word-limit"] = event.title_word_limit
        self.fields["abstract"].widget.attrs.update(
            {"rows": 10, "data-word-limit": event.abstract_word_limit}
        )


def show_service_errors(error: ValidationError, form, **formsets) -> None:
    """Put a service's ValidationError where the person will look: each field's
    errors on that field, a formset's (`authors=`, `papers=`) above that formset,
    the rest above the form. Shape checks stay in the forms; rules are the service's."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field in formsets:
            formsets[field].non_form_errors().extend(errors)
        else:
            form.add_error(None, errors)


class ProposalForm(WordLimitsMixin, forms.Form):
    """A paper's own text, in shape; the event's rules are the service's to check."""

    title = forms.CharField(label=_("Title"), max_length=400)
    abstract = forms.CharField(label=_("Abstract"), max_length=12000, widget=forms.Textarea)
    keywords = ModelMultipleChoiceField(
        label=_("Keywords"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    coauthors_agreed = forms.BooleanField(
        label=_("All co-authors agreed to this proposal and to their names being published."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.set_word_limits(event)
        self.fields["keywords"].queryset = event.keywords.order_by("name")
        self.fields["title"].help_text = _("At most %(limit)d words.") % {
            "limit": event.title_word_limit
        }
        self.fields["abstract"].help_text = _("At most %(limit)d words.") % {
            "limit": event.abstract_word_limit
        }
        self.fields["keywords"].help_text = _("Choose %(min)d to %(max)d.") % {
            "min": event.min_keywords,
            "max": event.max_keywords,
        }


class AuthorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("Optional for co-authors.")
    )
    affiliation = forms.CharField(label=_("Affiliation"), max_length=300, required=False)
    is_presenter = forms.BooleanField(label=_("Presents the paper"), required=False)


class BaseAuthorFormSet(forms.BaseFormSet):
    def authors(self) -> list[AuthorData]:
        """The filled-in rows, in the order shown."""
        return [
            AuthorData(
                name=form.cleaned_data["name"],
                email=form.cleaned_data.get("email", ""),
                affiliation=form.cleaned_data.get("affiliation", ""),
                is_presenter=form.cleaned_data.get("is_presenter", False),
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("name")
        ]


AuthorFormSet = forms.formset_factory(
    AuthorForm,
    formset=BaseAuthorFormSet,
    extra=3,
    min_num=1,
    validate_min=True,
    max_num=12,
    validate_max=True,
)


def proposal_data(form: ProposalForm, authors: BaseAuthorFormSet) -> ProposalData:
    return ProposalData(
        title=form.cleaned_data["title"],
        abstract=form.cleaned_data["abstract"],
        keywords=list(form.cleaned_data["keywords"]),
        authors=authors.authors(),
    )


class FullPaperForm(forms.Form):
    file = forms.FileField(
        label=_("Full paper (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


# Proposing a whole panel ------------------------------------------------------------


class PanelProposalForm(WordLimitsMixin, forms.Form):
    """A whole panel: its text, section, format, co-chair and discussant."""

    title = forms.CharField(label=_("Title"), max_length=300)
    abstract = forms.CharField(label=_("Abstract"), max_length=12000, widget=forms.Textarea)
    keywords = ModelMultipleChoiceField(
        label=_("Keywords"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    section = forms.ModelChoiceField(label=_("Section"), queryset=None)
    format = forms.ChoiceField(label=_("Format"), choices=PanelFormat.choices)
    co_chair_name = forms.CharField(label=_("Co-chair's name"), max_length=200, required=False)
    co_chair_email = forms.EmailField(label=_("Co-chair's email"), required=False)
    co_chair_affiliation = forms.CharField(
        label=_("Co-chair's affiliation"), max_length=300, required=False
    )
    discussant_name = forms.CharField(label=_("Discussant's name"), max_length=200, required=False)
    discussant_email = forms.EmailField(label=_("Discussant's email"), required=False)
    discussant_affiliation = forms.CharField(
        label=_("Discussant's affiliation"), max_length=300, required=False
    )
    agreed = forms.BooleanField(
        label=_("The co-chair, discussant and authors named here agreed to this proposal.")
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_word_limits(event)
        self.fields["keywords"].queryset = event.keywords.order_by("name")
        self.fields["section"].queryset = event.sections.order_by("code")
        self.fields["keywords"].help_text = _("Choose %(min)d to %(max)d.") % {
            "min": event.min_keywords,
            "max": event.max_keywords,
        }

    def clean(self):
        cleaned = super().clean()
        for role in ("co_chair", "discussant"):
            name = cleaned.get(f"{role}_name", "").strip()
            if not name and (cleaned.get(f"{role}_email") or cleaned.get(f"{role}_affiliation")):
                self.add_error(f"{role}_name", _("Enter the name too, or leave all three empty."))
        return cleaned

    def person(self, role) -> AuthorData | None:
        name = self.cleaned_data.get(f"{role}_name", "").strip()
        if not name:
            return None
        return AuthorData(
            name=name,
            email=self.cleaned_data.get(f"{role}_email", ""),
            affiliation=self.cleaned_data.get(f"{role}_affiliation", ""),
        )


class PanelPaperForm(forms.Form):
    """One paper of a proposed panel, with its presenting author."""

    title = forms.CharField(label=_("Paper title"), max_length=400)
    abstract = forms.CharField(
        label=_("Paper abstract"), max_length=12000, widget=forms.Textarea(attrs={"rows": 4})
    )
    author_name = forms.CharField(label=_("Presenting author"), max_length=200)
    author_email = forms.EmailField(
        label=_("Author's email"),
        help_text=_("They are asked by email to confirm; the paper counts for them once they do."),
    )
    author_affiliation = forms.CharField(
        label=_("Author's affiliation"), max_length=300, required=False
    )


PanelPaperFormSet = forms.formset_factory(PanelPaperForm, extra=5, max_num=10, validate_max=True)


def panel_proposal_data(form: PanelProposalForm, papers) -> PanelProposalData:
    keywords = list(form.cleaned_data["keywords"])
    return PanelProposalData(
        title=form.cleaned_data["title"],
        abstract=form.cleaned_data["abstract"],
        keywords=keywords,
        format=form.cleaned_data["format"],
        co_chair=form.person("co_chair"),
        discussant=form.person("discussant"),
        papers=[
            ProposalData(
                title=paper.cleaned_data["title"],
                abstract=paper.cleaned_data["abstract"],
                keywords=keywords,
                authors=[
                    AuthorData(
                        name=paper.cleaned_data["author_name"],
                        email=paper.cleaned_data.get("author_email", ""),
                        affiliation=paper.cleaned_data.get("author_affiliation", ""),
                        is_presenter=True,
                    )
                ],
            )
            for paper in papers.forms
            if paper.cleaned_data
        ],
    )
