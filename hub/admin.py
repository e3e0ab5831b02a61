from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied

from .models import Agency, Area, AreaMembership, Heartbeat, Team, User


class ReferenceDataAdmin(admin.ModelAdmin):
    """Areas, teams and agencies are pointed at by requests and people, so they
    are never deleted here: Django's delete page lists everything that would
    go with them, children's names included."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Area)
class AreaAdmin(ReferenceDataAdmin):
    def get_readonly_fields(self, request, obj=None):
        # Turning on the purge deletes requests for good: a superuser's decision.
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else [*fields, "purges_not_retained"]

    list_display = ["name", "slug", "mash_phone", "consent_policy", "child_consent_from_age"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(ReferenceDataAdmin):
    list_display = ["name", "area", "kind"]
    list_filter = ["area", "kind"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(ReferenceDataAdmin):
    list_display = ["name", "kind", "area"]
    list_filter = ["kind", "area"]
    search_fields = ["name"]


class AreaMembershipInline(admin.TabularInline):
    model = AreaMembership
    fk_name = "user"
    extra = 0
    verbose_name = "Other area covered"
    verbose_name_plural = "Other areas covered"


# What a person may do is set by their groups and flags; only a superuser
# changes those, so an administrator cannot grant themselves (or a friend)
# access to children's records.
PRIVILEGE_FIELDS = ("is_superuser", "groups", "user_permissions")
ROLE_HOLDER_FIELDS = ("area", "email", "is_staff")


@admin.register(User)
class UserAdmin(ReferenceDataAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "job_title", "agency", "team", "is_active"]
    list_filter = ["groups", "area", "is_active"]
    list_select_related = ["agency", "team"]
    inlines = [AreaMembershipInline]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Work", {"fields": ["job_title", "phone", "agency", "team", "area"]}),
    ]
    # The service records these; nobody should edit them. (Editable, Django's split date and time
    # inputs have no labels of their own, which axe reports as a critical fault.)
    readonly_fields = ["last_login", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in PRIVILEGE_FIELDS]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # Once someone holds a role, where they work and where their mail goes decide
        # which children's records they reach and who reads their notifications.
        if request.user.is_superuser or obj is None or not obj.groups.exists():
            return super().get_readonly_fields(request, obj)
        return [*super().get_readonly_fields(request, obj), *ROLE_HOLDER_FIELDS]

    def get_inline_instances(self, request, obj=None):
        if request.user.is_superuser or obj is None or not obj.groups.exists():
            return super().get_inline_instances(request, obj)
        return []

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ["area", "is_active"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Editing a superuser (or their password) would be a way to become one.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Setting someone else's password is signing in as them: superusers only.
        if not request.user.is_superuser and str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "beat_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
