"""How the levels-of-need pages cite their source: by the document's title, and a
reference by its section alone (the page names the document once, at the top)."""

from django import template

register = template.Library()


@register.filter
def section_in(source_ref: str, version) -> str:
    """`{{ indicator.source_ref|section_in:version }}`: "000, Health" becomes "Health"."""
    return version.section_cited(source_ref)
