"""Panels the home page borrows from the hub's work: the home page belongs to
`hub`, which cannot import the triage app, so its template loads these."""

from django import template

from ..worklist import manager_figures as figures_for

register = template.Library()


@register.simple_tag(takes_context=True)
def manager_figures(context) -> dict:
    return figures_for(context["request"].user)
