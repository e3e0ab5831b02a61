"""Submission: a draft or a partner system's payload becomes a request, with its
children, household, consent record, clocks and acknowledgement, all in one
transaction. The written follow-up of a phoned referral meets the call's clock."""

import datetime as dt
import logging

from celery import current_app
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from deadlines.calendar import LONDON
from deadlines.models import Deadline
from deadlines.services import deadline_build
from hub.audit import audit_event_build
from hub.models import Area, AuditEvent, User
from hub.selectors import area_managers
from lib.answers import YesNo
from lib.compiled import CompiledRows
from lib.db_errors import constraint_broken
from lib.new_rows import rows_insert, rows_number
from notifications.models import Notification
from notifications.services import (
    Outgoing,
    notification_build,
    notification_create,
    notifications_send_when_committed,
)
from returns.census import referral_source_for
from returns.characteristics import Sex
from thresholds.suggestion import level_suggest

from ..choices import Via
from ..models import (
    KEY_PER_REFERRER,
    Attachment,
    Child,
    HouseholdMember,
    PhoneReferral,
    RequestDraft,
    RequestForSupport,
    new_reference,
    unique_reference,
)
from ..sections import sections_validate
from . import submission_rows as rows
from .phone_link import phone_referral_link
from .urgent import urgent_notify

log = logging.getLogger(__name__)
REFERENCE_DRAWS = 10  # as unique_reference: 32^8 references, so a second draw is already rare


class SubmissionInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("The request is not complete")
        self.errors = errors


def request_submit(*, draft: RequestDraft, by: User) -> RequestForSupport:
    """Submit a draft. Only its owner may; atomic, and idempotent: a double click
    or a re-posted page returns the request the first submission made."""
    if draft.owner_id != by.pk:
        raise PermissionDenied("This is someone else's draft.")
    with transaction.atomic():
        draft = RequestDraft.objects.select_for_update().get(pk=draft.pk)
        existing = RequestForSupport.objects.filter(draft=draft).first()
        if existing:
            return existing
        validation = sections_validate(draft.data, by)
        if not validation.ok:
            raise SubmissionInvalid(validation.errors)
        request = _request_create(
            cleaned=validation.cleaned,
            referrer=by,
            via=Via.WEB,
            reference=unique_reference("RFS", RequestForSupport),
            draft=draft,
        )
        Attachment.objects.filter(draft=draft).update(request=request, draft=None)
        # The draft row stays so a second click finds the request; its copy of the answers goes.
        RequestDraft.objects.filter(pk=draft.pk).update(data={})
        return request


class IdempotencyConflict(Exception):
    """The same Idempotency-Key came with a different body: nothing is stored."""


def request_create_via_api(
    *, data: dict, by: User, idempotency_key: str | None, fingerprint: str = ""
) -> tuple[RequestForSupport, bool]:
    """Create a request from a partner system. The same key with the same body returns the same
    request; with a different body it is refused. Returns the request and whether this call made it.

    A key is looked up only when it may have been used: when the request is refused as invalid, and
    when writing it finds the key taken (a unique constraint). A new key, almost every call, costs
    no read of its own; a retry costs a validation and a write rolled back."""
    validation = sections_validate(data, by)
    if not validation.ok:
        # A retry of a request already made answers as that request does, whatever has changed since
        # (a framework's new version, say); a different body under a used key is refused as such.
        if idempotency_key and (existing := _sent_with_key(by, idempotency_key, fingerprint)):
            return existing, False
        raise SubmissionInvalid(validation.errors)
    for _ in range(REFERENCE_DRAWS):
        # A random reference, not first checked free (one statement less): the unique index checks
        # it, and in the rare case it is taken the whole request is written again under another.
        reference = new_reference("RFS")
        try:
            with transaction.atomic():
                return _request_create(
                    cleaned=validation.cleaned,
                    referrer=by,
                    via=Via.API,
                    reference=reference,
                    idempotency_key=idempotency_key,
                    idempotency_fingerprint=fingerprint,
                ), True
        except IntegrityError as error:
            # The key was taken: by the request this one retries, or by a retry that raced this one
            # and made it first. Either way the bodies must match.
            existing = _sent_with_key(by, idempotency_key, fingerprint) if idempotency_key else None
            if existing is not None:
                return existing, False
            if constraint_broken(error) == KEY_PER_REFERRER:
                continue  # the request that held the key was deleted since: this one takes it
            if not RequestForSupport.objects.filter(reference=reference).exists():
                raise
    raise RuntimeError("Could not find a free reference")


def _keyed(referrer_id: int, key: str):
    return RequestForSupport.objects.filter(referrer=referrer_id, idempotency_key=key).values_list(
        "pk", "idempotency_fingerprint"
    )


# Every call with a key asks, and almost always finds nothing: compiled once (lib/compiled.py).
_KEYED = CompiledRows(_keyed)


def _sent_with_key(by: User, key: str, fingerprint: str) -> RequestForSupport | None:
    """The request this partner already sent with this key, refused if its body was different."""
    found = _KEYED.rows(by.pk, key)
    if not found:
        return None
    [(pk, stored)] = found  # one request per partner and key (a unique constraint)
    if fingerprint and stored not in ("", fingerprint):
        raise IdempotencyConflict("This Idempotency-Key was used for a different request")
    return RequestForSupport.objects.get(pk=pk)


def _request_create(
    *,
    cleaned: dict,
    referrer: User,
    via: str,
    reference: str,
    draft: RequestDraft | None = None,
    idempotency_key: str | None = None,
    idempotency_fingerprint: str = "",
) -> RequestForSupport:
    area: Area = cleaned["area_obj"]
    version = cleaned["version"]
    about, worries, level, indicators = (
        cleaned["about_you"],
        cleaned["worries"],
        cleaned["level"],
        cleaned["indicators"],
    )
    consent = cleaned["consent"]
    now = timezone.now()
    indicator_ids = [int(pk) for pk in indicators.get("indicators", [])]
    suggestion = level_suggest(version=version, indicator_ids=indicator_ids, facts=indicators.get("facts", {}))
    request = RequestForSupport(
        reference=reference,
        area=area,
        framework_version=version,
        received_at=now,
        via=via,
        referrer=referrer,
        referrer_name=about["name"],
        referrer_role=about["job_title"],
        referrer_agency=about["agency"],
        referrer_phone=about["phone"],
        referrer_email=about["email"],
        lead_name=about["lead_name"],
        lead_contact=about.get("lead_contact", ""),
        cin_referral_source=referral_source_for(referrer.agency, role=about["job_title"]),
        immediate_risk=cleaned["start"]["immediate_risk"] == YesNo.YES,
        police_involved=worries["police_involved"],
        allegation_against_professional=worries["allegation_against_professional"] == YesNo.YES,
        allegation_known_on=worries.get("allegation_known_on"),
        worries=worries["worries"],
        impact=worries["impact"],
        work_done=worries["work_done"],
        work_done_effect=worries["work_done_effect"],
        history_since_csc=worries.get("history_since_csc", ""),
        strengths=worries["strengths"],
        child_words=worries["child_words"],
        parent_words=worries.get("parent_words", ""),
        prior_eha=worries["prior_eha"] == YesNo.YES,
        level_requested=int(level["level"]),
        facts=indicators.get("facts", {}),
        suggested_level=suggestion.level.number if suggestion.level else None,
        suggestion_reasons=[
            {"indicator": r.indicator.pk, "text": r.indicator.text, "why": r.why} for r in suggestion.reasons
        ],
        wording_accepted=list((draft.data.get("coaching") or {}).get("accepted", [])) if draft else [],
        draft=draft,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=idempotency_fingerprint,
    )
    # The form only accepts this version's indicators, so the links are written straight away.
    ticked = RequestForSupport.indicators.through
    links = [ticked(requestforsupport=request, indicator_id=pk) for pk in dict.fromkeys(indicator_ids)]
    children = [
        Child(
            request=request,
            position=n,
            first_name=child.get("first_name") or "Unborn baby",
            last_name=child["last_name"],
            unborn=child["unborn"] == YesNo.YES,
            date_of_birth=child.get("date_of_birth"),
            expected_date=child.get("expected_date"),
            # The census records an unborn child's sex as not known, whatever a scan suggested.
            sex=Sex.UNKNOWN if child["unborn"] == YesNo.YES else child["sex"],
            ethnicity=child["ethnicity"],
            disability=child["disability"],
            disability_details=child.get("disability_details", ""),
            address=child["address"],
            postcode=child.get("postcode", ""),
            school=child.get("school", ""),
            nhs_number=child.get("nhs_number", ""),
            young_carer=child["young_carer"],
            privately_fostered=child["privately_fostered"],
            open_to_csc=child["open_to_csc"],
            allocated_worker=child.get("allocated_worker", ""),
        )
        for n, child in enumerate(cleaned["children"])
    ]
    household = [
        HouseholdMember(
            request=request,
            position=n,
            name=person["name"],
            relationship=person["relationship"],
            parental_responsibility=person["parental_responsibility"],
            lives_with_child=person["lives_with_child"],
            notes=person.get("notes", ""),
        )
        for n, person in enumerate(cleaned["household"])
    ]
    consent_record = rows.consent_record_build(
        request=request, area=area, consent=consent, child_ages=rows.ages(cleaned["children"])
    )
    # Only a call to the same area's hub; anything else is left for a worker to match by hand.
    phone = (
        PhoneReferral.objects.filter(reference=about["phone_reference"], area=area, linked_at__isnull=True).first()
        if about.get("phone_reference")
        else None
    )
    # A contact made on the call has been waiting for its decision since the call (rule 7).
    from_call = phone is not None and phone.made_contact
    decision = deadline_build(
        kind=Deadline.Kind.CONTACT_DECISION,
        request=request,
        area=area,
        started_at=phone.called_at if from_call else now,
        start_event="Contact made on the call" if from_call else "Request received",
    )
    opened = [decision]
    if request.allegation_against_professional:
        # The LADO clock runs from when the allegation became known, not from when the form was sent (rule 20).
        known = request.allegation_known_on
        started = now if not known or known >= timezone.localdate(now) else datetime_at_start_of(known)
        lado = deadline_build(
            kind=Deadline.Kind.LADO_NOTIFICATION,
            request=request,
            area=area,
            started_at=started,
            start_event="Allegation against a professional became known",
        )
        opened.append(lado)
    if consent_record.needs_manager_oversight:
        oversight = deadline_build(
            kind=Deadline.Kind.OVERRIDE_OVERSIGHT,
            request=request,
            area=area,
            started_at=now,
            start_event="Shared without parental consent",
        )
        opened.append(oversight)
    decision_due = timezone.localtime(decision.due_at)
    acknowledgement = notification_build(
        Outgoing(
            recipient_id=referrer.pk,
            email=request.referrer_email,
            kind=Notification.Kind.ACKNOWLEDGEMENT,
            subject=f"Request for support {request.reference} received",
            body=(
                f"Thank you. We received your request for support {request.reference} on "
                f"{timezone.localtime(now):%d %B %Y at %H:%M}.\n\nThe hub will decide what happens next within one "
                f"working day, by {decision_due:%A %d %B %Y, %H:%M}. "
                "We will tell you the outcome.\n\nIf a child is at immediate risk of harm, call 999."
            ),
            link=request.get_referrer_url(),
            # Written once, with its request: nothing to deduplicate. (Keyed by the reference, it was
            # stopped by a purged request's acknowledgement once that reference came round again.)
            dedupe_key=None,
        )
    )
    # Two round trips for all the new rows (lib/new_rows.py): their ids, then the rows. The audit row
    # names the request by its id, so it is made once the request has one.
    rows_number([request, *children, consent_record, *opened, acknowledgement])
    audit = audit_event_build(actor=referrer, action=AuditEvent.Action.CREATE, obj=request, via=via)
    rows_insert([request, *links, *children, *household, consent_record, *opened, audit, acknowledgement])
    rows.remember_written(children=children, consent=consent_record)
    if phone:
        phone_referral_link(phone=phone, request=request)
    if consent_record.needs_manager_oversight:
        for manager in area_managers(area):
            notification_create(
                recipient=manager,
                kind=Notification.Kind.WORK,
                subject=f"{request.reference}: shared without parental consent, review the override",
                body="A referrer shared without parental consent, asserting significant harm.",
                link=request.get_absolute_url(),
                dedupe_key=f"oversight:{request.pk}:{manager.pk}",
            )
    if request.immediate_risk:
        urgent_notify(
            area=area, reference=request.reference, link=request.get_absolute_url(), about=f"request:{request.pk}"
        )
        # The hub makes it a contact at once. By the task's name: the hub's app sits above this one.
        transaction.on_commit(lambda: current_app.send_task("triage.urgent_begin"), robust=True)
    # After the alerts: with the broker slow, an immediate risk is not kept waiting by a thank-you.
    notifications_send_when_committed([acknowledgement])
    if phone is None:  # a linked call's clock moves to the request too (phone_referral_link)
        rows.known(request, "deadlines", sorted(opened, key=lambda d: (d.due_at, d.pk)))
    log.info("request %s received via %s", request.reference, via)
    return request


def datetime_at_start_of(day) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=LONDON)
