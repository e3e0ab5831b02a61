"""`{% menu %}`: the layout's menu entries (hub.navigation.menu_html), from the `navigation` and
`unread_notifications` the context processors put in every signed-in page's context."""

from django import template

from hub.navigation import menu_html

register = template.Library()


@register.simple_tag(takes_context=True)
def menu(context) -> str:
    return menu_html(context.get("navigation") or [], context.get("unread_notifications") or 0)
