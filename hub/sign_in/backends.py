"""Who the signed-in person is and what they may do, read in two queries per request.

Django's ModelBackend reads the person, then their area, team, groups, own permissions, group
permissions and the areas they cover one query each, as pages ask. Every hub page asks for all of
them (the header, the navigation, the access policy), so here the person comes with their area and
team, and everything else comes in one UNION. Nothing read is kept between requests (only the
union's SQL, built once per process): a role or area changed by an administrator applies from the
person's next page.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value
from django.db.models.functions import Cast

from hub.models import AreaMembership, User
from hub.roles import ROLE_PRECEDENCE
from lib.compiled import CompiledRows

ROLE, PERMISSION, AREA = "role", "perm", "area"


def _kind(name: str) -> Value:
    return Value(name, output_field=CharField())


def _standing_rows(person_id: int):
    blank = _kind("")
    return (
        Group.objects.filter(user=person_id)
        .order_by()
        .values_list(_kind(ROLE), "name", blank)
        .union(
            Permission.objects.filter(group__user=person_id)
            .order_by()
            .values_list(_kind(PERMISSION), "content_type__app_label", "codename"),
            Permission.objects.filter(user=person_id)
            .order_by()
            .values_list(_kind(PERMISSION), "content_type__app_label", "codename"),
            AreaMembership.objects.filter(user=person_id)
            .order_by()
            .values_list(_kind(AREA), Cast("area_id", CharField()), blank),
            all=True,
        )
    )


# Compiled once per process, and planned once per connection: only the person's id changes between
# calls (lib/compiled.py). Every signed-in page asks it.
_STANDING = CompiledRows(_standing_rows, prepared=True)


def user_standing(user: User) -> None:
    """Read the person's roles, permissions and covered areas in one query, and keep them on
    the object for this request, where User.roles, User.area_ids and has_perm look first."""
    rows = _STANDING.rows(user.pk)
    roles, permissions, areas = set(), set(), {user.area_id} if user.area_id else set()
    for kind, first, second in rows:
        if kind == ROLE:
            roles.add(first)
        elif kind == PERMISSION:
            permissions.add(f"{first}.{second}")
        else:
            areas.add(int(first))
    user.__dict__["roles"] = [role for role in ROLE_PRECEDENCE if role.label in roles]
    user.__dict__["area_ids"] = frozenset(areas)
    if not user.is_superuser:  # a superuser holds every permission; ModelBackend lists them
        user._perm_cache = permissions


class HubBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        # A person signed in by an API token was not loaded by get_user: read their standing now,
        # in the same one query, rather than ModelBackend's two.
        unread = not hasattr(user_obj, "_perm_cache")
        if unread and user_obj.is_active and not user_obj.is_anonymous and not user_obj.is_superuser and obj is None:
            user_standing(user_obj)
        return super().get_all_permissions(user_obj, obj)

    def get_user(self, user_id):
        user = User._default_manager.select_related("area", "team").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user_standing(user)
        return user
