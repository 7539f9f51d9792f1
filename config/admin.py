"""Our admin site: chairs and organisers get in by holding a role, not by a flag.

Giving someone a chair or organiser role gives them the admin; taking the role
away takes it back at their next request. What they see there is decided per
object by the predicates in `panels.rules` and `papers.rules`.

Signing in here is limited exactly as on the site (/accounts/login/): the form asks
allauth's adapter to authenticate, as allauth's own sign-in form does, so both doors
consume one limiter ("login_failed" in ACCOUNT_RATE_LIMITS, counted per address and
per IP in the shared cache), count the same failures and refuse with the same
message. We keep the admin's own page rather than sending it to allauth's: its
message says who may come in (an account with a role), and organisers' accounts made
in the admin or by createsuperuser have no confirmed address, which allauth's page
would demand before letting them in. Changing the password here goes to allauth's
page, which is limited too ("change_password").
"""

from functools import wraps

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from panels.rules import holds_admin_role


class RoleAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter the email and password of an account that chairs a panel or a section, "
            "or organises an event."
        ),
    }

    def clean(self):
        """Django's `AuthenticationForm.clean`, authenticating through allauth's adapter:
        it refuses once the limit is reached, counts a failure and, on success, gives
        back the attempt (see the module's docstring)."""
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, email=email, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise ValidationError(self.error_messages["inactive"], code="inactive")
        if not holds_admin_role(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class AutocompleteView(AutocompleteJsonView):
    """Django's autocomplete, letting the target admin word each result: its
    `autocomplete_text(obj)` if it has one (the people's admin: name, affiliation and
    the address as far as the person may read it), else the object's name."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        text = getattr(self.model_admin, "autocomplete_text", None)
        return {**result, "text": text(obj)} if text else result


class ColloquyAdminSite(admin.AdminSite):
    site_header = _("Colloquy")
    site_title = _("Colloquy admin")
    index_title = _("Your conference work")
    login_form = RoleAuthenticationForm
    index_template = "admin/colloquy_index.html"

    def has_permission(self, request):
        return holds_admin_role(request.user)

    def login(self, request, extra_context=None):
        # The site's sign-in page's own limit on attempts per IP ("login"), for posts.
        if (refused := ratelimit.consume_or_429(request, action="login")) is not None:
            return refused
        return super().login(request, extra_context)

    def password_change(self, request, extra_context=None):
        return redirect("account_change_password")

    def admin_view(self, view, cacheable=False):
        """Every admin page, refusing an address whose query holds a NUL character
        (400): PostgreSQL cannot compare text with it, so a filter, search or
        autocomplete term carrying one would otherwise end in a server error."""
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def refuse_nul(request, *args, **kwargs):
            if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
                raise BadRequest("NUL character in the query string")
            return checked(request, *args, **kwargs)

        return refuse_nul

    def get_urls(self):
        # Django's "view on site" (contenttypes' shortcut) redirects anyone to any
        # object's address, an unpublished event's included; ours is narrower.
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            )
            if getattr(url, "name", None) == "view_on_site"
            else url
            for url in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to an object's public page if the person's admin of that kind
        holds the object and the admin gives it a public address (its `view_on_site`
        method: public objects only); anything else is a 404 that names nothing."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, OverflowError, ContentType.DoesNotExist):
            model = None
        model_admin = self._registry.get(model)
        if model_admin is None or not callable(model_admin.view_on_site):
            raise Http404("No such page.")
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("No such page.")
        url = model_admin.view_on_site(obj)
        if not url:
            raise Http404("No such page.")
        return HttpResponseRedirect(url)

    def autocomplete_view(self, request):
        return AutocompleteView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        # The site is built while the apps load, before the programme's models may be imported.
        from programme.dashboard import dashboard_for  # noqa: PLC0415

        return super().index(request, {**dashboard_for(request.user), **(extra_context or {})})
