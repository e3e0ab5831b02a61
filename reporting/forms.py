"""The manager's forms: an Ofsted Annex A export, and which year and area the census readiness page checks."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms

from hub.models import Area
from lib.govuk_fields import GovDateField, gov_field, radios

from .annex_a import LISTS
from .cin_census import CensusYear

FORMAT_CHOICES = [("csv", "CSV (comma-separated values)"), ("xlsx", "Excel workbook (XLSX), with the notes")]


class AnnexAForm(forms.Form):
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(gov_field(self, name) for name in self.fields), Button("export", "Download"))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day of the period must be the same as or after the first day")
        return data

    def arguments(self) -> dict:
        """The choices as annex_a_export takes them."""
        data = self.cleaned_data
        return {
            "number": int(data["number"]),
            "first": data["start"],
            "last": data["end"],
            "file_format": data["file_format"],
        }


ALL_AREAS = ""
YEARS_OFFERED = 3  # this collection year and the two before: a return is put right after its year ends


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
        years = [CensusYear(current.year - back) for back in range(YEARS_OFFERED)]
        self.fields["year"].choices = [(census.year, census_year_label(census)) for census in years]
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
