"""The phone route: a hub worker records an urgent phoned referral and gives the
caller a reference; the written request must follow within 24 hours (rule 8)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from deadlines.models import Deadline
from hub.audit import audit_record
from hub.models import AuditEvent

from .choices import CallDecision
from .fields import GovDateField, gov_field, long_text, radios, text
from .models import PhoneReferral, RequestForSupport
from .services import phone_referral_link, phone_referral_record

worker_only = permission_required("hub.record_phone_referral", raise_exception=True)


class PhoneReferralForm(forms.Form):
    caller_name = text(label="Caller's name", required="Enter the caller's name", max_length=150)
    caller_role = text(label="Caller's role", max_length=150)
    caller_agency = text(label="Caller's organisation", required="Enter the caller's organisation")
    caller_phone = text(label="Caller's phone number", required="Enter a phone number for the caller", max_length=40)
    caller_email = forms.EmailField(
        label="Caller's email address",
        help_text="We send the reminder to follow up in writing here.",
        error_messages={
            "required": "Enter the caller's email address, so we can remind them to follow up in writing",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    child_name = text(label="Child's name", required="Enter the child's name")
    child_date_of_birth = GovDateField(
        what="the child's date of birth", required=False, label="Child's date of birth (optional)"
    )
    child_address = long_text(label="Child's address", max_length=500)
    worries = long_text(label="What the caller is worried about", required="Enter what the caller is worried about")
    immediate_risk = radios(
        [("yes", "Yes"), ("no", "No")],
        label="Is the child at immediate risk of harm?",
        required="Select yes if the child is at immediate risk of harm",
    )
    decision = radios(
        CallDecision.choices, label="What did you decide on the call?", required="Select what you decided on the call"
    )
    decision_notes = long_text(label="Notes on the decision", max_length=3000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        layout = [gov_field(self, name, textarea_rows=3) for name in self.fields]
        self.helper.layout = Layout(*layout, Button("continue", "Record the call"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == CallDecision.CONTACT and data.get("immediate_risk") != "yes":
            self.add_error(
                "decision", "A contact is made straight from a call only when the child is at immediate risk"
            )
        return data


@worker_only
def phone_referral_list(request: HttpRequest) -> HttpResponse:
    """Calls in the worker's area still waiting for the written request, oldest clock first."""
    calls = (
        PhoneReferral.objects.filter(area_id=request.user.area_id, linked_at__isnull=True)
        .prefetch_related("deadlines")
        .order_by("called_at")
    )
    now = timezone.now()
    rows = [
        (call, next((d for d in call.deadlines.all() if d.kind == Deadline.Kind.WRITTEN_FOLLOW_UP), None))
        for call in calls
    ]
    return render(request, "requests_app/phone_list.html", {"rows": rows, "now": now, "page_title": "Phoned referrals"})


@worker_only
def phone_referral_new(request: HttpRequest) -> HttpResponse:
    form = PhoneReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["immediate_risk"] = data["immediate_risk"] == "yes"
        phone = phone_referral_record(by=request.user, area=request.user.area, **data)
        return redirect("phone:detail", phone.reference)
    return render(request, "requests_app/phone_new.html", {"form": form, "page_title": "Record a phoned referral"})


def _phone_for(request: HttpRequest, reference: str) -> PhoneReferral:
    phone = get_object_or_404(PhoneReferral.objects.select_related("area", "recorded_by"), reference=reference)
    if not request.user.has_perm("hub.view_child_record") or phone.area_id != request.user.area_id:
        raise PermissionDenied("This call was recorded in another area.")
    return phone


@worker_only
def phone_referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    phone = _phone_for(request, reference)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=phone)
    clock = Deadline.objects.filter(phone_referral=phone, kind=Deadline.Kind.WRITTEN_FOLLOW_UP).first()
    return render(
        request,
        "requests_app/phone_detail.html",
        {
            "phone": phone,
            "clock": clock,
            "now": timezone.now(),
            "page_title": f"Phoned referral {phone.reference}",
            "written": RequestForSupport.objects.filter(phone_referral=phone).first(),
        },
    )


@worker_only
@require_POST
def phone_referral_match(request: HttpRequest, reference: str) -> HttpResponse:
    """Link a written request that did not quote the call's reference."""
    phone = _phone_for(request, reference)
    written = RequestForSupport.objects.filter(
        reference=request.POST.get("request_reference", "").strip().upper(), area=phone.area
    ).first()
    if written is None:
        messages.error(request, "Enter the reference of a written request in this area, like RFS-7K3M-9Q2P")
    elif phone.linked_at:
        messages.error(request, "This call is already linked to a written request")
    else:
        phone_referral_link(phone=phone, request=written, by=request.user)
        messages.success(request, f"Linked to {written.reference}. The 24-hour follow-up is met.")
    return redirect("phone:detail", phone.reference)
