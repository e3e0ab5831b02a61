from django.contrib import admin

from .models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["area", "date", "reason"]
    list_filter = ["area"]
    date_hierarchy = "date"
