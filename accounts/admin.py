from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.admin import CheckedRelationsMixin, FilterErrorsMixin

from .forms import UserChangeForm, UserCreationForm
from .models import User


@admin.register(User)
class UserAdmin(CheckedRelationsMixin, FilterErrorsMixin, BaseUserAdmin):
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


# Django's own, its permissions checked as every many-to-many field of ours is (a
# number beyond 64 bits was a 500 on SQLite). django.contrib.auth registers it first.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(CheckedRelationsMixin, BaseGroupAdmin):
    pass
