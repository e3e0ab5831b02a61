"""The manager's forms: an export (an Ofsted Annex A list, or the Children in Need census), each
picking its areas from those the manager covers and never any other; and which census year and
area the census readiness page checks."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.utils import timezone

from hub.access import areas_covered
from hub.models import Area, User
from lib.govuk_fields import GovDateField, gov_field, radios

from .annex_a import LISTS
from .cin_census import CensusYear, census_la_code

ALL_AREAS = ""
YEARS_OFFERED = 3  # this collection year and the two before: a return is put right after its year ends
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
        self.helper.layout = Layout(
            *(gov_field(self, name) for name in self.fields),
            Button("export", self.button, data_prevent_double_click="true"),
        )

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


def _census_years(current: CensusYear | None = None) -> list[tuple[str, str]]:
    """This collection year (still running) and the two before it."""
    current = current or CensusYear.containing(timezone.localdate())
    years = [CensusYear(current.year - back) for back in range(YEARS_OFFERED)]
    return [(str(census.year), census_year_label(census)) for census in years]


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
        self.helper.layout = Layout(
            gov_field(self, "year"),
            gov_field(self, "areas"),
            Button("export", self.button, data_prevent_double_click="true"),
        )

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


class ReadinessForm(forms.Form):
    """Which census year and which of the manager's areas the readiness page checks. A GET form:
    a year and an area's slug say nothing about any child, and the page can be bookmarked."""

    year = forms.TypedChoiceField(
        coerce=int,
        label="Census year",
        help_text="A census year runs from 1 April to 31 March.",
        error_messages={"required": "Select a census year", "invalid_choice": "Select a census year from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        error_messages={"invalid_choice": "Select one of the areas you cover"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, data, *, areas: list[Area], current: CensusYear) -> None:
        self.areas = areas
        super().__init__(data or {"year": current.year, "area": ALL_AREAS})
        self.fields["year"].choices = [(int(year), label) for year, label in _census_years(current)]
        self.fields["area"].choices = [(ALL_AREAS, "All the areas you cover")] + [(a.slug, a.name) for a in areas]
        if len(areas) < 2:
            del self.fields["area"]  # nothing to choose between
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(gov_field(self, name) for name in self.fields))

    def arguments(self) -> dict:
        """The choices as census_readiness takes them: never an area outside those given."""
        slug = self.cleaned_data.get("area", ALL_AREAS)
        return {
            "areas": [area for area in self.areas if slug in (ALL_AREAS, area.slug)],
            "year": self.cleaned_data["year"],
        }


def census_year_label(census: CensusYear) -> str:
    return f"April {census.year - 1} to March {census.year}"
