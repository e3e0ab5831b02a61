"""Roles are Django groups; a role may do what its group's permissions allow.

This module is the one place that says which permissions each role's group
holds. `roles_sync()` runs after every migrate, so the groups in the database
always match it (docs/domain.md §5.1 for the actors).
"""

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    HUB_WORKER = "hub_worker", "Hub worker"
    SENIOR_SOCIAL_WORKER = "senior_social_worker", "Senior social worker"
    PRACTICE_MANAGER = "practice_manager", "Practice manager"
    TEAM_MANAGER = "team_manager", "Team manager"
    PARTNER_OFFICER = "partner_officer", "Partner agency officer"
    ADMIN = "admin", "Administrator"


# Capabilities are declared on hub.User's Meta.permissions; model permissions
# ("app.action_model") are Django's own.
REFERENCE_MODELS = ("area", "team", "agency", "user")
# Managers answer for who saw a child's record, for subject access requests, and for the
# statutory returns and inspection lists (Ofsted Annex A) drawn from the record, and they run
# the front door by its figures (the dashboard).
_MANAGER_OVERSIGHT = ["hub.view_access_log", "hub.export_subject_access", "hub.export_returns", "hub.view_dashboard"]
_STAFF_CORE = ["hub.work_queue", "hub.view_child_record"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.REFERRER: ["hub.submit_request"],
    Role.HUB_WORKER: [*_STAFF_CORE, "hub.record_phone_referral", "hub.request_partner_check"],
    Role.SENIOR_SOCIAL_WORKER: [
        *_STAFF_CORE,
        "hub.record_phone_referral",
        "hub.request_partner_check",
        "hub.approve_decision",
        "hub.accept_referral",
    ],
    Role.PRACTICE_MANAGER: [
        *_STAFF_CORE,
        "hub.record_phone_referral",
        "hub.request_partner_check",
        "hub.approve_decision",
        "hub.assign_work",
        *_MANAGER_OVERSIGHT,
    ],
    Role.TEAM_MANAGER: [
        *_STAFF_CORE,
        "hub.record_phone_referral",
        "hub.request_partner_check",
        "hub.approve_decision",
        "hub.assign_work",
        "hub.accept_referral",
        "hub.manage_escalations",
        *_MANAGER_OVERSIGHT,
    ],
    Role.PARTNER_OFFICER: ["hub.answer_partner_check"],
    # Administrators look after reference data (areas, teams, agencies, user
    # accounts, threshold frameworks, closure days). The list is an allow-list:
    # nothing that reads or acts on a child's record, and no delete of reference
    # data that requests point at (a delete page would list them).
    Role.ADMIN: [
        *(f"hub.{action}_{model}" for model in REFERENCE_MODELS for action in ("view", "add", "change")),
        *(f"hub.{action}_areamembership" for action in ("view", "add", "change", "delete")),
        "hub.view_heartbeat",
        *(
            f"thresholds.{action}_{model}"
            for model in ("framework", "frameworkversion", "level", "domain", "indicator", "factor")
            for action in ("view", "add", "change", "delete")
        ),
        *(f"deadlines.{action}_closureday" for action in ("view", "add", "change", "delete")),
    ],
}

# Which role's home page a person sees when they hold several: the most
# senior first.
ROLE_PRECEDENCE = [
    Role.ADMIN,
    Role.TEAM_MANAGER,
    Role.PRACTICE_MANAGER,
    Role.SENIOR_SOCIAL_WORKER,
    Role.HUB_WORKER,
    Role.PARTNER_OFFICER,
    Role.REFERRER,
]


def _permissions_for(role: str) -> list[Permission]:
    found = []
    for dotted in ROLE_PERMISSIONS[role]:
        app_label, codename = dotted.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


@transaction.atomic
def roles_sync() -> None:
    """Create or update one group per role with exactly its permissions."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        group.permissions.set(_permissions_for(role))


def role_group(role: Role) -> Group:
    return Group.objects.get(name=role.label)
