"""The shapes of the partner API: what a partner system sends and gets back.
Answer sets come from the same enums as the form's (lib.answers, returns.census,
consent.choices), so the schema and the form never disagree."""

from rest_framework import serializers

from consent.choices import ChildConsent, ConsentMethod, ParentalConsent
from lib.answers import YesNo, YesNoNotApplicable, YesNoUnknown
from lib.serializer_copies import CopiedFieldsSerializer
from returns.characteristics import Ethnicity, Sex

from ..choices import LivesWithChild, OpenToCsc


class ReferrerIn(CopiedFieldsSerializer):
    name = serializers.CharField(help_text="The referrer's full name. A professional request is never anonymous.")
    job_title = serializers.CharField()
    agency = serializers.CharField(help_text="The referrer's organisation.")
    phone = serializers.CharField()
    email = serializers.EmailField(max_length=320)
    lead_name = serializers.CharField(help_text="Their safeguarding lead or line manager.")
    lead_contact = serializers.CharField(required=False, allow_blank=True, default="")
    phone_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The reference given on an earlier phone call, e.g. PHN-7K3M-9Q2P.",
    )


class ChildIn(CopiedFieldsSerializer):
    first_name = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Empty for an unborn baby."
    )
    last_name = serializers.CharField()
    unborn = serializers.BooleanField(default=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    expected_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Expected date of birth, for an unborn baby."
    )
    sex = serializers.ChoiceField(choices=Sex.choices)
    ethnicity = serializers.ChoiceField(
        choices=Ethnicity.choices,
        help_text="A CIN census ethnicity code, e.g. WBRI; NOBT if not yet obtained.",
        error_messages={"invalid_choice": "Enter a CIN census ethnicity code, like WBRI, or NOBT if not yet obtained"},
    )
    disability = serializers.ChoiceField(choices=YesNoUnknown.choices)
    disability_details = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField()
    postcode = serializers.CharField(required=False, allow_blank=True, default="")
    school = serializers.CharField(required=False, allow_blank=True, default="")
    nhs_number = serializers.CharField(required=False, allow_blank=True, default="")
    young_carer = serializers.ChoiceField(choices=YesNoUnknown.choices)
    privately_fostered = serializers.ChoiceField(choices=YesNoUnknown.choices)
    open_to_csc = serializers.ChoiceField(choices=OpenToCsc.choices)
    allocated_worker = serializers.CharField(required=False, allow_blank=True, default="")


class PersonIn(CopiedFieldsSerializer):
    name = serializers.CharField()
    relationship = serializers.CharField()
    parental_responsibility = serializers.ChoiceField(choices=YesNoUnknown.choices)
    lives_with_child = serializers.ChoiceField(choices=LivesWithChild.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class WorriesIn(CopiedFieldsSerializer):
    worries = serializers.CharField()
    impact = serializers.CharField()
    work_done = serializers.CharField()
    work_done_effect = serializers.CharField()
    history_since_csc = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField()
    child_words = serializers.CharField()
    parent_words = serializers.CharField(required=False, allow_blank=True, default="")
    prior_eha = serializers.BooleanField(help_text="An Early Help Assessment or CAF was done before.")
    police_involved = serializers.ChoiceField(choices=YesNoUnknown.choices)
    allegation_against_professional = serializers.BooleanField(default=False)
    allegation_known_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="When the referrer learned of the allegation."
    )


class ConsentIn(CopiedFieldsSerializer):
    parent_knows = serializers.ChoiceField(choices=YesNo.choices)
    third_party_knows = serializers.ChoiceField(choices=YesNoNotApplicable.choices)
    child_knows = serializers.ChoiceField(choices=YesNoNotApplicable.choices)
    manager_knows = serializers.ChoiceField(choices=YesNo.choices)
    parental_consent = serializers.ChoiceField(choices=ParentalConsent.choices)
    given_by_name = serializers.CharField(required=False, allow_blank=True, default="")
    given_by_relationship = serializers.CharField(required=False, allow_blank=True, default="")
    given_on = serializers.DateField(required=False, allow_null=True, default=None)
    method = serializers.ChoiceField(choices=ConsentMethod.choices, required=False, allow_blank=True, default="")
    told_what_shared = serializers.CharField(required=False, allow_blank=True, default="")
    significant_harm = serializers.BooleanField(required=False, allow_null=True, default=None)
    override_grounds = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    lawful_basis = serializers.CharField(required=False, allow_blank=True, default="")
    rationale = serializers.CharField(required=False, allow_blank=True, default="")
    how_sought_and_refused = serializers.CharField(required=False, allow_blank=True, default="")
    family_told = serializers.BooleanField(required=False, allow_null=True, default=None)
    family_not_told_reason = serializers.CharField(required=False, allow_blank=True, default="")
    overseeing_manager = serializers.CharField(required=False, allow_blank=True, default="")
    child_consent = serializers.ChoiceField(choices=ChildConsent.choices, required=False, allow_blank=True, default="")
    child_view = serializers.CharField(required=False, allow_blank=True, default="")


class RequestIn(CopiedFieldsSerializer):
    immediate_risk = serializers.BooleanField()
    referrer = ReferrerIn()
    children = ChildIn(many=True)
    household = PersonIn(many=True)
    worries = WorriesIn()
    area = serializers.CharField(help_text="Area slug, e.g. lancashire or luton.")
    indicators = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of indicators from GET /api/v1/frameworks/{area}/.",
    )
    facts = serializers.DictField(
        required=False, default=dict, help_text="Countable facts, e.g. missing_episodes_90_days."
    )
    level = serializers.IntegerField(
        min_value=1, max_value=4, help_text="The level of need the referrer believes applies."
    )
    consent = ConsentIn()


class FieldError(serializers.Serializer):
    field = serializers.CharField(help_text="Where the problem is, e.g. children[0].date_of_birth or consent.rationale")
    message = serializers.CharField()


class ErrorsOut(serializers.Serializer):
    errors = FieldError(many=True)


class DeadlineOut(serializers.Serializer):
    kind = serializers.CharField()
    due_at = serializers.DateTimeField()
    state = serializers.CharField()


class ChildOut(serializers.Serializer):
    """One child of the request, by their place in it: no names or dates go back."""

    position = serializers.IntegerField(help_text="1 for the first child named in the request, and so on.")
    front_door = serializers.ChoiceField(
        choices=["not_started", "in_play", "finished"],
        help_text="Whether the hub is still working on this child, or has given them an outcome.",
    )
    episode = serializers.ChoiceField(
        choices=["open", "closed"],
        allow_null=True,
        help_text="The child's episode of need: a plan or family help keeps it open after the front door finishes. "
        "For the referrer, shown only with parental consent (rule 22).",
    )
    outcome = serializers.CharField(
        allow_null=True,
        help_text="This child's outcome; siblings may differ. For the referrer, shown only where rule 22 allows.",
    )


class RequestOut(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField(help_text="The request's stage: closed once every child has an outcome.")
    received_at = serializers.DateTimeField()
    deadlines = DeadlineOut(many=True)
    outcome = serializers.CharField(allow_null=True, help_text="Shown only where the rules allow (rule 22).")
    children = ChildOut(many=True)


# What a partner system sends: the schema's example and the tests' starting point.
EXAMPLE = {
    "immediate_risk": False,
    "referrer": {
        "name": "Rita Patel",
        "job_title": "Designated safeguarding lead",
        "agency": "Ribble Valley Primary School",
        "phone": "01234 567890",
        "email": "rita@example.org",
        "lead_name": "Sam Head, headteacher",
    },
    "children": [
        {
            "first_name": "Ava",
            "last_name": "Smith",
            "unborn": False,
            "date_of_birth": "2017-03-27",
            "sex": "F",
            "ethnicity": "WBRI",
            "disability": "no",
            "address": "1 Mill Lane, Clitheroe",
            "postcode": "BB7 1AA",
            "young_carer": "no",
            "privately_fostered": "no",
            "open_to_csc": "no",
        }
    ],
    "household": [
        {
            "name": "Kim Smith",
            "relationship": "Mother",
            "parental_responsibility": "yes",
            "lives_with_child": "lives_with",
        }
    ],
    "worries": {
        "worries": "Comes to school hungry most days.",
        "impact": "Tired and withdrawn.",
        "work_done": "Breakfast club.",
        "work_done_effect": "Short-lived improvement.",
        "strengths": "Mum engages with school.",
        "child_words": "'I am hungry in the mornings.'",
        "prior_eha": True,
        "police_involved": "no",
    },
    "area": "lancashire",
    "indicators": [],
    "facts": {"missing_episodes_90_days": 0},
    "level": 2,
    "consent": {
        "parent_knows": "yes",
        "third_party_knows": "not_applicable",
        "child_knows": "yes",
        "manager_knows": "yes",
        "parental_consent": "given",
        "given_by_name": "Kim Smith",
        "given_by_relationship": "Mother",
        "given_on": "2026-11-20",
        "method": "in_person",
        "told_what_shared": "The school's worries, shared with the hub.",
        "child_consent": "given",
    },
}
