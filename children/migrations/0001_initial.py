# Person and MatchDecision move here from the triage app. The tables and their
# rows already exist, so this migration only tells Django's state where the
# models now live; 0002 then gives the tables this app's names.

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("hub", "0005_area_referral_acceptor_roles"),
        ("requests_app", "0004_queue_closed_index"),
        ("triage", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("first_name", models.CharField(max_length=100)),
                        ("last_name", models.CharField(max_length=100)),
                        ("date_of_birth", models.DateField(blank=True, null=True)),
                        ("nhs_number", models.CharField(blank=True, max_length=10)),
                        (
                            "open_case",
                            models.BooleanField(default=False, help_text="Open to children's social care now."),
                        ),
                        ("allocated_worker", models.CharField(blank=True, max_length=200)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="people_known", to="hub.area"
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["last_name", "first_name"],
                        "db_table": "triage_person",
                        "indexes": [
                            models.Index(
                                condition=models.Q(("nhs_number", ""), _negated=True),
                                fields=["nhs_number"],
                                name="person_nhs",
                            ),
                            models.Index(fields=["date_of_birth"], name="person_dob"),
                            models.Index(
                                django.db.models.functions.text.Lower("last_name"), name="person_last_name_lower"
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="MatchDecision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("linked", models.BooleanField()),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        (
                            "by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "child",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="match_decisions",
                                to="requests_app.child",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="children.person"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "triage_matchdecision",
                        "constraints": [
                            models.UniqueConstraint(fields=("child", "person"), name="match_decision_once")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
