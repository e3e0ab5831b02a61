"""The dashboard's filters: area, team and period, read from the address (a GET form), so a
manager can bookmark a view and every figure's list carries the same filters."""

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Layout
from django import forms
from django.http import QueryDict
from django.utils import timezone

from hub.models import Area, Team
from lib.govuk_fields import GovDateField, gov_field

from .dashboard_scope import Scope, default_period

FILTER_FIELDS = ("area", "team", "start_0", "start_1", "start_2", "end_0", "end_1", "end_2")
# The longest period the page will count: two years, so "the last 12 months" and a census year
# fit with room to compare, and no address can ask for a century of weeks (or for year 9999,
# whose weeks run past the last date Python can hold).
LONGEST_PERIOD_DAYS = 731
EARLIEST_DAY = dt.date(2000, 1, 1)  # before any record the service holds


class DashboardForm(forms.Form):
    area = forms.ChoiceField(
        label="Area",
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Select one of your areas"},
    )
    team = forms.ChoiceField(
        label="Team",
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Select a team in your areas"},
    )
    start = GovDateField(what="the first day", label="From", help_text="For example, 1 9 2026", required=False)
    end = GovDateField(what="the last day", label="To", help_text="For example, 30 11 2026", required=False)

    def __init__(self, data: QueryDict, *, areas: list[Area], today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        first, last = default_period(self.today)
        given = {name: data[name] for name in FILTER_FIELDS if data.get(name)}
        defaults = {"start_0": first.day, "start_1": first.month, "start_2": first.year}
        defaults |= {"end_0": last.day, "end_1": last.month, "end_2": last.year}
        # No dates given: the default period, shown in the date inputs so the manager sees it.
        super().__init__({**defaults, **given} if not _dates_given(given) else given)
        self.areas = areas
        self.fields["area"].choices = [("", "All your areas"), *((str(area.pk), area.name) for area in areas)]
        teams = Team.objects.filter(area__in=areas).select_related("area").order_by("area__name", "name")
        several = len(areas) > 1
        self.fields["team"].choices = [
            ("", "All teams"),
            *((str(team.pk), f"{team.name} ({team.area.name})" if several else team.name) for team in teams),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Two to a row on a wide screen, so the figures start near the top; stacked on a phone.
        pairs = (("area", "team"), ("start", "end"))
        self.helper.layout = Layout(
            *(
                Div(
                    *(Div(gov_field(self, name), css_class="govuk-grid-column-one-half") for name in pair),
                    css_class="govuk-grid-row",
                )
                for pair in pairs
            ),
            Button("show", "Show figures"),
        )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if "start" not in self.errors and start is None:
            self.add_error("start", "Enter the first day")
        if "end" not in self.errors and end is None:
            self.add_error("end", "Enter the last day")
        if start and start < EARLIEST_DAY:
            self.add_error("start", "The first day must be 1 January 2000 or later")
        if end and end > self.today:
            self.add_error("end", "The last day must be today or in the past")
        if start and end and end < start:
            self.add_error("end", "The last day must be the same as or after the first day")
        elif start and end and "start" not in self.errors and (end - start).days + 1 > LONGEST_PERIOD_DAYS:
            self.add_error("start", "The first day must be no more than 2 years (731 days) before the last day")
        return data

    def scope(self) -> Scope:
        """The figures' scope: the chosen area, or every area the manager covers; never another."""
        data = self.cleaned_data
        area_ids = tuple(area.pk for area in self.areas)
        if data["area"]:
            area_ids = (int(data["area"]),)
        team_id = int(data["team"]) if data["team"] else None
        return Scope(area_ids=area_ids, first=data["start"], last=data["end"], team_id=team_id)

    def query(self, **changes) -> dict:
        """The filters as the address carries them (dates as day, month and year), with `changes`."""
        data = self.cleaned_data
        start, end = changes.pop("start", data["start"]), changes.pop("end", data["end"])
        query = {"area": data["area"], "team": data["team"]}
        query |= {"start_0": start.day, "start_1": start.month, "start_2": start.year}
        query |= {"end_0": end.day, "end_1": end.month, "end_2": end.year}
        return {name: value for name, value in {**query, **changes}.items() if value != ""}


def _dates_given(given: dict) -> bool:
    return any(name.startswith(("start_", "end_")) for name in given)
