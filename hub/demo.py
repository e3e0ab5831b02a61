"""Demo organisations and one demo user per role, for `make run`.

Loading is idempotent: run it as often as you like and the same rows and
passwords come out. It refuses to run with DEBUG off, so demo accounts can
never appear in production.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import Agency, Area, Team, User
from .roles import Role, role_group

DEMO_PASSWORD = "support-hub-demo"  # noqa: S105 - printed by make run; demo data refuses DEBUG off

TEAMS = [
    ("lancashire", "CSSH Team A", Team.Kind.CSSH),
    ("lancashire", "CSSH Team B", Team.Kind.CSSH),
    ("lancashire", "MASH Central", Team.Kind.MASH),
    ("westmorland-and-furness", "Multi-Agency Children's Hub", Team.Kind.MASH),
    ("luton", "Luton MASH", Team.Kind.MASH),
]

AGENCIES = [
    ("Ribble Valley Primary School", Agency.Kind.SCHOOL, "lancashire"),
    ("Lancashire Constabulary", Agency.Kind.POLICE, "lancashire"),
    ("Lancashire County Council", Agency.Kind.LOCAL_AUTHORITY, "lancashire"),
    ("Kendal Health Visiting Team", Agency.Kind.HEALTH_VISITING, "westmorland-and-furness"),
    ("Bedfordshire Police", Agency.Kind.POLICE, "luton"),
    ("Luton Borough Council", Agency.Kind.LOCAL_AUTHORITY, "luton"),
    ("Marsh Farm Health Centre", Agency.Kind.GP, "luton"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    first_name: str
    last_name: str
    job_title: str
    area: str
    agency: str | None = None
    team: str | None = None


USERS = [
    DemoUser(
        "referrer",
        Role.REFERRER,
        "Rita",
        "Patel",
        "Designated safeguarding lead",
        "lancashire",
        agency="Ribble Valley Primary School",
    ),
    DemoUser(
        "hubworker",
        Role.HUB_WORKER,
        "Harry",
        "Osei",
        "Early Help Officer",
        "lancashire",
        agency="Lancashire County Council",
        team="CSSH Team A",
    ),
    DemoUser(
        "seniorsw",
        Role.SENIOR_SOCIAL_WORKER,
        "Sian",
        "Lee",
        "Senior social worker",
        "lancashire",
        agency="Lancashire County Council",
        team="MASH Central",
    ),
    DemoUser(
        "practicemanager",
        Role.PRACTICE_MANAGER,
        "Priya",
        "Shah",
        "Practice Manager",
        "lancashire",
        agency="Lancashire County Council",
        team="CSSH Team A",
    ),
    DemoUser(
        "teammanager",
        Role.TEAM_MANAGER,
        "Tom",
        "Walsh",
        "CSSH/MASH Team Manager",
        "lancashire",
        agency="Lancashire County Council",
        team="MASH Central",
    ),
    DemoUser(
        "partner",
        Role.PARTNER_OFFICER,
        "Paula",
        "Nowak",
        "MASH police officer",
        "lancashire",
        agency="Lancashire Constabulary",
        team="MASH Central",
    ),
    DemoUser(
        "admin", Role.ADMIN, "Ada", "Morgan", "Service administrator", "lancashire", agency="Lancashire County Council"
    ),
]


@transaction.atomic
def demo_data_load() -> list[tuple[DemoUser, str]]:
    """Create or refresh the demo rows; return each demo user with its password.

    The areas themselves, with their settings, are shipped reference data
    (thresholds/data/areas.yaml), loaded by migrate.
    """
    areas = {area.slug: area for area in Area.objects.all()}
    teams = {}
    for area_slug, name, kind in TEAMS:
        teams[name], _ = Team.objects.update_or_create(area=areas[area_slug], name=name, defaults={"kind": kind})
    agencies = {}
    for name, kind, area_slug in AGENCIES:
        agencies[name], _ = Agency.objects.update_or_create(name=name, kind=kind, defaults={"area": areas[area_slug]})

    loaded = []
    for demo in USERS:
        user, _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
                "job_title": demo.job_title,
                "phone": "01234 567890",
                "area": areas[demo.area],
                "agency": agencies.get(demo.agency) if demo.agency else None,
                "team": teams.get(demo.team) if demo.team else None,
                "is_staff": demo.role == Role.ADMIN,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([role_group(demo.role)])
        loaded.append((demo, DEMO_PASSWORD))
    return loaded
