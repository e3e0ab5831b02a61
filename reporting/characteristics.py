"""A child's characteristics as the statutory returns code them, read from the record.

Shared by the returns in this app (Ofsted Annex A, the DfE census): each return writes
the codes in its own style, but what the record says about a child is worked out here once.
The request's child carries what the referrer told us; the person record, once the child is
matched, carries what the hub has confirmed (their disabilities in census codes)."""

from lib.answers import YesNoUnknown
from requests_app.models import Child
from returns.characteristics import Disability, Ethnicity, Sex


def child_sex(child: Child) -> str:
    """The census sex code, or "" when nobody has recorded it."""
    return child.sex if child.sex in Sex.values else ""


def child_ethnicity(child: Child) -> str:
    """The census ethnicity code, or "" when it has not been obtained."""
    return child.ethnicity if child.ethnicity in Ethnicity.values else ""


def child_has_disability(child: Child) -> bool | None:
    """Whether the child has a disability: the person record's census codes where the hub has
    recorded them, otherwise the referrer's answer; None when neither says."""
    person = child.person
    codes = person.disabilities if person is not None else []
    if codes:
        return codes != [Disability.NONE]
    if child.disability == YesNoUnknown.YES:
        return True
    if child.disability == YesNoUnknown.NO:
        return False
    return None
