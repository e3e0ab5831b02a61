"""Coaching through the API: a partner system sends the body it would send to create a request
and gets back the same findings the check-answers page shows. Nothing is stored, and nothing about
any child is read from the database, so there is nothing to audit."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..coaching import Check, answers_from_sections, coaching_review
from ..coaching.links import finding_out
from ..sections import area_of
from .convert import flatten_errors, sections_from_payload
from .serializers import EXAMPLE, ErrorsOut, RequestIn


class FindingOut(serializers.Serializer):
    check = serializers.ChoiceField(choices=Check.choices, help_text="Which check found it.")
    title = serializers.CharField(help_text="The check's name, e.g. Strengths missing or generic.")
    section = serializers.CharField(help_text="The form's section: worries, level or consent.")
    section_title = serializers.CharField()
    field = serializers.CharField(help_text="The field in this API's body, e.g. worries.strengths or consent.method.")
    question = serializers.CharField(help_text="The question as the online form asks it.")
    anchor = serializers.CharField(help_text="The id of the question's input on the online form's section page.")
    quote = serializers.CharField(
        allow_blank=True, help_text="The words concerned, as sent; empty for a missing answer."
    )
    why = serializers.CharField(help_text="Why it matters, in the words of the hub's guidance (004).")
    advice = serializers.CharField(allow_blank=True)
    alternative = serializers.CharField(allow_blank=True, help_text="For judgemental wording: a plainer phrase.")
    phrase = serializers.CharField(allow_blank=True, help_text="For judgemental wording: the phrase as written.")


class ReviewOut(serializers.Serializer):
    findings = FindingOut(many=True)


NO_AREA = [{"field": "area", "message": "Enter the slug of an area with levels of need, like lancashire"}]


class RequestReviewView(APIView):
    @extend_schema(
        request=RequestIn,
        responses={
            200: ReviewOut,
            400: OpenApiResponse(ErrorsOut, description="The body is not a request: every problem, one per field."),
            401: OpenApiResponse(description="No valid token: missing, expired or revoked"),
            403: OpenApiResponse(description="This account may not send requests for support"),
        },
        examples=[OpenApiExample("The request a partner is about to send", value=EXAMPLE, request_only=True)],
        summary="Coach a request before sending it",
        description="Advice on what makes a request helpful (004): strengths, the child's and parents' own "
        "words, fact beside opinion, plain wording, the effect of work done, the level against the indicators, "
        "history the hub holds, consent detail. Advice only: nothing is stored and sending is never refused for it.",
    )
    def post(self, request: Request) -> Response:
        if not request.user.has_perm("hub.submit_request"):
            raise PermissionDenied("This account may not send requests for support.")
        shape = RequestIn(data=request.data)
        if not shape.is_valid():
            return Response({"errors": flatten_errors(shape.errors)}, status=status.HTTP_400_BAD_REQUEST)
        data = sections_from_payload(shape.validated_data)
        if area_of(data) is None:
            return Response({"errors": NO_AREA}, status=status.HTTP_400_BAD_REQUEST)
        findings = coaching_review(answers_from_sections(data))
        return Response({"findings": [finding_out(finding) for finding in findings]})
