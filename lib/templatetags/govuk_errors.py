"""Where an error summary's link should land: on the first input of the question.

crispy-forms-gds links every error to the field's `id_<name>`, but a radio or
checkbox question has no element with that id: its inputs are `id_<name>_1`,
`id_<name>_2`... A link to nowhere moves no focus, so the GOV.UK error summary
pattern fails for exactly the questions most forms start with.
"""

from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors
from django import forms, template

register = template.Library()


def _first_input(bound_field) -> str:
    if isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(bound_field.field.widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def error_targets(bound_field) -> list[tuple[str, str]]:
    """Each (id to link to, message) for a bound field's errors."""
    targets = []
    for field_id, errors in field_errors(bound_field):
        target = _first_input(bound_field) if field_id == bound_field.auto_id else field_id
        targets.extend((target, error) for error in errors)
    return targets


@register.filter
def first_input(form) -> str:
    """Where a form-wide error links: the first input of the form's first question."""
    fields = form.visible_fields()
    return _first_input(fields[0]) if fields else ""
