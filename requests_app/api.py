"""The API for partner agency systems. It runs the same validation and consent
rules as the form: a JSON payload is turned into the form's sections and
checked by the same Django forms (requests_app/sections.py)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.audit import audit_record
from hub.models import AuditEvent

from .models import RequestForSupport
from .services import SubmissionInvalid, request_create_via_api

YES_NO_UNKNOWN = ["yes", "no", "unknown"]
YES_NO = ["yes", "no"]
YES_NO_NA = ["yes", "no", "not_applicable"]


class ReferrerIn(serializers.Serializer):
    name = serializers.CharField(help_text="The referrer's full name. A professional request is never anonymous.")
    job_title = serializers.CharField()
    agency = serializers.CharField(help_text="The referrer's organisation.")
    phone = serializers.CharField()
    email = serializers.EmailField()
    lead_name = serializers.CharField(help_text="Their safeguarding lead or line manager.")
    lead_contact = serializers.CharField(required=False, allow_blank=True, default="")
    phone_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The reference given on an earlier phone call, e.g. PHN-7K3M-9Q2P.",
    )


class ChildIn(serializers.Serializer):
    first_name = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Empty for an unborn baby."
    )
    last_name = serializers.CharField()
    unborn = serializers.BooleanField(default=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    expected_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Expected date of birth, for an unborn baby."
    )
    sex = serializers.ChoiceField(choices=["F", "M", "U"])
    ethnicity = serializers.CharField(help_text="A CIN census ethnicity code, e.g. WBRI; NOBT if not yet obtained.")
    disability = serializers.ChoiceField(choices=YES_NO_UNKNOWN)
    disability_details = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField()
    postcode = serializers.CharField(required=False, allow_blank=True, default="")
    school = serializers.CharField(required=False, allow_blank=True, default="")
    nhs_number = serializers.CharField(required=False, allow_blank=True, default="")
    young_carer = serializers.ChoiceField(choices=YES_NO_UNKNOWN)
    privately_fostered = serializers.ChoiceField(choices=YES_NO_UNKNOWN)
    open_to_csc = serializers.ChoiceField(choices=["no", "here", "elsewhere", "unknown"])
    allocated_worker = serializers.CharField(required=False, allow_blank=True, default="")


class PersonIn(serializers.Serializer):
    name = serializers.CharField()
    relationship = serializers.CharField()
    parental_responsibility = serializers.ChoiceField(choices=YES_NO_UNKNOWN)
    lives_with_child = serializers.ChoiceField(choices=["lives_with", "visits", "elsewhere"])
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class WorriesIn(serializers.Serializer):
    worries = serializers.CharField()
    impact = serializers.CharField()
    work_done = serializers.CharField()
    work_done_effect = serializers.CharField()
    history_since_csc = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField()
    child_words = serializers.CharField()
    parent_words = serializers.CharField(required=False, allow_blank=True, default="")
    prior_eha = serializers.BooleanField(help_text="An Early Help Assessment or CAF was done before.")
    police_involved = serializers.ChoiceField(choices=YES_NO_UNKNOWN)
    allegation_against_professional = serializers.BooleanField(default=False)


class ConsentIn(serializers.Serializer):
    parent_knows = serializers.ChoiceField(choices=YES_NO)
    third_party_knows = serializers.ChoiceField(choices=YES_NO_NA)
    child_knows = serializers.ChoiceField(choices=YES_NO_NA)
    manager_knows = serializers.ChoiceField(choices=YES_NO)
    parental_consent = serializers.ChoiceField(choices=["given", "refused", "not_sought"])
    given_by_name = serializers.CharField(required=False, allow_blank=True, default="")
    given_by_relationship = serializers.CharField(required=False, allow_blank=True, default="")
    given_on = serializers.DateField(required=False, allow_null=True, default=None)
    method = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="signed, in_person, phone or email"
    )
    told_what_shared = serializers.CharField(required=False, allow_blank=True, default="")
    significant_harm = serializers.BooleanField(required=False, allow_null=True, default=None)
    override_grounds = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    lawful_basis = serializers.CharField(required=False, allow_blank=True, default="")
    rationale = serializers.CharField(required=False, allow_blank=True, default="")
    how_sought_and_refused = serializers.CharField(required=False, allow_blank=True, default="")
    family_told = serializers.BooleanField(required=False, allow_null=True, default=None)
    family_not_told_reason = serializers.CharField(required=False, allow_blank=True, default="")
    overseeing_manager = serializers.CharField(required=False, allow_blank=True, default="")
    child_consent = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="given, refused, not_competent or not_asked"
    )
    child_view = serializers.CharField(required=False, allow_blank=True, default="")


class RequestIn(serializers.Serializer):
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


class RequestOut(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    deadlines = DeadlineOut(many=True)
    outcome = serializers.CharField(allow_null=True, help_text="Shown only where the rules allow (rule 22).")


# Converting between the API's JSON and the form's sections ------------------------------


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _date(name: str, value: dt.date | None) -> dict:
    if value is None:
        return {f"{name}_0": [""], f"{name}_1": [""], f"{name}_2": [""]}
    return {f"{name}_0": [str(value.day)], f"{name}_1": [str(value.month)], f"{name}_2": [str(value.year)]}


def _lists(data: dict) -> dict:
    return {k: v if isinstance(v, list) else [str(v) if v is not None else ""] for k, v in data.items()}


def sections_from_payload(p: dict) -> dict:
    children = []
    for child in p["children"]:
        c = dict(child)
        c["unborn"] = _yes_no(c["unborn"])
        born, expected = c.pop("date_of_birth"), c.pop("expected_date")
        children.append({**_lists(c), **_date("date_of_birth", born), **_date("expected_date", expected)})
    worries = dict(p["worries"])
    worries["prior_eha"] = _yes_no(worries["prior_eha"])
    worries["allegation_against_professional"] = _yes_no(worries["allegation_against_professional"])
    consent = dict(p["consent"])
    given_on = consent.pop("given_on")
    consent["significant_harm"] = _yes_no(consent["significant_harm"])
    consent["family_told"] = _yes_no(consent["family_told"])
    indicators = {"indicators": [str(i) for i in p["indicators"]]}
    indicators.update({f"fact_{k}": [str(v).lower() if isinstance(v, bool) else str(v)] for k, v in p["facts"].items()})
    return {
        "start": {"immediate_risk": [_yes_no(p["immediate_risk"])]},
        "about_you": _lists(p["referrer"]),
        "children": children,
        "household": [_lists(person) for person in p["household"]],
        "worries": _lists(worries),
        "area": {"area": [p["area"]]},
        "indicators": indicators,
        "level": {"level": [str(p["level"])]},
        "consent": {**_lists(consent), **_date("given_on", given_on)},
    }


SECTION_NAMES = {"about_you": "referrer", "start": "", "area": "", "level": "", "indicators": ""}


def api_field(key: str) -> str:
    """Turn a form error key (consent.given_on_0, indicators.fact_x) into the API's field name."""
    section, _, name = key.partition(".")
    base = section.split("[")[0]
    for suffix in ("_0", "_1", "_2"):
        if name.endswith(suffix) and name[: -len(suffix)] in {"date_of_birth", "expected_date", "given_on"}:
            name = name[: -len(suffix)]
    if base == "indicators":
        return f"facts.{name[5:]}" if name.startswith("fact_") else "indicators"
    if base in ("start", "area", "level"):
        return {"start": "immediate_risk", "area": "area", "level": "level"}[base]
    if base == "about_you":
        section = section.replace("about_you", "referrer")
    return f"{section}.{name}" if name else section


def _flatten(errors, prefix: str = "") -> list[dict]:
    out = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            out += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(errors, list) and errors and not isinstance(errors[0], str):
        for n, value in enumerate(errors):
            if value:
                out += _flatten(value, f"{prefix}[{n}]")
    else:
        out += [{"field": prefix or "non_field_errors", "message": str(m)} for m in errors]
    return out


def request_out(made: RequestForSupport, *, viewer) -> dict:
    return {
        "reference": made.reference,
        "status": made.status,
        "received_at": made.received_at,
        "deadlines": [{"kind": d.kind, "due_at": d.due_at, "state": d.state} for d in made.deadlines.all()],
        # The outcome goes back only where the rules allow (rule 22): the feedback the referrer was sent.
        "outcome": made.feedback_text or None,
    }


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


class RequestCreateView(APIView):
    @extend_schema(
        request=RequestIn,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Retries with the same key return the same request, not a new one.",
            )
        ],
        responses={
            201: RequestOut,
            200: RequestOut,
            400: OpenApiResponse(
                ErrorsOut, description=("Every problem, one entry per field, in the same shape whatever failed.")
            ),
        },
        examples=[OpenApiExample("A request with parental consent", value=EXAMPLE, request_only=True)],
        summary="Send a request for support",
    )
    def post(self, request: Request) -> Response:
        if not request.user.has_perm("hub.submit_request"):
            raise PermissionDenied("This account may not send requests for support.")
        key = (request.headers.get("Idempotency-Key") or "").strip()[:100] or None
        shape = RequestIn(data=request.data)
        if not shape.is_valid():
            return Response({"errors": _flatten(shape.errors)}, status=status.HTTP_400_BAD_REQUEST)
        try:
            made, created = request_create_via_api(
                data=sections_from_payload(shape.validated_data), by=request.user, idempotency_key=key
            )
        except SubmissionInvalid as invalid:
            errors = [{"field": api_field(k), "message": m} for k, msgs in invalid.errors.items() for m in msgs]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        response = Response(
            request_out(made, viewer=request.user), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response


class RequestDetailView(APIView):
    @extend_schema(
        responses={200: RequestOut, 404: OpenApiResponse(description="No such request you may see")},
        summary="A request's status, deadlines and outcome",
    )
    def get(self, request: Request, reference: str) -> Response:
        made = get_object_or_404(RequestForSupport.objects.select_related("consent"), reference=reference)
        own = made.referrer_id == request.user.pk
        staff = request.user.has_perm("hub.view_child_record") and made.area_id == request.user.area_id
        if not (own or staff):
            # The same answer as a reference that does not exist: no probing.
            from django.http import Http404

            raise Http404
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=made, via="api")
        return Response(request_out(made, viewer=request.user))
