"""Forms on a child's page: their identifiers and characteristics, closing their episode, and
correcting its census details."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from children.census_corrections import FACTOR_21_ALONE, census_fields_for
from lib.govuk_fields import GovDateField, gov_field, long_text
from returns.census import AssessmentFactor, CategoryOfAbuse, ClosureReason, PrimaryNeed
from returns.characteristics import UPN_PATTERN, Disability, UpnUnknown, disabilities_problem


class _ChildPageForm(forms.Form):
    button = "Save"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_fields()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*[gov_field(self, name) for name in self.fields], Button("save", self.button))

    def add_fields(self) -> None:
        """Fields that depend on the record the form is about: none, unless a form says so."""


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


def _census_select(choices, *, label: str, required: str = "", blank: str = "Select") -> forms.ChoiceField:
    return forms.ChoiceField(
        # The code first: the census and the validator's reports name them by code.
        choices=[("", blank), *((code, f"{code}: {words}") for code, words in choices)],
        required=bool(required),
        label=label,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": required},
    )


class CensusCorrectionForm(_ChildPageForm):
    """Only the census details this child's episode has the event for (`census_fields_for`)."""

    button = "Correct the census details"

    def __init__(self, *args, episode, **kwargs) -> None:
        self.episode = episode
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        applies = census_fields_for(self.episode)
        if "primary_need" in applies:
            self.fields["primary_need"] = _census_select(
                PrimaryNeed.choices, label="Primary need", required="Select the primary need"
            )
        if "assessment_factors" in applies:
            self.fields["assessment_factors"] = forms.MultipleChoiceField(
                choices=[(code, f"{code}: {words}") for code, words in AssessmentFactor.choices],
                widget=forms.CheckboxSelectMultiple,
                label="Factors identified at the end of the assessment",
                help_text="Select all that apply, or 'No factors identified' (21) alone.",
                error_messages={"required": "Select the factors identified, or 'No factors identified' (21)"},
            )
        if "initial_category" in applies:
            self.fields["initial_category"] = _census_select(
                CategoryOfAbuse.choices,
                label="Category of abuse when the plan started",
                required="Select the category of abuse when the plan started",
            )
            self.fields["latest_category"] = _census_select(
                CategoryOfAbuse.choices, label="Latest category of abuse", blank="The same as when the plan started"
            )
        self.fields["reason"] = long_text(
            label="Why are you correcting the census details?",
            required="Say why the census details are being corrected",
        )

    @property
    def corrects_anything(self) -> bool:
        return len(self.fields) > 1

    def clean_assessment_factors(self) -> list[str]:
        factors = self.cleaned_data["assessment_factors"]
        if AssessmentFactor.NO_FACTORS_IDENTIFIED in factors and len(factors) > 1:
            raise forms.ValidationError(FACTOR_21_ALONE)
        return factors

    def arguments(self) -> dict:
        """The service's keyword arguments: the answers on the form, and why."""
        return {name: self.cleaned_data[name] for name in self.fields}
