"""What gunicorn serves under the HTTP benchmark: the hub's own routes, two bare baselines, and a
middleware that says in a response header how many queries the response took."""

import uuid

from django.db import connection, transaction
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hub import urls as hub_urls
from requests_app.models import Child, RequestForSupport

QUERIES_HEADER = "X-Bench-Queries"

# Rendered with a plain context: a template's work without the hub's context processors' queries.
ROWS = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><head><title>Requests</title></head><body><table>"
    "{% for r in rows %}<tr><td><a href='/triage/requests/{{ r.reference }}/'>{{ r.reference }}</a></td>"
    "<td>{{ r.get_status_display }}</td><td>{{ r.received_at|date:'j M Y H:i' }}</td>"
    "<td>{{ r.referrer_agency }}</td></tr>{% endfor %}</table></body></html>"
)


def queries_counted(get_response):
    def middleware(request):
        executed = []
        with connection.execute_wrapper(lambda execute, *args: executed.append(1) or execute(*args)):
            response = get_response(request)
        response[QUERIES_HEADER] = str(len(executed))
        return response

    return middleware


def bare_rows(request) -> HttpResponse:
    """The pages' baseline: 50 rows of the requests table, one indexed query, through a template."""
    rows = RequestForSupport.objects.filter(area_id=request.user.area_id).order_by("-received_at")[:50]
    return HttpResponse(ROWS.render({"rows": rows}))


_copied: list = []


def _first_request() -> tuple[RequestForSupport, Child]:
    """The bench's first request and its child, read once per worker: the rows each insert copies."""
    if not _copied:
        first = RequestForSupport.objects.order_by("pk").first()
        _copied.append((first, first.children.order_by("pk").first()))
    return _copied[0]


def _fields(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}


@csrf_exempt
@require_POST
def bare_insert(request) -> HttpResponse:
    """The submission's baseline: one request row and three children, in one transaction."""
    template, child = _first_request()
    with transaction.atomic():
        row = RequestForSupport(
            **{
                **_fields(template),
                "id": None,
                "reference": f"B-{uuid.uuid4().hex[:12]}",
                "draft_id": None,
                "idempotency_key": None,
                "phone_referral_id": None,
                "pending_decision_id": None,
            }
        )
        row.save(force_insert=True)
        Child.objects.bulk_create(
            Child(**{**_fields(child), "id": None, "request_id": row.pk, "person_id": None, "position": n})
            for n in range(3)
        )
    return HttpResponse(row.reference, status=201)


urlpatterns = [*hub_urls.urlpatterns, path("bare-rows/", bare_rows), path("bare-insert/", bare_insert)]
