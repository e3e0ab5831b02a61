from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import SignInForm
from .roles import Role
from .services import health_audit, health_broker, health_database, health_scheduler
from .sign_in.middleware import session_stamp

HOME_TEMPLATES = {
    Role.REFERRER: "hub/home_referrer.html",
    Role.HUB_WORKER: "hub/home_hub_worker.html",
    Role.SENIOR_SOCIAL_WORKER: "hub/home_manager.html",
    Role.PRACTICE_MANAGER: "hub/home_manager.html",
    Role.TEAM_MANAGER: "hub/home_manager.html",
    Role.PARTNER_OFFICER: "hub/home_partner.html",
    Role.ADMIN: "hub/home_admin.html",
}


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        session_stamp(self.request)
        return response


sign_in = login_not_required(SignInView.as_view())
sign_out = auth_views.LogoutView.as_view()


def home(request: HttpRequest) -> HttpResponse:
    role = request.user.role
    template = HOME_TEMPLATES.get(role, "hub/home_no_role.html")
    return render(request, template, {"role": role, "page_title": "Home"})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {
        "database": health_database(),
        "broker": health_broker(),
        "scheduler": health_scheduler(),
        "audit": health_audit(),
    }
    healthy = all(part.ok for part in parts.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: {"ok": part.ok, "detail": part.detail} for name, part in parts.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Called by the sign-out warning's "Stay signed in": touching the session
    restarts its 30 minutes (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse(status=204)
