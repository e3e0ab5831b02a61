"""The decision forms: a proposed decision and the conference's. Siblings may go
different ways, so each child still in play can be given an outcome of their own,
and an outcome that hands a child on names the team that takes them."""

from django import forms

from lib.answers import YesNo
from lib.govuk_fields import GovDateField, long_text, radios
from returns.census import AssessmentFactor, CategoryOfAbuse, ClosureReason, PrimaryNeed
from thresholds.choices import StatutoryBasis
from workflow.states import APPROVED_TO, DECISION_OUTCOMES, HANDOVER_OUTCOMES, DecisionKind, Outcome

from .forms import LEVELS, NO_FACTORS, ActionForm, for_referrer_field, london_time
from .siblings import SiblingsMixin

CONFERENCE_OUTCOMES = [Outcome.CP_PLAN, Outcome.NO_CP_PLAN]


class ProposeForm(SiblingsMixin, ActionForm):
    button = "Propose for approval"

    def __init__(self, *args, kind: str, children=(), area=None, levels=LEVELS, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["outcome"] = radios(
            [(o.value, o.label) for o in DECISION_OUTCOMES[kind]], label="Decision", required="Select the decision"
        )
        self.fields["reasons"] = long_text(label="Reasons", required="Give the reasons for the decision")
        self.fields["for_referrer"] = for_referrer_field()
        if kind == DecisionKind.CONTACT:
            self.fields["level"] = radios(levels, label="Level of need", required="Select the level of need")
            self.fields["statutory_basis"] = radios(
                StatutoryBasis.choices, label="Statutory basis", required="Select the statutory basis"
            )
            self.fields["primary_need"] = forms.ChoiceField(
                choices=[("", "Only for a referral"), *PrimaryNeed.choices],
                required=False,
                label="Primary need (census)",
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
        if kind == DecisionKind.ASSESSMENT:
            self.fields["child_seen"] = radios(
                YesNo.choices,
                label="Was the child seen (alone, where appropriate)?",
                required="Select whether the child was seen",
            )
            self.fields["assessment_factors"] = forms.MultipleChoiceField(
                choices=AssessmentFactor.choices,
                widget=forms.CheckboxSelectMultiple,
                label="Factors identified (census)",
                error_messages={"required": "Select the factors identified, or 'No factors identified'"},
            )
            self.fields["primary_need"] = forms.ChoiceField(
                choices=PrimaryNeed.choices,
                label="Primary need (census)",
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
        if kind == DecisionKind.S47:
            # The enquiry's outcome completes the assessment it was made through (the census's factors);
            # not required, as a child assessed before the enquiry keeps that assessment's answers.
            self.fields["child_seen"] = radios(
                YesNo.choices, label="Was the child seen (alone, where appropriate)?", required=""
            )
            self.fields["assessment_factors"] = forms.MultipleChoiceField(
                choices=AssessmentFactor.choices,
                widget=forms.CheckboxSelectMultiple,
                label="Factors identified (census), if the assessment began with the enquiry",
            )
            self.fields["child_seen"].required = self.fields["assessment_factors"].required = False
            self.fields["icpc_date"] = GovDateField(
                what="the planned conference date",
                required=False,
                label="Planned conference date, if further statutory intervention",
            )
        self.fields["closure_reason"] = forms.ChoiceField(
            choices=[("", "Not closing"), *ClosureReason.choices],
            required=False,
            label="Closure reason (census), if this closes the case",
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        self.add_sibling_fields(children, DECISION_OUTCOMES[kind], area)
        if Outcome.FAMILY_HELP_SERVICE in DECISION_OUTCOMES[kind]:
            self.add_step_down_fields()
        if kind == DecisionKind.CONTACT:
            self.add_sibling_levels(children, levels)
        # Each child's own answer under the family's; the reasons last, once the decision is made.
        self.order_fields(
            [
                "outcome",
                *self.sibling_names,
                "level",
                *getattr(self, "sibling_levels", {}),
                *[name for name in self.fields if name != "reasons"],
                "reasons",
            ]
        )
        self.build_layout()

    def clean(self) -> dict:
        data = super().clean()
        self.require_handover_team(data)
        if "lead_professional" in self.fields:
            self.require_step_down(data, Outcome.FAMILY_HELP_SERVICE)
        factors = data.get("assessment_factors") or []
        if NO_FACTORS in factors and len(factors) > 1:
            self.add_error("assessment_factors", "'No factors identified' cannot go with other factors")
        outcomes = {data.get("outcome"), *self.child_outcomes().values()}
        if Outcome.REFERRAL in outcomes and not data.get("primary_need"):
            self.add_error("primary_need", "Select the primary need for a referral")
        # By an assessment or enquiry the children are referrals: a census episode that closes needs its reason.
        closing = outcomes - set(HANDOVER_OUTCOMES) - set(APPROVED_TO) - {None}
        if self.kind != DecisionKind.CONTACT and closing and not data.get("closure_reason"):
            self.add_error("closure_reason", "Select the closure reason (census) for the child whose case closes")
        return data

    def arguments(self) -> dict:
        """The decision, with the census fields it carries packed as its details."""
        data = self.cleaned_data
        details = {k: data.get(k) for k in ("primary_need", "assessment_factors", "closure_reason") if data.get(k)}
        if data.get("child_seen"):
            details["child_seen"] = data["child_seen"] == YesNo.YES
        if data.get("icpc_date"):
            details["icpc_date"] = data["icpc_date"].isoformat()
        return {
            "outcome": data["outcome"],
            "reasons": data["reasons"],
            "for_referrer": data.get("for_referrer", ""),
            "level": int(data["level"]) if data.get("level") else None,
            "statutory_basis": data.get("statutory_basis", ""),
            "details": {
                **self.step_down(),
                **details,
                **self.handover(),
                **({"child_levels": levels} if (levels := self.child_levels()) else {}),
            },
            "child_outcomes": self.child_outcomes(),
        }


class IcpcForm(SiblingsMixin, ActionForm):
    button = "Record the conference"
    held_on = GovDateField(what="the date of the conference", label="When was the conference held?")
    outcome = radios(
        [(o.value, o.label) for o in CONFERENCE_OUTCOMES],
        label="What did the conference decide?",
        required="Select what the conference decided",
    )
    category = forms.ChoiceField(
        choices=[("", "No plan"), *CategoryOfAbuse.choices],
        required=False,
        label="Category of abuse, for a child protection plan",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    closure_reason = forms.ChoiceField(
        choices=[("", "Not closing"), *ClosureReason.choices],
        required=False,
        label="Closure reason (census), for a child with no plan",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    reasons = long_text(label="Notes")

    def __init__(self, *args, children=(), area=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_sibling_fields(children, CONFERENCE_OUTCOMES, area)
        # Each child's own outcome under the family's; the notes last.
        others = [name for name in self.fields if name != "reasons"]
        self.order_fields(["held_on", "outcome", *self.sibling_names, *others, "reasons"])
        self.build_layout()

    def clean(self) -> dict:
        data = super().clean()
        self.require_handover_team(data)
        outcomes = {data.get("outcome"), *self.child_outcomes().values()}
        if Outcome.CP_PLAN in outcomes and not data.get("category"):
            self.add_error("category", "Select the category of abuse for the child protection plan")
        if Outcome.NO_CP_PLAN in outcomes and not data.get("closure_reason"):
            self.add_error("closure_reason", "Select the closure reason (census) for the child with no plan")
        return data

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "held_at": london_time(data["held_on"]),
            "outcome": data["outcome"],
            "reasons": data["reasons"],
            "category": data["category"],
            "closure_reason": data["closure_reason"],
            "child_outcomes": self.child_outcomes(),
            **self.handover_people(),
        }


class ApproveForm(ActionForm):
    button = "Approve the decision"
    rationale = long_text(label="Your rationale", required="Give your rationale for approving the decision")
    checks_override_reason = long_text(
        label="Partner checks are still waiting: why can the decision go ahead without them?",
        hint="The waiting checks close with this reason, and their clocks stop.",
    )

    def __init__(self, *args, checks_waiting: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not checks_waiting:
            # Asked only when a check is waiting: otherwise the question has no answer.
            del self.fields["checks_override_reason"]
            self.build_layout()

    def arguments(self) -> dict:
        return {"checks_override_reason": "", **self.cleaned_data}


class ReturnForm(ActionForm):
    button = "Return for changes"
    what_needs_to_change = long_text(label="What needs to change", required="Say what needs to change")
