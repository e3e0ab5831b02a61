from django.conf import settings
from django.http import HttpRequest

from lib.addresses import page_address

from .navigation import navigation_for


def service(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "service_home_url": page_address("home"),
        "session_timeout": settings.SESSION_COOKIE_AGE,
        "navigation": navigation_for(user, request.path) if user and user.is_authenticated else [],
    }
