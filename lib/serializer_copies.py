"""API serializers whose declared fields are copied for each instance without being built again.

DRF gives every serializer instance a deep copy of its declared fields, and a field's deep copy calls
its constructor again with its original arguments: a request with three children rebuilt some eighty
fields, about 2.8 ms of a 26 ms submission. A declared field holds nothing of any request: `bind` sets
its name, parent, label and source on the copy each instance gets. So a copy of its attributes serves
as well. A nested serializer, a list's child and a dictionary's child are copied the same way and bound
to their own copy, so each request's fields answer to its own serializer (`root`, `context`).
"""

import copy

from rest_framework import serializers


def field_copy(field):
    copied = copy.copy(field)
    copied.__dict__.pop("fields", None)  # a nested serializer builds its own, from its own declarations
    child = getattr(field, "child", None)
    if child is not None:  # bound to its list when the list was built: unbound again, then bound to the copy
        copied.child = field_copy(child)
        copied.child.source, copied.child.label = child._kwargs.get("source"), child._kwargs.get("label")
        copied.child.bind(field_name="", parent=copied)
    return copied


class CopiedFieldsSerializer(serializers.Serializer):
    def get_fields(self) -> dict:
        return {name: field_copy(field) for name, field in self._declared_fields.items()}
