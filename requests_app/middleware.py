"""A sent draft's pages lead to the request it became, not to a refusal."""

from django.shortcuts import redirect

from .selectors import DraftSent


class SentDraftMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DraftSent):
            return redirect(exception.request.get_referrer_url())
        return None
