"""The Request for Support form, one Django form per question page.

Error messages follow the GOV.UK style: they say what to do ("Enter the
child's first name"), not what went wrong ("This field is required").
"""

import datetime as dt
from functools import cached_property

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from lib.answers import YesNo, YesNoUnknown
from lib.dates import years_before
from lib.form_copies import KeptChoices
from lib.govuk_fields import GovDateField, gov_field, long_text, radios, text, uk_phone_clean
from returns.characteristics import Ethnicity, Sex

from .choices import AttachmentKind, LivesWithChild, OpenToCsc
from .models import PhoneReferral
from .validators import attachment_clean, nhs_number_clean, postcode_clean


class SectionForm(KeptChoices):
    """A question page. Subclasses set `fields_layout`; the buttons are the same everywhere."""

    @cached_property
    def helper(self) -> FormHelper:
        # Built when the page is drawn: a submission validates every section and draws none.
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(*self.layout_fields(), Button("continue", "Continue"))
        return helper

    def layout_fields(self) -> list:
        return [self._field(name) for name in self.fields]

    def _field(self, name: str):
        return gov_field(self, name)


class StartForm(SectionForm):
    immediate_risk = radios(
        YesNo.choices,
        label="Is a child at immediate risk of harm?",
        required="Select yes if a child is at immediate risk of harm",
        hint="For example, they are in danger now, or will be tonight if nothing is done.",
    )

    def layout_fields(self) -> list:
        return [Field.radios("immediate_risk", legend_size=Size.LARGE, legend_tag="h1", inline=True)]


class AboutYouForm(SectionForm):
    name = text(label="Your full name", required="Enter your full name", max_length=150)
    job_title = text(label="Your job title or role", required="Enter your job title or role", max_length=150)
    agency = text(label="Your organisation", required="Enter the name of your organisation")
    phone = text(label="Your phone number", required="Enter a phone number we can reach you on", max_length=40)
    phone.widget.input_type = "tel"  # a phone keypad on a mobile
    email = forms.EmailField(
        label="Your email address",
        max_length=320,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
            "max_length": "Your email address must be 320 characters or fewer",
        },
    )
    lead_name = text(
        label="Your safeguarding lead or line manager",
        required="Enter the name of your safeguarding lead or line manager",
        hint="A request from a professional is never anonymous. The family may come to know who asked for support.",
        max_length=150,
    )
    lead_contact = text(label="Their phone number or email address", max_length=200)
    phone_reference = text(
        label="If you phoned the hub about this, the reference you were given",
        hint="For example, PHN-7K3M-9Q2P. We link your written request to the call.",
        max_length=20,
    )

    def layout_fields(self) -> list:
        return [
            Field.text("name", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.text("job_title", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.text("agency", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.text("phone", label_size=Size.SMALL, field_width=Fixed.TWENTY, autocomplete="tel"),
            Field.text("email", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS, autocomplete="email"),
            Field.text("lead_name", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.text("lead_contact", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.text("phone_reference", label_size=Size.SMALL, field_width=Fixed.TEN, spellcheck="false"),
        ]

    def clean_phone(self) -> str:
        return uk_phone_clean(self.cleaned_data["phone"], what="your phone number")

    def clean_lead_contact(self) -> str:
        value = self.cleaned_data["lead_contact"].strip()
        if not value or "@" in value:
            try:
                return forms.EmailField().clean(value) if value else ""
            except forms.ValidationError:
                raise forms.ValidationError("Enter their email address, like name@example.org") from None
        return uk_phone_clean(value, what="their phone number or email address")

    def clean_phone_reference(self) -> str:
        value = self.cleaned_data["phone_reference"].strip().upper()
        if value and not PhoneReferral.objects.filter(reference=value).exists():
            raise forms.ValidationError(
                "Enter the reference exactly as you were given it on the phone, like PHN-7K3M-9Q2P"
            )
        return value


class ChildForm(SectionForm):
    first_name = text(label="First name", depends=True, max_length=100, hint="Leave this empty for an unborn baby.")
    last_name = text(label="Last name", required="Enter the child's last name", max_length=100)
    unborn = radios(YesNo.choices, label="Is the child unborn?", required="Select yes if the child is not born yet")
    date_of_birth = GovDateField(
        what="the child's date of birth",
        required=False,
        label="Date of birth",
        help_text="For example, 27 3 2015. Leave empty for an unborn baby.",
    )
    expected_date = GovDateField(
        what="the expected date of birth",
        required=False,
        label="Expected date of birth (unborn babies)",
        help_text="For example, 14 6 2027",
    )
    sex = radios(
        Sex.choices,
        label="Sex",
        required="Select the child's sex, or not known",
        hint="For an unborn baby we record 'Not known', as the census does.",
    )
    ethnicity = forms.ChoiceField(
        choices=[("", "Select an ethnicity"), *Ethnicity.choices],
        label="Ethnicity",
        error_messages={"required": "Select the child's ethnicity, or not yet obtained"},
    )
    disability = radios(
        YesNoUnknown.choices,
        label="Does the child have a disability or special educational needs?",
        required="Select whether the child has a disability or special educational needs",
    )
    disability_details = long_text(label="Disability, SEND or EHCP details", max_length=2000)
    address = long_text(
        label="Address", required="Enter the child's address, or where they are staying", max_length=500
    )
    postcode = text(label="Postcode", max_length=10)
    school = text(label="School, nursery or setting", max_length=200)
    nhs_number = text(label="NHS number", max_length=14, hint="10 digits, for example 943 476 5919")
    young_carer = radios(
        YesNoUnknown.choices, label="Is the child a young carer?", required="Select whether the child is a young carer"
    )
    privately_fostered = radios(
        YesNoUnknown.choices,
        label="Is the child privately fostered?",
        required="Select whether the child is privately fostered",
        hint="Cared for by someone who is not a parent or close relative for 28 days or more.",
    )
    open_to_csc = radios(
        OpenToCsc.choices,
        label="Is the child known to children's social care now?",
        required="Select whether the child is open to children's social care",
    )
    allocated_worker = text(label="Allocated social worker, if you know", max_length=200)

    def clean_postcode(self) -> str:
        return postcode_clean(self.cleaned_data["postcode"])

    def clean_nhs_number(self) -> str:
        return nhs_number_clean(self.cleaned_data["nhs_number"])

    def clean(self) -> dict:
        data = super().clean()
        today = timezone.localdate()
        if data.get("unborn") == YesNo.YES:
            expected = data.get("expected_date")
            if not expected and "expected_date" not in self.errors:
                self.add_error("expected_date", "Enter the expected date of birth")
            elif expected and not (today - dt.timedelta(days=31) <= expected <= today + dt.timedelta(days=300)):
                self.add_error("expected_date", "The expected date of birth must be within the next 10 months")
            if data.get("date_of_birth"):
                self.add_error("date_of_birth", "Leave the date of birth empty for an unborn baby")
        elif data.get("unborn") == YesNo.NO:
            if not data.get("first_name"):
                self.add_error("first_name", "Enter the child's first name")
            born = data.get("date_of_birth")
            if not born and "date_of_birth" not in self.errors:
                self.add_error("date_of_birth", "Enter the child's date of birth")
            elif born and born > today:
                self.add_error("date_of_birth", "The date of birth must be today or in the past")
            elif born and born <= years_before(today, 18):
                self.add_error("date_of_birth", "The child must be under 18. For an adult, contact adult services")
            if data.get("expected_date"):
                self.add_error("expected_date", "Leave the expected date empty for a child who is born")
        # The allocated worker of an open case is often not known to the referrer, so it
        # stays optional: the hub finds them (docs/domain.md §5.3).
        return data


class HouseholdMemberForm(SectionForm):
    name = text(label="Full name", required="Enter the person's full name", max_length=150)
    relationship = text(
        label="Relationship to the child or children",
        required="Enter their relationship to the child",
        hint="For example, mother, stepfather, grandmother, mother's partner",
        max_length=100,
    )
    parental_responsibility = radios(
        YesNoUnknown.choices,
        label="Do they have parental responsibility?",
        required="Select whether they have parental responsibility",
    )
    lives_with_child = radios(
        LivesWithChild.choices,
        label="Where do they live?",
        required="Select whether they live with the child, visit, or live elsewhere",
        hint="Include partners and other adults who visit or stay.",
    )
    notes = long_text(
        label="Anything we should know about them",
        max_length=2000,
        hint="For example, a risk they may pose, or support they give.",
    )


class WorriesForm(SectionForm):
    worries = long_text(
        label="What are you worried about?",
        required="Describe what you are worried about",
        hint="Keep to the facts. Say what is fact and what is your opinion, and mark what is history.",
    )
    impact = long_text(
        label="What is the impact on the child?",
        required="Describe the impact on the child",
        hint="A day in the child's life; their development; how their parents or carers meet their needs.",
    )
    work_done = long_text(label="What has been done so far to help?", required="Describe what has been done so far")
    work_done_effect = long_text(label="What difference did it make?", required="Describe what difference it made")
    history_since_csc = long_text(
        label="What has happened since children's social care were last involved?",
        hint="Only if they were involved before.",
    )
    strengths = long_text(
        label="What is going well? Strengths and protective factors",
        required="Describe the strengths and protective factors",
    )
    child_words = long_text(
        label="What does the child say? Their own words, wishes and feelings",
        required="Enter what the child says, or why you could not ask them",
    )
    parent_words = long_text(label="What do the parents or carers say?")
    prior_eha = radios(
        YesNo.choices,
        label="Has an Early Help Assessment (or CAF) been done with the family?",
        required="Select yes if an Early Help Assessment or CAF has been done",
    )
    police_involved = radios(
        YesNoUnknown.choices, label="Are the police involved?", required="Select whether the police are involved"
    )
    allegation_against_professional = radios(
        YesNo.choices,
        label="Is this about an allegation against someone who works with children?",
        required="Select yes if this is about someone who works or volunteers with children",
        hint="For example, a teacher, carer or volunteer. The Local Authority Designated Officer (LADO) must be told.",
    )
    allegation_known_on = GovDateField(
        what="the date you learned of the allegation",
        required=False,
        label="If so, when did you learn of the allegation?",
        help_text="The LADO must be told within one working day of this. For example, 27 11 2026",
    )

    def clean(self) -> dict:
        data = super().clean()
        known = data.get("allegation_known_on")
        if data.get("allegation_against_professional") == YesNo.YES and "allegation_known_on" not in self.errors:
            if not known:
                self.add_error("allegation_known_on", "Enter the date you learned of the allegation")
            elif known > timezone.localdate():
                self.add_error("allegation_known_on", "The date you learned of the allegation must be today or earlier")
        return data


class AttachmentForm(forms.Form):
    kind = radios(AttachmentKind.choices, label="What is the file?", required="Select what the file is")
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF or Word (.docx), 5MB at most",
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, action: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The button posts the whole worries page to the upload view, so typed answers are kept.
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field("file"),
            Button.secondary("upload", "Upload file", formaction=action, formnovalidate="formnovalidate"),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = attachment_clean(upload)
        return upload
