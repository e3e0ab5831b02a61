"""The rows a submission writes besides the request itself, and what it keeps of them: the
consent record, and the answers the reply would otherwise read back (requests_app.api.convert)."""

from django.utils import timezone

from consent.choices import ParentalConsent
from consent.models import ConsentRecord, ConsentWording
from consent.policy import child_consent_rule
from consent.wording import CURRENT_KEY, CURRENT_TEXT
from hub.models import Area
from lib.answers import YesNo
from lib.dates import age_on

from ..models import Child, RequestForSupport


def remember_written(*, children: list[Child], consent: ConsentRecord) -> None:
    """Keep on the new rows what reading them back would return: the caller's reply lists the
    children and their episodes, and asks whether consent was withdrawn (the clocks, kept once all
    are open, are the caller's: `known`). Nothing else can see these rows before this transaction
    commits, so the answers are known: the children as written, no episode yet (the hub makes one
    when it first looks), no withdrawal. Kept as Django's prefetching keeps them, so a new question
    (`children.get(...)`) still asks the database."""
    request = consent.request
    known(request, "children", children)
    episode = Child._meta.get_field("episode")
    for child in children:
        episode.set_cached_value(child, None)
    known(consent, "withdrawals", [])


def known(owner, related: str, rows: list) -> None:
    kept = getattr(owner, related).get_queryset()
    kept._result_cache, kept._prefetch_done = list(rows), True
    owner.__dict__.setdefault("_prefetched_objects_cache", {})[related] = kept


def ages(children: list[dict]) -> list[int | None]:
    today = timezone.localdate()
    return [age_on(child.get("date_of_birth"), today) for child in children]


def consent_record_build(*, request: RequestForSupport, area: Area, consent: dict, child_ages: list) -> ConsentRecord:
    """The request's consent record, not yet written (the submission writes its rows together)."""
    # The wording's id came with the area (sections.area_of); the first request of all writes it.
    wording_id = getattr(area, "consent_wording_id", None)
    if wording_id is None:
        wording_id = ConsentWording.objects.get_or_create(key=CURRENT_KEY, defaults={"text": CURRENT_TEXT})[0].pk
    override = consent["parental_consent"] != ParentalConsent.GIVEN and consent.get("significant_harm") == YesNo.YES
    rule = child_consent_rule(area, child_ages)
    return ConsentRecord(
        request=request,
        wording_id=wording_id,
        parent_knows=consent["parent_knows"],
        third_party_knows=consent["third_party_knows"],
        child_knows=consent["child_knows"],
        manager_knows=consent["manager_knows"],
        parental_consent=consent["parental_consent"],
        given_by_name=consent.get("given_by_name", ""),
        given_by_relationship=consent.get("given_by_relationship", ""),
        given_on=consent.get("given_on"),
        method=consent.get("method", ""),
        told_what_shared=consent.get("told_what_shared", ""),
        harm_asserted=consent.get("significant_harm") == YesNo.YES,
        significant_harm=override,
        override_grounds=consent.get("override_grounds", []) if override else [],
        lawful_basis=consent.get("lawful_basis", "") if override else "",
        rationale=consent.get("rationale", "") if override else "",
        how_sought_and_refused=consent.get("how_sought_and_refused", ""),
        family_told=consent.get("family_told", ""),
        family_not_told_reason=consent.get("family_not_told_reason", ""),
        overseeing_manager=consent.get("overseeing_manager", "") if override else "",
        # Sharing without consent is flagged for a hub manager on arrival (000, 001).
        needs_manager_oversight=override,
        child_consent=consent.get("child_consent", ""),
        child_view=consent.get("child_view", ""),
        child_consent_rule=rule.text if rule.applies else "",
    )
