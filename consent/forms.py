from functools import cached_property

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import escape

from hub.area_policy import ConsentPolicy
from hub.models import Area
from lib.answers import YesNo, YesNoNotApplicable
from lib.form_copies import KeptChoices
from lib.govuk_fields import GovDateField, Reveal, long_text, long_text_field, radios, text

from .choices import ChildConsent, ConsentMethod, LawfulBasis, ParentalConsent
from .policy import accepted_grounds, child_consent_rule, policy_explanation
from .wording import CURRENT_KEY

# The follow-up questions, by the answer that calls for them.
BRANCHES = {
    "given": {"given_by_name", "given_by_relationship", "given_on", "method", "told_what_shared"},
    "without": {"how_sought_and_refused"},
    "override": {
        "override_grounds",
        "lawful_basis",
        "rationale",
        "family_told",
        "family_not_told_reason",
        "overseeing_manager",
    },
}


class ConsentForm(KeptChoices):
    """The consent section. All four questions must be answered (rule 1); the
    area's policy decides whether a request without consent may go ahead (rule 2)."""

    parent_knows = radios(
        YesNo.choices,
        label="1. Does the person with parental responsibility know about this request?",
        required="Select whether the person with parental responsibility knows",
    )
    third_party_knows = radios(
        YesNoNotApplicable.choices,
        label="2. If the request includes information about someone else, do they know?",
        required="Select whether the third party knows, or that it does not apply",
    )
    child_knows = radios(
        YesNoNotApplicable.choices,
        label="3. Does the child or young person know?",
        required="Select whether the child knows, or that it does not apply",
        hint="Select 'Does not apply' for a baby or a child too young to understand.",
    )
    manager_knows = radios(
        YesNo.choices,
        label="4. Does your line manager or safeguarding lead know?",
        required="Select whether your line manager or safeguarding lead knows",
    )
    parental_consent = radios(
        ParentalConsent.choices,
        label="Have the parents or carers consented to this request and to sharing their information?",
        required="Select whether the parents or carers have consented",
    )
    given_by_name = text(depends=True, label="Who gave consent?", max_length=150)
    given_by_relationship = text(depends=True, label="Their relationship to the child", max_length=100)
    given_on = GovDateField(
        what="the date consent was given",
        required=False,
        label="When did they give consent?",
        help_text="For example, 12 11 2026",
    )
    method = forms.ChoiceField(
        choices=ConsentMethod.choices, widget=forms.RadioSelect, required=False, label="How did they give consent?"
    )
    told_what_shared = long_text(
        depends=True, label="What did you tell them would be shared, with whom and why?", max_length=3000
    )
    significant_harm = forms.ChoiceField(
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        required=False,
        label="Is the child suffering, or at risk of, significant harm?",
    )
    override_grounds = forms.MultipleChoiceField(
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Why are you sharing without consent?",
        help_text="Select all that apply.",
    )
    lawful_basis = forms.ChoiceField(
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        required=False,
        label="What lawful basis do you rely on to share?",
    )
    rationale = long_text(depends=True, label="Your rationale for sharing without consent", max_length=5000)
    how_sought_and_refused = long_text(
        depends=True,
        label="If they refused, how did you ask and how did they refuse? If you did not ask, why not?",
        max_length=3000,
    )
    family_told = forms.ChoiceField(
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        required=False,
        label="Have you told the family you are making this request?",
    )
    family_not_told_reason = long_text(
        depends=True,
        label="Why have you not told the family?",
        max_length=3000,
        hint="For example, telling them would increase the risk or prejudice a police enquiry.",
    )
    overseeing_manager = text(
        depends=True,
        label="Which manager oversaw the decision to share without consent?",
        max_length=150,
        hint="Their name and role.",
    )
    child_consent = forms.ChoiceField(
        choices=ChildConsent.choices,
        widget=forms.RadioSelect,
        required=False,
        label="Does the child or young person consent?",
    )
    child_view = long_text(label="What is the child's view of this request?", max_length=3000)
    wording_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, area: Area, child_ages: list[int | None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.area = area
        self.policy_text = policy_explanation(area)
        self.child_rule = child_consent_rule(area, child_ages)
        self.own_field("override_grounds").choices = accepted_grounds(area)
        self.own_field("wording_key").initial = CURRENT_KEY
        if not self.child_rule.applies:
            del self.fields["child_consent"]
            del self.fields["child_view"]

    @cached_property
    def helper(self) -> FormHelper:
        # Built when the page is drawn: a submission validates the answers and draws nothing.
        area = self.area
        helper = FormHelper()
        helper.form_tag = False
        child_part = []
        if self.child_rule.applies:
            child_part = [
                Fieldset(
                    HTML(
                        f'<p class="govuk-body">In {escape(area.name)} the child\'s own consent is asked for: '
                        f"{escape(self.child_rule.text)}.</p>"
                    ),
                    Field.radios("child_consent", legend_size=Size.SMALL, small=True),
                    long_text_field(self, "child_view", rows=4),
                    legend="The child's own consent",
                    legend_size=Size.MEDIUM,
                )
            ]
        override = Reveal(
            "significant_harm=yes",
            Field.checkboxes("override_grounds", legend_size=Size.SMALL, small=True),
            Field.radios("lawful_basis", legend_size=Size.SMALL, small=True),
            long_text_field(self, "rationale", rows=6),
            Field.radios("family_told", legend_size=Size.SMALL, small=True, inline=True),
            Reveal("family_told=no", long_text_field(self, "family_not_told_reason", rows=4)),
            Field.text("overseeing_manager", label_size=Size.SMALL),
            framed=False,
        )
        helper.layout = Layout(
            Fieldset(
                Field.radios("parent_knows", legend_size=Size.SMALL, small=True, inline=True),
                Field.radios("third_party_knows", legend_size=Size.SMALL, small=True, inline=True),
                Field.radios("child_knows", legend_size=Size.SMALL, small=True, inline=True),
                Field.radios("manager_knows", legend_size=Size.SMALL, small=True, inline=True),
                legend="Who knows about this request",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("parental_consent", legend_size=Size.MEDIUM),
            # The follow-up questions show under the answer they follow (GOV.UK conditional
            # reveals). Without script every question shows, and the server asks only the
            # ones the answers call for.
            Reveal(
                "parental_consent=given",
                Field.text("given_by_name", label_size=Size.SMALL),
                Field.text("given_by_relationship", label_size=Size.SMALL),
                Field("given_on"),
                Field.radios("method", legend_size=Size.SMALL, small=True),
                long_text_field(self, "told_what_shared", rows=4),
            ),
            Reveal("parental_consent=refused,not_sought", long_text_field(self, "how_sought_and_refused", rows=4)),
            # Asked whatever the answer on consent: with consent it warns the hub; without it,
            # it is what allows sharing (rules 3 and 4).
            Field.radios("significant_harm", legend_size=Size.SMALL, small=True, inline=True),
            Reveal(
                "parental_consent=refused,not_sought",
                HTML(f'<div class="govuk-inset-text" id="consent-policy">{escape(self.policy_text)}</div>'),
                override,
            ),
            *child_part,
            Field("wording_key"),
            Button("continue", "Continue"),
        )
        return helper

    def relevant_fields(self) -> set[str]:
        """The questions the answers given call for; the others are neither asked nor kept."""
        consent = self.data.get("parental_consent")
        harm = self.data.get("significant_harm")
        asked = set(self.fields) - BRANCHES["given"] - BRANCHES["without"] - BRANCHES["override"]
        if consent == ParentalConsent.GIVEN:
            asked |= BRANCHES["given"]
            if not harm:
                asked.discard("significant_harm")  # optional with consent, and not answered
        elif consent in (ParentalConsent.REFUSED, ParentalConsent.NOT_SOUGHT):
            asked |= BRANCHES["without"] | (BRANCHES["override"] if harm == YesNo.YES else set())
            if harm != YesNo.YES or self.data.get("family_told") != YesNo.NO:
                asked.discard("family_not_told_reason")
        return asked

    def clean(self) -> dict:
        data = super().clean()
        # An answer left behind on a branch no longer taken (consent given after first
        # recording a refusal, say) is dropped, so the record says only what is true now.
        for name in set(self.fields) - self.relevant_fields():
            if name in data:
                data[name] = [] if name == "override_grounds" else ("" if name != "given_on" else None)
        consent = data.get("parental_consent")
        if consent == ParentalConsent.GIVEN:
            self._require(data, "given_by_name", "Enter the name of the person who gave consent")
            self._require(data, "given_by_relationship", "Enter their relationship to the child")
            self._require(data, "method", "Select how they gave consent")
            self._require(data, "told_what_shared", "Describe what you told them would be shared, with whom and why")
            if "given_on" not in self.errors:
                if not data.get("given_on"):
                    self.add_error("given_on", "Enter the date consent was given")
                elif data["given_on"] > timezone.localdate():
                    self.add_error("given_on", "The date consent was given must be today or in the past")
        elif consent in (ParentalConsent.REFUSED, ParentalConsent.NOT_SOUGHT):
            if consent == ParentalConsent.REFUSED:
                self._require(
                    data, "how_sought_and_refused", "Describe how you asked for consent and how it was refused"
                )
            else:
                # Luton asks referrers to say why consent was not sought (003); a good record everywhere.
                self._require(data, "how_sought_and_refused", "Say why you have not asked the parents for consent")
            harm = data.get("significant_harm")
            must_override = self.area.consent_policy == ConsentPolicy.REFUSE_WITHOUT_OVERRIDE
            if not harm:
                self.add_error(
                    "significant_harm", "Select yes if the child is suffering, or at risk of, significant harm"
                )
            elif harm == YesNo.NO and must_override:
                self.add_error(
                    "significant_harm",
                    f"In {self.area.name}, a request without parental consent can only be made if the child is "
                    "suffering, or at risk of, significant harm. Ask the parents for consent, or talk to the hub "
                    "without giving the family's details.",
                )
            if harm == YesNo.YES:
                if not data.get("override_grounds"):
                    self.add_error("override_grounds", "Select why you are sharing without consent")
                self._require(data, "lawful_basis", "Select the lawful basis you rely on to share without consent")
                self._require(data, "rationale", "Enter your rationale for sharing without consent")
                self._require(
                    data, "overseeing_manager", "Enter the manager who oversaw the decision to share without consent"
                )
                self._require(data, "family_told", "Select whether you have told the family")
                if data.get("family_told") == YesNo.NO:
                    self._require(data, "family_not_told_reason", "Enter why you have not told the family")
        if self.child_rule.applies and not data.get("child_consent"):
            self.add_error("child_consent", "Select whether the child or young person consents")
        return data

    def _require(self, data: dict, name: str, message: str) -> None:
        if not data.get(name) and name not in self.errors:
            self.add_error(name, message)
