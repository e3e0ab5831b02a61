from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Agency, Area, Heartbeat, Team, User


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "mash_phone", "consent_policy", "child_consent_from_age"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "kind"]
    list_filter = ["area", "kind"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area"]
    list_filter = ["kind", "area"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "job_title", "agency", "team", "is_active"]
    list_filter = ["groups", "area", "is_active"]
    list_select_related = ["agency", "team"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Work", {"fields": ["job_title", "phone", "agency", "team", "area"]}),
    ]
    # The service records these; nobody should edit them. (Editable, Django's split date and time
    # inputs have no labels of their own, which axe reports as a critical fault.)
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "beat_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
