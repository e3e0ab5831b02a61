"""Factories and named personas. Tests read as sentences about people:
Rita the referrer, Harry the hub worker, Priya the practice manager..."""

import factory

from hub.models import Agency, Area, Team, User
from hub.roles import Role, role_group


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["slug"]

    name = "Lancashire"
    slug = "lancashire"
    mash_phone = "0300 123 6720"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["area", "name"]

    area = factory.SubFactory(AreaFactory)
    name = "CSSH Team A"
    kind = Team.Kind.CSSH


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name", "kind"]

    name = "Ribble Valley Primary School"
    kind = Agency.Kind.SCHOOL
    area = factory.SubFactory(AreaFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Pat"
    last_name = "Example"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    job_title = "Practitioner"
    area = factory.SubFactory(AreaFactory)
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs) -> None:
        if create and extracted:
            self.groups.add(role_group(extracted))


def persona(role: Role, **kwargs) -> User:
    """The named person for a role, as the demo data names them."""
    names = {
        Role.REFERRER: ("rita", "Rita", "Patel", "Designated safeguarding lead"),
        Role.HUB_WORKER: ("harry", "Harry", "Osei", "Early Help Officer"),
        Role.SENIOR_SOCIAL_WORKER: ("sian", "Sian", "Lee", "Senior social worker"),
        Role.PRACTICE_MANAGER: ("priya", "Priya", "Shah", "Practice Manager"),
        Role.TEAM_MANAGER: ("tom", "Tom", "Walsh", "Team Manager"),
        Role.PARTNER_OFFICER: ("paula", "Paula", "Nowak", "MASH police officer"),
        Role.ADMIN: ("ada", "Ada", "Morgan", "Service administrator"),
    }
    username, first, last, title = names[role]
    defaults = {"username": username, "first_name": first, "last_name": last, "job_title": title, "role": role}
    if role == Role.REFERRER:
        defaults["agency"] = AgencyFactory()
    elif role == Role.PARTNER_OFFICER:
        defaults["agency"] = AgencyFactory(name="Lancashire Constabulary", kind=Agency.Kind.POLICE)
    else:
        defaults["team"] = TeamFactory()
    if role == Role.ADMIN:
        defaults["is_staff"] = True
    defaults.update(kwargs)
    return UserFactory(**defaults)
