"""`{% asset %}` and `{% address %}`: `{% static %}` and `{% url %}` for the layout, remembered per
process (lib/addresses.py). They need no context, so the error pages get them too."""

from django import template
from django.urls import NoReverseMatch

from lib.addresses import page_address, static_address

register = template.Library()


@register.simple_tag
def asset(path: str) -> str:
    return static_address(path)


@register.simple_tag
def address(name: str) -> str:
    if (found := page_address(name)) is None:
        raise NoReverseMatch(f"No page is named {name!r}.")
    return found
