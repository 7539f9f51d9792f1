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

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
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

    def index(self, request, extra_context=None):
        # The site is built while the apps load, before papers' models may be imported.
        from papers.dashboard import dashboard_for  # noqa: PLC0415

        return super().index(request, {**dashboard_for(request.user), **(extra_context or {})})
