from django.apps import AppConfig


class FamilyConfig(AppConfig):
    """The family copy: a plain-language copy of a request and its outcome that the referrer
    gives the family (issue 16, decision 0020). It reads the request and the hub's outcome, and
    writes to the hub's sharing log; only reporting sits above it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "family"
    verbose_name = "The family copy"
