from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Figures and statutory returns read from the record: the manager's dashboard, the Ofsted
    Annex A lists and the DfE Children in Need census. It reads every app below it and no app
    reads it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = "Reporting and statutory returns"
