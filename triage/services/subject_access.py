"""Subject access: everything the service holds about one child, as a ZIP.

"Everything" is defined the same way the retention purge defines it: each
request the child appears in, with every row that would go if the request were
deleted (Django's own deletion collector walks the relations, so a table added
later is included without anyone remembering to list it), the draft and phoned
referral it came from, the child's cross-request record and their files. Only
requests in areas the manager covers are included. Siblings and adults appear
in the same requests: the summary says so, because they must be redacted
before anything is disclosed.
"""

import json
import re
import shutil
import tempfile
import zipfile

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.deletion import Collector
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from children.models import MatchDecision
from hub.audit import audit_record
from hub.models import AuditEvent, User
from requests_app.models import Attachment, Child, RequestForSupport

SKIPPED_FIELDS = {"password"}


def _held_with(request: RequestForSupport, person_id: int | None) -> list[models.Model]:
    collector = Collector(using="default")
    collector.collect([request])
    rows = [obj for instances in collector.data.values() for obj in instances]
    rows += [obj for queryset in collector.fast_deletes for obj in queryset]
    # A match decision names the candidate considered: only the subject's own record is theirs to see.
    rows = [obj for obj in rows if not isinstance(obj, MatchDecision) or obj.person_id == person_id]
    rows += [obj for obj in (request.draft, request.phone_referral) if obj is not None]
    return sorted(rows, key=lambda obj: (obj._meta.verbose_name_plural, obj.pk))


def _readable(obj: models.Model) -> list[tuple[str, str]]:
    """Each field as a person would read it: labels, choice labels, names."""
    pairs = []
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        if field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        elif field.is_relation:
            value = getattr(obj, field.name)
        else:
            value = getattr(obj, field.attname)
        if isinstance(value, dict | list):
            value = json.dumps(value, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False)
        pairs.append((str(field.verbose_name).capitalize(), "" if value in (None, "") else str(value)))
    return pairs


def _requests_about(child: Child, by: User) -> tuple[list[RequestForSupport], int]:
    """The requests the child appears in that this manager may read, and how many
    others there are in areas they do not cover (the summary says so)."""
    if child.person_id is None:
        return [child.request], 0
    about = RequestForSupport.objects.filter(children__person_id=child.person_id).distinct()
    readable = list(about.filter(area_id__in=by.area_ids).order_by("received_at"))
    return readable, about.count() - len(readable)


def _missing_note(missing: list[Attachment]) -> str:
    if not missing:
        return ""
    names = ", ".join(escape(attachment.original_name) for attachment in missing)
    return f"<p><strong>Files recorded but no longer in storage:</strong> {names}.</p>"


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-100:] or "file"


@transaction.atomic
def subject_access_export(*, child: Child, by: User) -> tempfile.SpooledTemporaryFile:
    """The ZIP a manager gives to whoever answers the subject access request, in a
    temporary file (attachments can be large). Each request exported is audited,
    so the access record shows the export."""
    requests, elsewhere = _requests_about(child, by)
    sections, everything = [], []
    for request in requests:
        rows = _held_with(request, child.person_id)
        everything += rows
        sections.append(
            {
                "request": request,
                "rows": [(obj._meta.verbose_name.capitalize(), _readable(obj)) for obj in rows],
            }
        )
    person = child.person
    if person is not None:
        everything.insert(0, person)
    summary = render_to_string(
        "triage/subject_access/summary.html",
        {
            "child": child,
            "person": person,
            "person_rows": _readable(person) if person else [],
            "sections": sections,
            "elsewhere": elsewhere,
            "by": by,
            "made_at": timezone.now(),
        },
    )
    archive_file = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115 - returned open
    with zipfile.ZipFile(archive_file, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records.json", serializers.serialize("json", everything, indent=1))
        missing = []
        for attachment in (obj for obj in everything if isinstance(obj, Attachment)):
            folder = attachment.request.reference if attachment.request_id else "draft"
            name = f"attachments/{folder}/{attachment.pk}-{_safe_name(attachment.original_name)}"
            try:
                with attachment.file.open("rb") as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target)
            except FileNotFoundError:
                missing.append(attachment)
        archive.writestr("summary.html", summary.replace("<!--missing-->", _missing_note(missing)))
    for request in requests:
        audit_record(
            actor=by,
            action=AuditEvent.Action.EXPORT,
            obj=request,
            detail={"subject_access": child.pk, "person": child.person_id},
        )
    archive_file.seek(0)
    return archive_file
