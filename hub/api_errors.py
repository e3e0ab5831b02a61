"""A body the API cannot parse is a 400 in the documented error shape,
{"errors": [{"field": ..., "message": ...}]}, never a 500."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.views import exception_handler as drf_exception_handler


class SafeJSONParser(JSONParser):
    """JSON that nests too deeply exhausts Python's recursion: a client's mistake, not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("The JSON nests too deeply") from None


# A body the API could not read at all; field errors are already in the documented shape.
UNREADABLE = (exceptions.ParseError, exceptions.UnsupportedMediaType)


def exception_handler(exc, context):
    if isinstance(exc, Http404 | exceptions.NotFound):
        # One answer for "no such record" and "not yours": Django's message names
        # the model, and a lookup's own wording could tell the two apart.
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, UNREADABLE):
        response.data = {"errors": [{"field": "body", "message": str(response.data.get("detail", ""))}]}
    elif response is not None and isinstance(exc, exceptions.ValidationError):
        # Every endpoint's field errors in the one documented shape.
        response.data = {"errors": list(_flattened(exc.detail))}
    return response


def _flattened(detail, field: str = "body"):
    if isinstance(detail, dict):
        for name, inner in detail.items():
            yield from _flattened(inner, name if field == "body" else f"{field}.{name}")
    elif isinstance(detail, list):
        for inner in detail:
            yield from _flattened(inner, field)
    else:
        yield {"field": field, "message": str(detail)}
