"""The manager's form for an Ofsted Annex A export."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms

from lib.govuk_fields import GovDateField, gov_field, radios

from .annex_a import LISTS

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
