from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from panels.roles import roles_of

from .forms import UserChangeForm, UserCreationForm
from .models import EmailLog, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["name", "email"]
    list_display = ["email", "name", "affiliation", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name", "affiliation", "orcid"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name", "affiliation", "orcid"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def has_module_permission(self, request):
        return request.user.has_perm("accounts.view_user")

    def has_view_permission(self, request, obj=None):
        # Organisers look people up to give them roles; only superusers change accounts.
        return request.user.has_perm("accounts.view_user", obj)

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "affiliation", "password1", "password2"],
            },
        ),
    ]


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    """Every email sent, read-only: to answer "I never got it"."""

    list_display = ["created_at", "to", "subject", "template", "status", "sent_at"]
    list_filter = ["status", "template", "event"]
    search_fields = ["to", "subject"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in EmailLog._meta.fields]

    def get_queryset(self, request):
        logs = super().get_queryset(request)
        if request.user.is_superuser:
            return logs
        return logs.filter(event_id__in=roles_of(request.user).organiser_of)

    def has_module_permission(self, request):
        return request.user.has_perm("accounts.view_emaillog")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.view_emaillog", obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
