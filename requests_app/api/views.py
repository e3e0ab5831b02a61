"""The API for partner agency systems. It runs the same validation and consent
rules as the form: a JSON payload is turned into the form's sections and
checked by the same Django forms (requests_app/sections.py)."""

import hashlib
import json

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.access import get_or_refuse, may_read_area_records
from hub.audit import audit_record
from hub.models import AuditEvent

from ..choices import Via
from ..models import IDEMPOTENCY_KEY_MAX, RequestForSupport
from ..services import IdempotencyConflict, SubmissionInvalid, request_create_via_api
from .convert import api_field, flatten_errors, request_out, sections_from_payload
from .serializers import EXAMPLE, ErrorsOut, RequestIn, RequestOut


def body_fingerprint(data) -> str:
    """The same body, however its keys are ordered, has the same fingerprint."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


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
            401: OpenApiResponse(description="No valid token: missing, expired or revoked"),
            403: OpenApiResponse(description="This account may not send requests for support"),
            422: OpenApiResponse(ErrorsOut, description="The Idempotency-Key was used before with a different body"),
        },
        examples=[OpenApiExample("A request with parental consent", value=EXAMPLE, request_only=True)],
        summary="Send a request for support",
    )
    def post(self, request: Request) -> Response:
        if not request.user.has_perm("hub.submit_request"):
            raise PermissionDenied("This account may not send requests for support.")
        key = (request.headers.get("Idempotency-Key") or "").strip() or None
        if key and (len(key) > IDEMPOTENCY_KEY_MAX or "\x00" in key):
            message = f"An Idempotency-Key must be {IDEMPOTENCY_KEY_MAX} characters or fewer, with no NUL"
            return Response({"errors": [{"field": "Idempotency-Key", "message": message}]}, status=400)
        shape = RequestIn(data=request.data)
        if not shape.is_valid():
            return Response({"errors": flatten_errors(shape.errors)}, status=status.HTTP_400_BAD_REQUEST)
        try:
            sent, created = request_create_via_api(
                data=sections_from_payload(shape.validated_data),
                by=request.user,
                idempotency_key=key,
                fingerprint=body_fingerprint(request.data),
            )
        except IdempotencyConflict as conflict:
            return Response({"errors": [{"field": "Idempotency-Key", "message": str(conflict)}]}, status=422)
        except SubmissionInvalid as invalid:
            errors = [{"field": api_field(k), "message": m} for k, msgs in invalid.errors.items() for m in msgs]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        response = Response(request_out(sent), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response


class RequestDetailView(APIView):
    @extend_schema(
        responses={
            200: RequestOut,
            401: OpenApiResponse(description="No valid token: missing, expired or revoked"),
            404: OpenApiResponse(description="No such request you may see"),
        },
        summary="A request's status, deadlines and outcome",
    )
    def get(self, request: Request, reference: str) -> Response:
        sent = get_or_refuse(
            RequestForSupport.objects.select_related("consent"),
            lambda sent: sent.referrer_id == request.user.pk or may_read_area_records(request.user, sent.area_id),
            reference=reference,
        )
        staff = may_read_area_records(request.user, sent.area_id)
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=sent, via=Via.API)
        return Response(request_out(sent, staff=staff))
