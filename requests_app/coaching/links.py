"""Where each finding points: the question's words, its section's title, the id of its input on
the section's page (the link lands on the field), and its name in the partner API."""

from django import forms

from consent.forms import ConsentForm

from ..forms import WorriesForm
from ..sections import BY_KEY
from .checks import Finding

# The level's question is built per framework (level_forms.LevelForm); its words are these.
LEVEL_QUESTION = "Which level of need do you think applies?"


def _field(finding: Finding):
    form = {"worries": WorriesForm, "consent": ConsentForm}.get(finding.section)
    return form.base_fields[finding.field] if form else None


def question_for(finding: Finding) -> str:
    field = _field(finding)
    return str(field.label) if field else LEVEL_QUESTION


def section_title(finding: Finding) -> str:
    return BY_KEY[finding.section].title


def anchor_for(finding: Finding) -> str:
    """The id of the question's input: `id_<field>`, or for radios their first option, `id_<field>_1`
    (where GOV.UK's error summary links too). The level's question is always radios."""
    field = _field(finding)
    radios = field is None or isinstance(field.widget, forms.RadioSelect)
    return f"id_{finding.field}_1" if radios else f"id_{finding.field}"


def api_field(finding: Finding) -> str:
    """The finding's field as the partner API names it: worries.strengths, consent.method, level."""
    return "level" if finding.section == "level" else f"{finding.section}.{finding.field}"


def finding_out(finding: Finding) -> dict:
    """A finding in plain values, for the API and the check-answers page alike."""
    return {
        "check": str(finding.check),
        "title": finding.title,
        "section": finding.section,
        "section_title": section_title(finding),
        "field": api_field(finding),
        "question": question_for(finding),
        "anchor": anchor_for(finding),
        "quote": finding.quote,
        "why": finding.why,
        "advice": finding.advice,
        "alternative": finding.alternative,
        "phrase": finding.phrase,
    }
