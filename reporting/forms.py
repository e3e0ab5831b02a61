"""The manager's forms for an export: an Ofsted Annex A list, or the Children in Need census.
Each picks the areas it covers from those the manager covers, and never any other."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.utils import timezone

from hub.access import areas_covered
from hub.models import User
from lib.govuk_fields import GovDateField, gov_field, radios

from .annex_a import LISTS
from .cin_census import CensusYear, census_la_code

FORMAT_CHOICES = [("csv", "CSV (comma-separated values)"), ("xlsx", "Excel workbook (XLSX), with the notes")]


class _ExportForm(forms.Form):
    """The area picker every export form shares: checkboxes of the areas the manager covers,
    all ticked to begin with. An area outside their cover is an error, never quietly dropped."""

    button = "Start the export"

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.covered = list(areas_covered(user))
        self.fields["areas"] = forms.MultipleChoiceField(
            choices=[(str(area.pk), area.name) for area in self.covered],
            widget=forms.CheckboxSelectMultiple,
            label="Which areas?",
            help_text="The export holds the children of every area you tick.",
            initial=self.initial_areas(user),
            error_messages={"required": "Select at least one area", "invalid_choice": "Select only areas you cover"},
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(gov_field(self, name) for name in self.fields), Button("export", self.button))

    def initial_areas(self, user: User) -> list[str]:
        return [str(area.pk) for area in self.covered]

    def chosen_areas(self) -> list:
        chosen = {int(pk) for pk in self.cleaned_data.get("areas") or []}
        return [area for area in self.covered if area.pk in chosen]


class AnnexAForm(_ExportForm):
    number = radios(
        [(str(number), f"List {number}: {a_list.title}") for number, a_list in sorted(LISTS.items())],
        label="Which list?",
        required="Select which list to export",
    )
    start = GovDateField(
        what="the first day of the period", label="First day of the period", help_text="For example, 1 4 2026"
    )
    end = GovDateField(
        what="the last day of the period", label="Last day of the period", help_text="For example, 30 9 2026"
    )
    file_format = radios(FORMAT_CHOICES, label="Which format?", required="Select a format", initial="csv")

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day of the period must be the same as or after the first day")
        return data

    def arguments(self) -> dict:
        """The choices as the export job keeps them: plain JSON, ids and dates, nothing else."""
        data = self.cleaned_data
        return {
            "number": int(data["number"]),
            "first": data["start"].isoformat(),
            "last": data["end"].isoformat(),
            "file_format": data["file_format"],
            "area_ids": [area.pk for area in self.chosen_areas()],
        }


def _census_years() -> list[tuple[str, str]]:
    """This collection year (still running) and the two before it."""
    today = timezone.localdate()
    current = today.year + 1 if today.month >= 4 else today.year
    years = [CensusYear(year) for year in range(current, current - 3, -1)]
    return [(str(census.year), f"{census.start:%B %Y} to {census.reference_date:%B %Y}") for census in years]


class CensusForm(_ExportForm):
    year = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Which collection year?",
        help_text="The census year runs from 1 April to 31 March.",
        error_messages={"required": "Select a collection year", "invalid_choice": "Select a collection year"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _census_years()
        self.fields["year"].initial = self.fields["year"].choices[0][0]
        self.order_fields(["year", "areas"])
        self.helper.layout = Layout(gov_field(self, "year"), gov_field(self, "areas"), Button("export", self.button))

    def initial_areas(self, user: User) -> list[str]:
        # The census is one return per local authority: start from the manager's own.
        home = next((area for area in self.covered if area.pk == user.area_id), None)
        code = home.la_code if home else None
        return [str(area.pk) for area in self.covered if home is None or area.la_code == code]

    def clean(self) -> dict:
        data = super().clean()
        if areas := self.chosen_areas():
            try:
                census_la_code(areas)
            except ValueError as refusal:
                self.add_error("areas", str(refusal))
        return data

    def arguments(self) -> dict:
        return {"year": int(self.cleaned_data["year"]), "area_ids": [area.pk for area in self.chosen_areas()]}
