"""Response headers that keep children's data out of shared caches and browsers' features,
and the address each audit row records."""

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views import defaults

from .audit import audit_address

# Nothing this service serves needs a camera, a microphone or a location; saying so means an
# injected script cannot ask for them either.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PrivateResponseMiddleware:
    """Every page and download the application itself renders is marked `no-store`.

    Child pages, queues and downloads are rendered per person; a shared computer's back button,
    a proxy or the browser's disk cache must not keep a copy. Static files never reach this
    middleware (WhiteNoise answers them earlier), so they stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class AuditAddressMiddleware:
    """Audit rows written while answering a request record the address it came from.

    REMOTE_ADDR is the peer that connected; behind the production proxy that is the proxy
    unless gunicorn is told to trust its forwarded header (docs/security.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_address(request.META.get("REMOTE_ADDR") or None):
            return self.get_response(request)


class GovukErrorPagesMiddleware:
    """With DEBUG on (`make run`), Django answers a missing page with its list of every
    URL and a crash with a traceback, to anyone, signed in or not. Show the GOV.UK
    pages instead; the traceback still goes to the console. Only in development
    settings: production never renders Django's debug pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if not html or getattr(response, "govuk_error_page", False):
            return response
        if response.status_code == 404:
            page = defaults.page_not_found(request, Http404())
        elif response.status_code == 500:
            page = defaults.server_error(request)
        else:
            return response
        page.govuk_error_page = True
        return page
