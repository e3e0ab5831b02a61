"""GOV.UK Design System form fields and layouts, shared by every app's forms."""

import datetime as dt
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Div, Field, Size
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
    # No maxlength: a browser's limit cuts a pasted account short without a word. The
    # GOV.UK character count (long_text_field) says how much is left instead.
    field.widget = Textarea(attrs={"rows": 5, "aria-describedby": ""})
    return field


class Textarea(forms.Textarea):
    """A text area that renders no empty aria-describedby. crispy-forms-gds appends the
    character count's id to that attribute, and fails when the attribute is missing.
    It keeps Django's class name because crispy-forms-gds styles widgets by that name."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if not context["widget"]["attrs"].get("aria-describedby"):
            context["widget"]["attrs"].pop("aria-describedby", None)
        return context


def gov_field(form: forms.Form, name: str, *, textarea_rows: int = 5):
    """The GOV.UK layout for a field, chosen by its widget: small radios and
    checkboxes, small labels, a date input's legend."""
    widget = form.fields[name].widget
    if isinstance(widget, forms.RadioSelect):
        return Field.radios(name, legend_size=Size.SMALL, small=len(form.fields[name].choices) > 3)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return Field.checkboxes(name, legend_size=Size.SMALL, small=True)
    if isinstance(widget, forms.Textarea):
        return long_text_field(form, name, rows=textarea_rows)
    if isinstance(widget, forms.Select):
        return Field.select(name, label_size=Size.SMALL)
    if isinstance(widget, forms.MultiWidget):
        return Field(name, context={"legend_size": "govuk-fieldset__legend--s"})
    if isinstance(widget, forms.HiddenInput):
        return Field(name)
    return Field.text(name, label_size=Size.SMALL)


# Below this many characters the count is always on show; above it, only as the writer nears the limit.
COUNT_ALWAYS_SHOWN_UP_TO = 3000


def long_text_field(form: forms.Form, name: str, *, rows: int = 5, label_size=Size.SMALL):
    """A text area with the GOV.UK character count, set from the field's own limit."""
    limit = form.fields[name].max_length
    threshold = 75 if limit and limit > COUNT_ALWAYS_SHOWN_UP_TO else None
    return Field.textarea(name, label_size=label_size, rows=rows, max_characters=limit, threshold=threshold)


UK_PHONE = re.compile(r"^(?:0|\+44|0044)([1-9]\d{8,9})$")
PHONE_PUNCTUATION = re.compile(r"[\s().-]")
EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|x)\s*(\d{1,6})$")
PHONE_EXAMPLE = "like 01632 960 001, 07700 900 982 or +44 808 157 0192"


def uk_phone_clean(value: str, *, what: str = "a phone number") -> str:
    """A UK phone number, landline or mobile, kept as typed. Spaces, brackets,
    dashes, +44 and an extension are accepted because people write numbers that way."""
    value = (value or "").strip()
    if not value:
        return ""
    number = EXTENSION.sub("", value)
    digits = PHONE_PUNCTUATION.sub("", number.replace("(0)", ""))
    if not UK_PHONE.match(digits):
        raise ValidationError(f"Enter {what}, {PHONE_EXAMPLE}")
    return value


def Reveal(when: str, *fields, framed: bool = True) -> Div:
    """Questions shown only under the answer that calls for them: `when` is
    "question=value[,value...]". static/js/reveal.mjs hides them otherwise; without
    script they all show, and the form's clean asks only the relevant ones. A reveal inside
    another is not `framed`: one border is enough to show the questions belong together."""
    return Div(*fields, css_class="app-conditional" if framed else "", data_reveal_when=when)
