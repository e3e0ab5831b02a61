"""Read-only API for threshold frameworks, plus the advisory level suggestion."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.models import Area

from .models import FrameworkVersion
from .rules import FACTS, RuleError, facts_clean
from .selectors import framework_glance
from .suggestion import level_suggest


class LevelNameSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=4)
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())


class VersionSerializer(serializers.Serializer):
    key = serializers.CharField(source="framework.key")
    name = serializers.CharField(source="framework.name")
    version = serializers.IntegerField(source="number")
    effective_from = serializers.DateField()
    source_document = serializers.CharField()
    has_indicators = serializers.BooleanField()
    indicators_note = serializers.CharField()


class AreaFrameworkSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.slug", help_text="Area slug, e.g. lancashire")
    area_name = serializers.CharField(source="area.name")
    framework = VersionSerializer(source="version")
    levels = LevelNameSerializer(many=True)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    source_ref = serializers.CharField(help_text="Seed document and section the indicator comes from.")
    statutory_basis = serializers.CharField(help_text="s17 or s47 where the document ties it to one, else empty.")
    rule = serializers.JSONField(allow_null=True, help_text="A countable rule, e.g. {fact, gte}.")


class DomainSerializer(serializers.Serializer):
    name = serializers.CharField()
    indicators = IndicatorSerializer(many=True)


class LevelSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="level.number")
    name = serializers.CharField(source="level.name")
    aliases = serializers.ListField(child=serializers.CharField(), source="level.aliases")
    definition = serializers.CharField(source="level.definition")
    response = serializers.CharField(source="level.response")
    who_leads = serializers.CharField(source="level.who_leads")
    assessment = serializers.CharField(source="level.assessment")
    consent_rule = serializers.CharField(source="level.consent_rule")
    who_to_contact = serializers.CharField(source="level.who_to_contact")
    statutory_bases = serializers.ListField(child=serializers.CharField(), source="level.statutory_bases")
    source_ref = serializers.CharField(source="level.source_ref")
    domains = DomainSerializer(many=True)


class FactorSerializer(serializers.Serializer):
    kind = serializers.CharField()
    group = serializers.CharField()
    text = serializers.CharField()
    source_ref = serializers.CharField()


class AreaSettingsSerializer(serializers.Serializer):
    consent_policy = serializers.CharField()
    override_grounds = serializers.ListField(child=serializers.CharField())
    child_consent_from_age = serializers.IntegerField(allow_null=True)
    child_consent_test = serializers.CharField()
    conference_deadline_days = serializers.IntegerField()
    conference_deadline_unit = serializers.CharField()
    office_hours = serializers.JSONField()


class FrameworkDetailSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.slug")
    area_name = serializers.CharField(source="area.name")
    settings = AreaSettingsSerializer(source="area")
    framework = VersionSerializer(source="version")
    levels = LevelSerializer(many=True)
    factors = FactorSerializer(many=True)


class SuggestRequestSerializer(serializers.Serializer):
    indicators = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    facts = serializers.DictField(
        required=False, default=dict, help_text=f"Countable facts. Known facts: {', '.join(sorted(FACTS))}."
    )


class ReasonSerializer(serializers.Serializer):
    indicator_id = serializers.IntegerField(source="indicator.pk")
    text = serializers.CharField(source="indicator.text")
    level = serializers.IntegerField(source="indicator.level.number")
    source_ref = serializers.CharField(source="indicator.source_ref")
    why = serializers.CharField()


class SuggestionSerializer(serializers.Serializer):
    advisory = serializers.BooleanField(default=True, help_text="Always true: a person confirms the level.")
    level = LevelNameSerializer(allow_null=True)
    statutory_basis = serializers.CharField()
    reasons = ReasonSerializer(many=True)
    also_noted = ReasonSerializer(many=True)


NO_SUCH_AREA = OpenApiResponse(description="No such area, or no framework is published for it")


def _current(area: Area) -> FrameworkVersion:
    version = area.framework.current_version() if area.framework_id else None
    if version is None:
        raise NotFound("No framework is published for this area.")
    return version


class FrameworkListView(APIView):
    @extend_schema(responses=AreaFrameworkSerializer(many=True), summary="Areas with their current framework")
    def get(self, request: Request) -> Response:
        areas = list(Area.objects.filter(framework__isnull=False).select_related("framework").order_by("name"))
        in_force = (
            FrameworkVersion.objects.in_force().select_related("framework").order_by("-effective_from", "-number")
        )
        current: dict[int, FrameworkVersion] = {}
        for version in in_force.prefetch_related("levels"):
            current.setdefault(version.framework_id, version)
        rows = [
            {"area": area, "version": current[area.framework_id], "levels": current[area.framework_id].levels.all()}
            for area in areas
            if area.framework_id in current
        ]
        return Response(AreaFrameworkSerializer(rows, many=True).data)


class FrameworkDetailView(APIView):
    @extend_schema(
        responses={200: FrameworkDetailSerializer, 404: NO_SUCH_AREA},
        summary="An area's levels, domains and indicators",
    )
    def get(self, request: Request, area_slug: str) -> Response:
        area = get_object_or_404(Area.objects.select_related("framework"), slug=area_slug)
        version = _current(area)
        row = {
            "area": area,
            "version": version,
            "levels": framework_glance(version=version),
            "factors": version.factors.order_by("kind", "position"),
        }
        return Response(FrameworkDetailSerializer(row).data)


class SuggestView(APIView):
    @extend_schema(
        request=SuggestRequestSerializer,
        responses={
            200: SuggestionSerializer,
            400: OpenApiResponse(
                description='An indicator or fact the framework does not know: {"errors": [{"field", "message"}]}'
            ),
            404: NO_SUCH_AREA,
        },
        summary="Suggest a level (advice only)",
        examples=[
            OpenApiExample("Four missing episodes", value={"indicators": [], "facts": {"missing_episodes_90_days": 4}})
        ],
    )
    def post(self, request: Request, area_slug: str) -> Response:
        area = get_object_or_404(Area.objects.select_related("framework"), slug=area_slug)
        version = _current(area)
        payload = SuggestRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            facts = facts_clean(payload.validated_data["facts"])
        except RuleError as error:
            raise serializers.ValidationError({"facts": [str(error)]}) from None
        suggestion = level_suggest(version=version, indicator_ids=payload.validated_data["indicators"], facts=facts)
        return Response(SuggestionSerializer(suggestion).data)
