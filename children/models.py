"""People: each child known to the service, across all the requests that name them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Person(models.Model):
    """A child known to the service across requests, for matching and re-referral."""

    area = models.ForeignKey("hub.Area", on_delete=models.PROTECT, related_name="people_known")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    open_case = models.BooleanField(default=False, help_text="Open to children's social care now.")
    allocated_worker = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["nhs_number"], name="person_nhs", condition=~Q(nhs_number="")),
            models.Index(fields=["date_of_birth"], name="person_dob"),
            models.Index(Lower("last_name"), name="person_last_name_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MatchDecision(models.Model):
    """A worker's answer to a suggested match: this child is, or is not, that person."""

    child = models.ForeignKey("requests_app.Child", on_delete=models.CASCADE, related_name="match_decisions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    linked = models.BooleanField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "person"], name="match_decision_once")]

    def __str__(self) -> str:
        return f"{'Linked' if self.linked else 'Rejected'} {self.person_id}"
