"""Coaching on a Request for Support: advice, before Send, on what 004 says makes a request
helpful. Transparent rules over data (rules.toml and thresholds' level advice); no outside
service and no model. Read by the check-answers page and `POST /api/v1/requests/review/`."""

from .answers import Answers, answers_from_sections
from .checks import Check, Finding, coaching_review

__all__ = ["Answers", "Check", "Finding", "answers_from_sections", "coaching_review"]
