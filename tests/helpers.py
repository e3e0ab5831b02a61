"""Plain helpers shared by tests in more than one package."""

from django.test import Client

from requests_app.models import RequestForSupport


def client_for(user) -> Client:
    """A browser session signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def fresh(support_request: RequestForSupport) -> RequestForSupport:
    """The request as the database has it now. A service refuses a copy whose
    status is out of date (it reads that as someone else having moved it), so
    re-read the request after each move before making the next."""
    return RequestForSupport.objects.select_related("consent", "area", "pending_decision", "phone_referral").get(
        pk=support_request.pk
    )
