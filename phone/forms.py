"""The form a hub worker fills in while on the phone to the caller."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms

from lib.answers import YesNo
from lib.govuk_fields import GovDateField, gov_field, long_text, radios, text, uk_phone_clean
from requests_app.choices import CallDecision
from returns.census import ReferralSource


class PhoneReferralForm(forms.Form):
    caller_name = text(label="Caller's name", required="Enter the caller's name", max_length=150)
    caller_role = text(label="Caller's role", max_length=150)
    caller_agency = text(label="Caller's organisation", required="Enter the caller's organisation")
    caller_phone = text(label="Caller's phone number", required="Enter a phone number for the caller", max_length=40)
    caller_phone.widget.input_type = "tel"
    caller_email = forms.EmailField(
        max_length=320,
        label="Caller's email address",
        help_text="We send the reminder to follow up in writing here.",
        error_messages={
            "required": "Enter the caller's email address, so we can remind them to follow up in writing",
            "invalid": "Enter an email address like name@example.org",
            "max_length": "The caller's email address must be 320 characters or fewer",
        },
    )
    child_name = text(label="Child's name", required="Enter the child's name")
    child_date_of_birth = GovDateField(
        what="the child's date of birth", required=False, label="Child's date of birth (optional)"
    )
    child_address = long_text(label="Child's address", max_length=500)
    worries = long_text(label="What the caller is worried about", required="Enter what the caller is worried about")
    immediate_risk = radios(
        YesNo.choices,
        label="Is the child at immediate risk of harm?",
        required="Select yes if the child is at immediate risk of harm",
    )
    referral_source = forms.ChoiceField(
        choices=[("", "Select who is calling"), *ReferralSource.choices],
        label="Who is calling (census referral source)",
        help_text="A family member is 1A, a neighbour 1B, a child calling about themselves 1C.",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Select who is calling"},
    )
    decision = radios(
        CallDecision.choices, label="What did you decide on the call?", required="Select what you decided on the call"
    )
    decision_notes = long_text(label="Notes on the decision", max_length=3000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        layout = [gov_field(self, name, textarea_rows=3) for name in self.fields]
        self.helper.layout = Layout(*layout, Button("continue", "Record the call"))

    def clean_caller_phone(self) -> str:
        return uk_phone_clean(self.cleaned_data["caller_phone"], what="the caller's phone number")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == CallDecision.CONTACT and data.get("immediate_risk") != YesNo.YES:
            self.add_error(
                "decision", "A contact is made straight from a call only when the child is at immediate risk"
            )
        return data

    def arguments(self) -> dict:
        """The call's details as phone_referral_record takes them."""
        return {**self.cleaned_data, "immediate_risk": self.cleaned_data["immediate_risk"] == YesNo.YES}
