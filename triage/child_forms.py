"""Forms on a child's page: their identifiers and characteristics, and closing their episode."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from lib.govuk_fields import GovDateField, gov_field
from returns.census import CategoryOfAbuse, ClosureReason
from returns.characteristics import UPN_PATTERN, Disability, UpnUnknown, disabilities_problem


class _ChildPageForm(forms.Form):
    button = "Save"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*[gov_field(self, name) for name in self.fields], Button("save", self.button))


class ChildRecordForm(_ChildPageForm):
    button = "Save the child's record"
    upn = forms.CharField(
        label="Unique pupil number (UPN), if known",
        required=False,
        max_length=13,
        validators=[RegexValidator(UPN_PATTERN, "Enter a UPN like A123456789012: a letter, 11 digits, then one more")],
    )
    upn_unknown_reason = forms.ChoiceField(
        choices=[("", "The UPN is known"), *UpnUnknown.choices],
        required=False,
        label="If the UPN is not known, why",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    disabilities = forms.MultipleChoiceField(
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Disabilities, as the census records them",
        error_messages={"required": "Select the child's disabilities, or 'No disability'"},
    )

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("upn")) == bool(data.get("upn_unknown_reason")) and "upn" not in self.errors:
            self.add_error("upn", "Enter the child's UPN, or select why it is not known, but not both")
        if problem := disabilities_problem(data.get("disabilities") or []):
            self.add_error("disabilities", problem)
        return data


class EpisodeCloseForm(_ChildPageForm):
    button = "Close the episode"
    reason = forms.ChoiceField(
        choices=[("", "Select a reason"), *ClosureReason.choices],
        label="Why is the episode closing?",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Select why the episode is closing"},
    )
    closed_on = GovDateField(what="the date the episode closed", label="When did it close?")

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on and closed_on > timezone.localdate():
            raise forms.ValidationError("The date the episode closed must be today or in the past")
        return closed_on


class CpReviewForm(_ChildPageForm):
    button = "Record the review"
    reviewed_on = GovDateField(what="the date of the review", label="When was the plan reviewed?")
    category = forms.ChoiceField(
        choices=[("", "Unchanged"), *CategoryOfAbuse.choices],
        required=False,
        label="Latest category of abuse, if it changed",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
