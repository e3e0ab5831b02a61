"""Services for threshold frameworks: drafting and publishing versions."""

from django.db import transaction
from django.utils import timezone

from .models import Factor, FrameworkVersion, Indicator


def _copy_rows(rows, draft: FrameworkVersion) -> dict:
    """Save a copy of each row under the draft; map old primary keys to the copies."""
    copies = {}
    for row in rows:
        old_pk = row.pk
        row.pk, row.version = None, draft
        row.save()
        copies[old_pk] = row
    return copies


@transaction.atomic
def framework_version_draft(*, version: FrameworkVersion, by=None, change_note: str = "") -> FrameworkVersion:
    """Copy a version, with all its levels, domains, indicators and factors, into a new draft.

    Editing a framework means editing a draft like this and publishing it; the
    version a request was judged against is never changed.
    """
    number = (version.framework.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = FrameworkVersion.objects.create(
        framework=version.framework,
        number=number,
        source_document=version.source_document,
        source_title=version.source_title,
        source_publisher=version.source_publisher,
        source_cited_as=version.source_cited_as,
        effective_from=version.effective_from,
        effective_from_note=version.effective_from_note,
        has_indicators=version.has_indicators,
        indicators_note=version.indicators_note,
        notes=version.notes,
        change_note=change_note,
        based_on=version,
        created_by=by,
    )
    levels = _copy_rows(version.levels.all(), draft)
    domains = _copy_rows(version.domains.all(), draft)
    Indicator.objects.bulk_create(
        Indicator(
            version=draft,
            level=levels[i.level_id],
            domain=domains[i.domain_id],
            text=i.text,
            source_ref=i.source_ref,
            statutory_basis=i.statutory_basis,
            rule=i.rule,
            position=i.position,
        )
        for i in version.indicators.all()
    )
    Factor.objects.bulk_create(
        Factor(version=draft, kind=f.kind, group=f.group, text=f.text, source_ref=f.source_ref, position=f.position)
        for f in version.factors.all()
    )
    return draft


def framework_version_publish(*, version: FrameworkVersion, effective_from=None) -> FrameworkVersion:
    """Publish a draft. From its effective date it is the version new requests are judged against."""
    if version.is_published:
        raise ValueError("This version is already published.")
    version.published_at = timezone.now()
    version.effective_from = effective_from or max(version.effective_from, timezone.localdate())
    version.save(update_fields=["published_at", "effective_from"])
    return version
