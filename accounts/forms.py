from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import User


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name", "affiliation"]

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise self.instance.unique_error_message(User, ["email"])
        return email


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise self.instance.unique_error_message(User, ["email"])
        return email


class SignupForm(forms.Form):
    """What allauth's sign-up form asks besides email and password."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    affiliation = forms.CharField(
        label=_("Affiliation"),
        max_length=300,
        required=False,
        help_text=_("Your university or institute, as it should appear on the programme."),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.affiliation = " ".join(self.cleaned_data["affiliation"].split())
        user.save(update_fields=["name", "affiliation"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "affiliation", "orcid"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name
