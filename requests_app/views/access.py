from django.contrib.auth.decorators import permission_required

# The referrer's pages: only people whose role may send a request for support.
referrer_only = permission_required("hub.submit_request", raise_exception=True)
