"""Admin for threshold frameworks.

A published version is read-only: what a request was judged against never
changes. "Edit as a new version" copies it into a draft, which is editable
until it is published.
"""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from .models import Domain, Factor, Framework, FrameworkVersion, Indicator, Level
from .services import framework_version_draft, framework_version_publish


def _published(obj: FrameworkVersion | None) -> bool:
    return bool(obj and obj.is_published)


class DraftOnlyInline:
    """Inline rows can be changed only while their version is a draft."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _published(obj) and super().has_delete_permission(request, obj)


class LevelInline(DraftOnlyInline, admin.StackedInline):
    model = Level


class DomainInline(DraftOnlyInline, admin.TabularInline):
    model = Domain


class FactorInline(DraftOnlyInline, admin.TabularInline):
    model = Factor


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "area_names"]

    @admin.display(description="Areas")
    def area_names(self, obj: Framework) -> str:
        return ", ".join(area.name for area in obj.areas.all())

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).prefetch_related("areas")


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "effective_from", "published_at", "indicator_count"]
    list_filter = ["framework"]
    inlines = [LevelInline, DomainInline, FactorInline]
    actions = ["publish"]
    readonly_fields = ["based_on", "created_at", "created_by", "published_at"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("framework")

    @admin.display(description="Indicators")
    def indicator_count(self, obj: FrameworkVersion) -> int:
        return obj.indicators.count()

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _published(obj) and super().has_delete_permission(request, obj)

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/new-version/",
                self.admin_site.admin_view(self.new_version),
                name="thresholds_frameworkversion_new_version",
            ),
            *super().get_urls(),
        ]

    def new_version(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        if request.method != "POST" or not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:thresholds_frameworkversion_change", args=[pk]))
        version = get_object_or_404(FrameworkVersion, pk=pk)
        draft = framework_version_draft(version=version, by=request.user, change_note="Edited in the admin.")
        self.message_user(
            request,
            f"Draft version {draft.number} created from version {version.number}. Edit it, then publish it.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:thresholds_frameworkversion_change", args=[draft.pk]))

    @admin.action(description="Publish the selected draft versions")
    def publish(self, request: HttpRequest, queryset) -> None:
        for version in queryset.filter(published_at__isnull=True):
            framework_version_publish(version=version)
            self.message_user(request, f"Published {version}.", messages.SUCCESS)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["text", "level", "domain", "version", "statutory_basis"]
    list_filter = ["version__framework", "level__number", "statutory_basis"]
    list_select_related = ["level", "domain", "version__framework"]
    search_fields = ["text", "source_ref"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.version.is_published) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.version.is_published) and super().has_delete_permission(request, obj)
