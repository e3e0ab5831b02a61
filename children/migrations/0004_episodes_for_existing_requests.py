# Existing data: every person gets an LA child ID, and every child in a request
# the hub has looked at gets an episode carrying what the request recorded.

from django.db import migrations

from children.episodes_backfill import episodes_backfill, la_child_ids_fill


def forwards(apps, schema_editor) -> None:
    la_child_ids_fill(apps.get_model("children", "Person"))
    episodes_backfill(
        request_model=apps.get_model("requests_app", "RequestForSupport"),
        episode_model=apps.get_model("children", "Episode"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0003_person_identifiers_and_episodes"),
        ("requests_app", "0006_statutory_basis_choices"),
        ("triage", "0003_decision_child_outcomes"),
        ("deadlines", "0004_no_draft_expiry_kind"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
