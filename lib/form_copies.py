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

A form that is only validated, never drawn (every section of a submission, decision 0038), needs
almost no copies: validating reads a field and changes nothing of it, whereas drawing a page does
(crispy-forms sets each widget's attributes as it renders). Within `only_validated()` an instance
reads its class's own fields, with one exception: a field of parts, a date, is still copied, because
its clean notes each part's errors on that part's widget (crispy-forms-gds's DateInputField), for the
page to mark the day, month or year in error. A form that changes one of its fields as it is built
takes its own copy of that field first (`KeptChoices.own_field`).
"""

import contextlib
import copy
from contextvars import ContextVar

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


_ONLY_VALIDATED: ContextVar[bool] = ContextVar("forms_only_validated", default=False)


@contextlib.contextmanager
def only_validated():
    """Forms built within this block are validated and never drawn: they read their class's fields."""
    token = _ONLY_VALIDATED.set(True)
    try:
        yield
    finally:
        _ONLY_VALIDATED.reset(token)


def instance_fields(fields: dict[str, forms.Field]) -> dict[str, forms.Field]:
    """Fields built once for every instance (as a class's are), as this instance may hold them."""
    if _ONLY_VALIDATED.get():
        return {
            name: field_copy(field) if isinstance(field, forms.MultiValueField) else field
            for name, field in fields.items()
        }
    return {name: field_copy(field) for name, field in fields.items()}


class KeptFields(dict):
    """A form class's fields, deep-copied for an instance by `field_copy`."""

    def __deepcopy__(self, memo) -> dict:
        return instance_fields(self)


class KeptFieldsMetaclass(forms.forms.DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = KeptFields(new_class.base_fields)
        return new_class


class KeptChoices(forms.Form, metaclass=KeptFieldsMetaclass):
    """A form whose instances share their fields' choices with the class (see above)."""

    def own_field(self, name: str) -> forms.Field:
        """This instance's field, to change: its own copy, even within `only_validated()`, where the
        field it holds may be its class's or any other shared one (`instance_fields`)."""
        owned = self.__dict__.setdefault("_owned_fields", set())
        if name not in owned:
            if _ONLY_VALIDATED.get():
                self.fields[name] = field_copy(self.fields[name])
            owned.add(name)
        return self.fields[name]


class ChoiceRows(BaseChoiceIterator):
    """Choices already as Django keeps them, (value, label) pairs, which a field takes as they are
    rather than checking each again: a framework's few hundred indicators, once per version."""

    def __init__(self, rows) -> None:
        self.rows = tuple(rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)
