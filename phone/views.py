"""The staff phone route's pages: calls awaiting their written follow-up, record
a call, a call's page, and linking a written request that did not quote it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from deadlines.models import Deadline
from hub.audit import audit_listed, audit_record
from hub.models import AuditEvent
from requests_app.models import PhoneReferral, RequestForSupport
from requests_app.services import phone_referral_link

from .forms import PhoneReferralForm
from .selectors import phone_referral_for
from .services import phone_referral_record

worker_only = permission_required("hub.record_phone_referral", raise_exception=True)


@worker_only
def phone_referral_list(request: HttpRequest) -> HttpResponse:
    """Calls in the worker's area still waiting for the written request, oldest clock first."""
    calls = (
        PhoneReferral.objects.filter(area_id__in=request.user.area_ids, linked_at__isnull=True)
        .prefetch_related("deadlines")
        .order_by("called_at")
    )
    now = timezone.now()
    rows = [
        (call, next((d for d in call.deadlines.all() if d.kind == Deadline.Kind.WRITTEN_FOLLOW_UP), None))
        for call in calls
    ]
    audit_listed(actor=request.user, objects=[call for call, _ in rows], listed_in="phoned referrals")
    return render(request, "phone/list.html", {"rows": rows, "now": now, "page_title": "Phoned referrals"})


@worker_only
def phone_referral_new(request: HttpRequest) -> HttpResponse:
    form = PhoneReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = phone_referral_record(by=request.user, area=request.user.area, **form.arguments())
        return redirect(phone)
    return render(request, "phone/new.html", {"form": form, "page_title": "Record a phoned referral"})


@worker_only
def phone_referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    phone = phone_referral_for(user=request.user, reference=reference)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=phone)
    clock = Deadline.objects.filter(phone_referral=phone, kind=Deadline.Kind.WRITTEN_FOLLOW_UP).first()
    return render(
        request,
        "phone/detail.html",
        {
            "phone": phone,
            "clock": clock,
            "now": timezone.now(),
            "page_title": f"Phoned referral {phone.reference}",
            "written": getattr(phone, "written_request", None),
        },
    )


@worker_only
@require_POST
def phone_referral_match(request: HttpRequest, reference: str) -> HttpResponse:
    """Link a written request that did not quote the call's reference."""
    phone = phone_referral_for(user=request.user, reference=reference)
    written = RequestForSupport.objects.filter(
        reference=request.POST.get("request_reference", "").replace("\x00", "").strip().upper(), area=phone.area
    ).first()
    if written is None:
        messages.error(request, "Enter the reference of a written request in this area, like RFS-7K3M-9Q2P")
    elif phone.linked_at:
        messages.error(request, "This call is already linked to a written request")
    else:
        phone_referral_link(phone=phone, request=written, by=request.user)
        messages.success(request, f"Linked to {written.reference}. The 24-hour follow-up is met.")
    return redirect(phone)
