"""Forms whose fields are copied for each instance without copying their choices.

Django gives every form instance a deep copy of its class's fields, so that an instance may change
its own. A choice field's deep copy copies its choices too, label by label, and sets them again on
its widget, which checks every one: a child's form (ethnicity, sex and the yes/no questions) cost
about 6 ms to build, and a submission builds one per child besides the other sections. Choices are
only ever replaced, never changed in place (the setter normalises whatever it is given), so an
instance may share its class's list. Everything else is copied as Django copies it: the widget and
its attributes, the error messages, the validators, a date's day, month and year fields. A field
whose copy does more (a model choice field takes a fresh queryset, so no result is shared between
requests) keeps Django's deep copy.
"""

import copy

from django import forms
from django.utils.choices import BaseChoiceIterator

_SHALLOW_SAFE = (forms.CharField, forms.ChoiceField, forms.MultiValueField, forms.BooleanField, forms.DateField)


def _plain_copy(obj):
    """copy.copy for a plain object, as copy.copy makes it (a new instance holding the same
    attributes) without its generic __reduce_ex__ path: a fifth of the time, and a child's form
    copies some forty fields and widgets. Fields and widgets define no __copy__ or __slots__."""
    copied = object.__new__(type(obj))
    copied.__dict__.update(obj.__dict__)
    return copied


def widget_copy(widget: forms.Widget) -> forms.Widget:
    copied = _plain_copy(widget)
    copied.attrs = widget.attrs.copy()
    if isinstance(widget, forms.MultiWidget):
        copied.widgets = [widget_copy(part) for part in widget.widgets]
    return copied


def field_copy(field: forms.Field) -> forms.Field:
    if isinstance(field, forms.ModelChoiceField) or not isinstance(field, _SHALLOW_SAFE):
        return copy.deepcopy(field)
    copied = _plain_copy(field)
    copied.widget = widget_copy(field.widget)
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    if isinstance(field, forms.MultiValueField):
        copied.fields = tuple(field_copy(part) for part in field.fields)
    return copied


class KeptFields(dict):
    """A form class's fields, deep-copied for an instance by `field_copy`."""

    def __deepcopy__(self, memo) -> dict:
        return {name: field_copy(field) for name, field in self.items()}


class KeptFieldsMetaclass(forms.forms.DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = KeptFields(new_class.base_fields)
        return new_class


class KeptChoices(forms.Form, metaclass=KeptFieldsMetaclass):
    """A form whose instances share their fields' choices with the class (see above)."""


class ChoiceRows(BaseChoiceIterator):
    """Choices already as Django keeps them, (value, label) pairs, which a field takes as they are
    rather than checking each again: a framework's few hundred indicators, once per version."""

    def __init__(self, rows) -> None:
        self.rows = tuple(rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)
