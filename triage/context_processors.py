from django.http import HttpRequest

from .selectors import urgent_unclaimed_count


def urgent(request: HttpRequest) -> dict:
    """Hub staff see, on every page, how many immediate-risk requests nobody has claimed."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.has_perm("hub.work_queue")):
        return {}
    return {"urgent_unclaimed": urgent_unclaimed_count(user)}
