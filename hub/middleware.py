"""Response headers that keep children's data out of shared caches and browsers' features,
and the address each audit row records."""

from django.utils.cache import patch_cache_control

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
