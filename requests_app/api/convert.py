"""Turning the API's JSON into the form's sections, so one validation path
(requests_app/sections.py) serves both, and the form's errors back into the
API's field names."""

import datetime as dt

from django.db.models import prefetch_related_objects

from lib.answers import yes_no
from workflow.states import FRONT_DOOR_OUTCOMES

from ..models import RequestForSupport


def _date(name: str, value: dt.date | None) -> dict:
    if value is None:
        return {f"{name}_0": [""], f"{name}_1": [""], f"{name}_2": [""]}
    return {f"{name}_0": [str(value.day)], f"{name}_1": [str(value.month)], f"{name}_2": [str(value.year)]}


def _lists(data: dict) -> dict:
    return {k: v if isinstance(v, list) else [str(v) if v is not None else ""] for k, v in data.items()}


def sections_from_payload(p: dict) -> dict:
    children = []
    for child in p["children"]:
        c = dict(child)
        c["unborn"] = yes_no(c["unborn"])
        born, expected = c.pop("date_of_birth"), c.pop("expected_date")
        children.append({**_lists(c), **_date("date_of_birth", born), **_date("expected_date", expected)})
    worries = dict(p["worries"])
    worries["prior_eha"] = yes_no(worries["prior_eha"])
    worries["allegation_against_professional"] = yes_no(worries["allegation_against_professional"])
    known_on = worries.pop("allegation_known_on", None)
    consent = dict(p["consent"])
    given_on = consent.pop("given_on")
    consent["significant_harm"] = yes_no(consent["significant_harm"])
    consent["family_told"] = yes_no(consent["family_told"])
    indicators = {"indicators": [str(i) for i in p["indicators"]]}
    indicators.update({f"fact_{k}": [str(v).lower() if isinstance(v, bool) else str(v)] for k, v in p["facts"].items()})
    return {
        "start": {"immediate_risk": [yes_no(p["immediate_risk"])]},
        "about_you": _lists(p["referrer"]),
        "children": children,
        "household": [_lists(person) for person in p["household"]],
        "worries": {**_lists(worries), **_date("allegation_known_on", known_on)},
        "area": {"area": [p["area"]]},
        "indicators": indicators,
        "level": {"level": [str(p["level"])]},
        "consent": {**_lists(consent), **_date("given_on", given_on)},
    }


def api_field(key: str) -> str:
    """Turn a form error key (consent.given_on_0, indicators.fact_x) into the API's field name."""
    section, _, name = key.partition(".")
    base = section.split("[")[0]
    for suffix in ("_0", "_1", "_2"):
        if name.endswith(suffix) and name[: -len(suffix)] in {
            "date_of_birth",
            "expected_date",
            "given_on",
            "allegation_known_on",
        }:
            name = name[: -len(suffix)]
    if base == "indicators":
        return f"facts.{name[5:]}" if name.startswith("fact_") else "indicators"
    if base in ("start", "area", "level"):
        return {"start": "immediate_risk", "area": "area", "level": "level"}[base]
    if base == "about_you":
        section = section.replace("about_you", "referrer")
    return f"{section}.{name}" if name else section


def flatten_errors(errors, prefix: str = "") -> list[dict]:
    out = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            out += flatten_errors(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(errors, list) and errors and not isinstance(errors[0], str):
        for n, value in enumerate(errors):
            if value:
                out += flatten_errors(value, f"{prefix}[{n}]")
    else:
        out += [{"field": prefix or "non_field_errors", "message": str(m)} for m in errors]
    return out


def _child_out(child, *, staff: bool, consent: bool, told: bool) -> dict:
    episode = getattr(child, "episode", None)  # made when the hub first looks at the request
    if episode is None:
        return {"position": child.position + 1, "front_door": "not_started", "episode": None, "outcome": None}
    # Rule 22: the referrer hears front-door outcomes once told; what came after, and whether
    # the child's episode goes on, only with parental consent that stands.
    outcome = episode.outcome or None
    if not staff and not (told and (outcome in FRONT_DOOR_OUTCOMES or consent)):
        outcome = None
    return {
        "position": child.position + 1,
        "front_door": episode.stage,
        "episode": ("open" if episode.closed_on is None else "closed") if staff or consent else None,
        "outcome": outcome,
    }


def request_out(sent: RequestForSupport, *, staff: bool = False) -> dict:
    # Three queries whatever the number of children: each child's episode would be one more.
    prefetch_related_objects([sent], "deadlines", "children__episode")
    consent = hasattr(sent, "consent") and sent.consent.has_parental_consent
    told = bool(sent.feedback_sent_at)
    return {
        "reference": sent.reference,
        "status": sent.status,
        "status_text": sent.status_for_referrer,
        "received_at": sent.received_at,
        "deadlines": [{"kind": d.kind, "due_at": d.due_at, "state": d.state} for d in sent.deadlines.all()],
        "outcome": sent.feedback_text or None,
        "children": [_child_out(c, staff=staff, consent=consent, told=told) for c in sent.children.all()],
    }
