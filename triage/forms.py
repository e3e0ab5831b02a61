"""Forms for the hub's actions. Each is a small GOV.UK form on the request page,
and its `arguments()` are the keyword arguments of the service it feeds."""

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.db import models

from consent.choices import LawfulBasis
from deadlines.calendar import LONDON
from hub.models import Agency
from hub.selectors import area_people_with
from lib.answers import YesNo
from lib.govuk_fields import GovDateField, Reveal, gov_field, long_text, long_text_field, radios, text
from returns.census import AssessmentFactor, ReferralSource
from thresholds.choices import StatutoryBasis
from workflow.machine import WORK_PERMISSION
from workflow.states import TRIAGE_CLOSING, EmergencyAction, StrategyOutcome

from .models import CaseNote, PartnerCheck
from .services.screening import ScreenAction
from .siblings import SiblingsMixin

LEVELS = [("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3"), ("4", "Level 4")]
# Census code 21, "no factors identified", may not go with any other factor (the CIN validator's check 8869).
NO_FACTORS = AssessmentFactor.NO_FACTORS_IDENTIFIED


def london_time(day: dt.date, hhmm: str = "09:00") -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


# Above this many characters the count shows only as the writer nears the limit (GOV.UK's threshold).
REASONS_ROWS = 8


class ActionForm(forms.Form):
    button = "Save"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.build_layout()

    def arguments(self) -> dict:
        """The service's keyword arguments; by default the answers as they are."""
        return dict(self.cleaned_data)

    def build_layout(self) -> None:
        """Lay out the form's fields; call again after adding fields."""
        self.helper = FormHelper()
        self.helper.form_tag = False
        items = [self.layout_field(name) for name in self.fields]
        self.helper.layout = Layout(*items, Button("save", self.button))

    def layout_field(self, name: str):
        """A text area is big enough to write reasons in, with a GOV.UK character count
        set from the field's own limit; every other field as the shared GOV.UK layout."""
        field = self.fields[name]
        if isinstance(field.widget, forms.RadioSelect):
            # Small radios throughout, so one form's questions look alike.
            return Field.radios(name, legend_size=Size.SMALL, small=True)
        if not isinstance(field.widget, forms.Textarea):
            return gov_field(self, name)
        return long_text_field(self, name, rows=REASONS_ROWS)

    def without_button(self) -> None:
        """The answers kept, with nothing to send: the action is no longer open (the request moved on)."""
        self.helper.layout = Layout(*[self.layout_field(name) for name in self.fields])


def for_referrer_field():
    """What the referrer reads with the outcome. Kept apart from the reasons, which stay internal."""
    return long_text(
        label="What to tell the referrer (optional)",
        max_length=2000,
        hint="They read this with the outcome, what happens next and who to contact. For example, why the "
        "threshold was not met and what support to try. Your reasons are not shown to them.",
    )


class ScreenForm(SiblingsMixin, ActionForm):
    button = "Record the screening decision"
    level = radios(LEVELS, label="Level of need decided", required="Select the level of need you decided")
    statutory_basis = radios(
        StatutoryBasis.choices,
        label="Statutory basis",
        required="Select the statutory basis",
        initial=StatutoryBasis.NONE,
    )
    action = radios(
        ScreenAction.choices,
        label="What happens next?",
        required="Select what happens next",
    )
    outcome = forms.ChoiceField(
        choices=[("", "Not closing"), *[(o.value, o.label) for o in TRIAGE_CLOSING]],
        required=False,
        label="If closing, how",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    reasons = long_text(label="Reasons", required="Give the reasons for your screening decision")
    for_referrer = for_referrer_field()

    def __init__(self, *args, children=(), levels=LEVELS, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the levels the area's framework has: Blackpool's has no level 3.
        self.fields["level"].choices = levels
        self.add_sibling_levels(children, levels)
        # A child's own level under the family's; the reasons last, once the decision is made.
        self.order_fields(["level", *self.sibling_levels, "statutory_basis", "action", "outcome", "reasons"])
        self.build_layout()

    def layout_field(self, name: str):
        item = super().layout_field(name)
        if name == "outcome":
            # How it closes is asked only of a close, under that answer.
            return Reveal(f"{self.add_prefix('action')}={ScreenAction.CLOSE}", item)
        return item

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == ScreenAction.CLOSE and not data.get("outcome"):
            self.add_error("outcome", "Select how you are closing the triage step")
        return data

    def arguments(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.sibling_levels}
        return {**data, "level": int(data["level"]), "child_levels": self.child_levels()}


class OversightForm(ActionForm):
    button = "Record your decision"
    agrees = radios(
        [(YesNo.YES, "I agree with sharing without consent"), (YesNo.NO, "I disagree")],
        label="Do you agree with the decision to share without parental consent?",
        required="Select whether you agree with sharing without consent",
    )
    reason = long_text(label="If you disagree, why", depends=True)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("agrees") == YesNo.NO and not data.get("reason"):
            self.add_error("reason", "Give the reason you disagree")
        return data

    def arguments(self) -> dict:
        return {"agrees": self.cleaned_data["agrees"] == YesNo.YES, "reason": self.cleaned_data["reason"]}


class AskForm(ActionForm):
    button = "Send the question"
    text = long_text(
        label="What do you need to know?",
        required="Enter your question for the referrer",
        hint="The referrer answers in the service. The decision clock keeps running.",
    )


class ReasonForm(ActionForm):
    button = "Save"
    reason = long_text(label="Reason", required="Give the reason")


class S47Form(ReasonForm):
    def arguments(self) -> dict:
        return {"reasons": self.cleaned_data["reason"]}


class StrategyForm(ActionForm):
    button = "Record the strategy discussion"
    held_on = GovDateField(what="the date of the strategy discussion", label="When was it held?")
    held_time = text(label="Time (24-hour, for example 14:30)", required="Enter the time it was held", max_length=5)
    attendees = long_text(
        label="Who took part",
        required="Record who took part",
        hint="For example, police, health, education and children's social care.",
    )
    outcome = radios(
        StrategyOutcome.choices,
        label="What did the strategy discussion decide?",
        required="Select what the strategy discussion decided",
    )
    reasons = long_text(label="What was agreed, and why", required="Record what was agreed, and why")
    emergency_action = forms.ChoiceField(
        choices=EmergencyAction.choices,
        required=False,
        label="Emergency action taken, if any",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def clean_held_time(self) -> str:
        value = self.cleaned_data["held_time"].strip()
        try:
            hour, minute = (int(part) for part in value.split(":"))
            dt.time(hour, minute)
        except ValueError:
            raise forms.ValidationError("Enter the time like 14:30") from None
        return value

    def arguments(self) -> dict:
        data = self.cleaned_data
        held_at = london_time(data["held_on"], data["held_time"])
        return {
            "held_at": held_at,
            "attendees": data["attendees"],
            "reasons": data["reasons"],
            "outcome": data["outcome"],
            "emergency_action": data["emergency_action"],
        }


class NoteForm(ActionForm):
    button = "Add note"
    kind = radios(
        CaseNote.Kind.choices, label="This note is", required="Select fact, opinion or history", initial="fact"
    )
    text = long_text(label="Note", required="Enter the note")


class AssignForm(ActionForm):
    button = "Assign"

    def __init__(self, *args, area, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"] = forms.ModelChoiceField(
            queryset=area_people_with(area, WORK_PERMISSION).order_by("first_name"),
            label="Assign to",
            widget=forms.Select(attrs={"class": "govuk-select"}),
            error_messages={"required": "Select who to assign it to"},
        )
        self.build_layout()

    def arguments(self) -> dict:
        return {"to": self.cleaned_data["worker"]}


class CheckForm(ActionForm):
    button = "Ask the partner agency"
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(
            kind__in=["police", "gp", "health_visiting", "hospital", "school", "probation", "housing", "youth_justice"]
        ),
        label="Partner agency",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Select the partner agency"},
    )
    rag = radios(PartnerCheck.Rag.choices, label="How urgent", required="Select how urgent the check is")
    question = long_text(label="What do you need to know?", required="Say what you are asking the partner agency")
    high_risk_reason = long_text(
        label="If consent has been withdrawn or not given: the high-risk reason for asking anyway",
        hint="Asking a partner shares the child's details. Without consent, record why it is justified.",
    )

    def __init__(self, *args, area=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if area is not None:
            # Only this area's partner agencies, and those that serve every area.
            self.fields["agency"].queryset = self.fields["agency"].queryset.filter(
                models.Q(area=area) | models.Q(area__isnull=True)
            )


class AnswerCheckForm(ActionForm):
    button = "Send your answer"
    share = radios(
        [(YesNo.YES, "Yes, share information"), (YesNo.NO, "No, do not share")],
        label="Will you share information?",
        required="Select whether you will share information",
    )
    response = long_text(label="The information you are sharing")
    reasons = long_text(label="Your reasons", required="Give your reasons, whether you share or not")
    # A partner may share on the family's consent, or on a basis that needs none.
    lawful_basis = radios(
        # The short labels: this form has no rationale box for "Other" to point at.
        [("consent", "Consent"), *[(basis.value, basis.label.split(" (")[0]) for basis in LawfulBasis]],
        label="Lawful basis",
        required="Select the lawful basis for your decision",
    )

    high_risk_reason = long_text(
        label="If consent was withdrawn or never given: the high-risk reason that justifies sharing",
        hint="Sharing without consent needs a reason: a risk of significant harm to the child or others.",
    )

    def arguments(self) -> dict:
        return {**self.cleaned_data, "share": self.cleaned_data["share"] == YesNo.YES}


class DisagreeForm(ActionForm):
    button = "Register your disagreement"
    evidence = long_text(
        label="What do you disagree with, and why?",
        required="Describe what you disagree with, and your evidence",
        hint="Say what you know that supports a different decision. The case continues while this is considered.",
    )


class ResolveForm(ActionForm):
    button = "Record the outcome"
    outcome = long_text(label="Outcome of the disagreement", required="Record the outcome")
    actions_changed = radios(
        YesNo.choices, label="Did the actions change?", required="Select whether the actions changed"
    )

    def arguments(self) -> dict:
        return {**self.cleaned_data, "actions_changed": self.cleaned_data["actions_changed"] == YesNo.YES}


class LadoForm(ActionForm):
    button = "Record that the LADO was told"
    note = long_text(label="Who you told, and when", required="Record who you told at the LADO's office, and when")


class ExplainForm(ActionForm):
    button = "Record the reason"
    deadline = forms.IntegerField(widget=forms.HiddenInput)
    reason = long_text(
        label="Why was it missed?", required="Say why the deadline was missed", hint="Timeliness reports use this."
    )


class WithdrawConsentForm(ActionForm):
    button = "Record the withdrawal"
    withdrawn_by = text(label="Who withdrew consent", required="Enter who withdrew consent", max_length=150)
    withdrawn_on = GovDateField(what="the date consent was withdrawn", label="When")
    reason = long_text(label="Reason given")


class ReferralSourceForm(ActionForm):
    button = "Correct the referral source"
    referral_source = forms.ChoiceField(
        choices=ReferralSource.choices,
        label="Referral source (census)",
        help_text="Worked out from the referrer's organisation and role. Correct it if that is wrong.",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
