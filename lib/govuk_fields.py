"""GOV.UK Design System form fields and layouts, shared by every app's forms."""

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError


class GovDateField(DateInputField):
    """A GOV.UK date input whose errors name the date they are about."""

    def __init__(self, *, what: str, **kwargs) -> None:
        self.what = what
        super().__init__(require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"{what[0].upper()}{what[1:]} must include a day, month and year"
        day, month, year = self.fields
        day.error_messages["incomplete"] = f"{what[0].upper()}{what[1:]} must include a day"
        month.error_messages["incomplete"] = f"{what[0].upper()}{what[1:]} must include a month"
        year.error_messages["incomplete"] = f"{what[0].upper()}{what[1:]} must include a year"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = dt.date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError):
            raise ValidationError(f"{self.what[0].upper()}{self.what[1:]} must be a real date") from None
        if value.year < 1900:
            raise ValidationError(f"{self.what[0].upper()}{self.what[1:]} must be a real date") from None
        return value


def radios(choices, *, label: str, required: str, hint: str = "", initial=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        label=label,
        help_text=hint,
        initial=initial,
        error_messages={"required": required, "invalid_choice": required},
    )


# Right-to-left and isolate overrides reorder what a reader sees: "Ava<RLO>htimS" reads as another name.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class PlainCharField(forms.CharField):
    """Text as typed, without the invisible controls that can make a name read as another."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.translate(BIDI_CONTROLS) if isinstance(value, str) else value


def text(
    *, label: str, required: str | None = None, hint: str = "", max_length: int = 200, depends: bool = False
) -> forms.CharField:
    """A text answer; `required` is the GOV.UK message, or None for an optional field.
    `depends`: required only with certain other answers (the form's clean says so), so not "(optional)"."""
    return PlainCharField(
        label=label if required or depends else f"{label} (optional)",
        required=bool(required),
        help_text=hint,
        max_length=max_length,
        error_messages={"required": required or "", "max_length": f"{label} must be {max_length} characters or fewer"},
    )


def long_text(
    *, label: str, required: str | None = None, hint: str = "", max_length: int = 10000, depends: bool = False
) -> forms.CharField:
    field = text(label=label, required=required, hint=hint, max_length=max_length, depends=depends)
    field.widget = forms.Textarea(attrs={"rows": 5})
    return field


def gov_field(form: forms.Form, name: str, *, textarea_rows: int = 5):
    """The GOV.UK layout for a field, chosen by its widget: small radios and
    checkboxes, small labels, a date input's legend."""
    widget = form.fields[name].widget
    if isinstance(widget, forms.RadioSelect):
        return Field.radios(name, legend_size=Size.SMALL, small=len(form.fields[name].choices) > 3)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return Field.checkboxes(name, legend_size=Size.SMALL, small=True)
    if isinstance(widget, forms.Textarea):
        return Field.textarea(name, label_size=Size.SMALL, rows=textarea_rows)
    if isinstance(widget, forms.Select):
        return Field.select(name, label_size=Size.SMALL)
    if isinstance(widget, forms.MultiWidget):
        return Field(name, context={"legend_size": "govuk-fieldset__legend--s"})
    if isinstance(widget, forms.HiddenInput):
        return Field(name)
    return Field.text(name, label_size=Size.SMALL)
