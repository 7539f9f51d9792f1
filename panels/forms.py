from django import forms
from django.utils.translation import gettext_lazy as _

from papers.forms import WordLimitsMixin
from papers.services import AuthorData, PanelProposalData, ProposalData

from .enums import PanelFormat


class PanelProposalForm(WordLimitsMixin, forms.Form):
    """A whole panel: its text, section, format, co-chair and discussant."""

    title = forms.CharField(label=_("Title"), max_length=300)
    abstract = forms.CharField(label=_("Abstract"), max_length=12000, widget=forms.Textarea)
    keywords = forms.ModelMultipleChoiceField(
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
    author_email = forms.EmailField(label=_("Author's email"), required=False)
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
