"""A child's characteristics in the DfE's census codes, for every return that lists them
(the Children in Need census, Ofsted's Annex A). The codes themselves live in
returns/characteristics.py; this module only says which record each one is read from."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from children.models import Episode
from lib.answers import YesNoUnknown
from returns.characteristics import Disability, Ethnicity, Sex, disabilities_problem

# The codes, once: `Sex.values` builds a new list on every call, which a county's year of rows
# asked for 150,000 times (docs/performance.md, "Exports").
SEXES = frozenset(Sex.values)
ETHNICITIES = frozenset(Ethnicity.values)
DISABILITIES = frozenset(Disability.values)


@dataclass(frozen=True)
class Characteristics:
    sex: str
    ethnicity: str
    disabilities: tuple[str, ...]


def characteristics_of(*, sex: str, ethnicity: str, disabilities: list[str] | None) -> Characteristics:
    """Sex and ethnicity as the latest request recorded them, disabilities as the child's
    person record holds them (a worker codes them there). What nobody has recorded is sent
    as the census's own "not known" code, never guessed."""
    sex = sex if sex in SEXES else Sex.UNKNOWN
    ethnicity = ethnicity if ethnicity in ETHNICITIES else Ethnicity.NOBT
    codes = [code for code in disabilities or [] if code in DISABILITIES]
    if disabilities_problem(codes):
        # "No disability" beside a disability: the disabilities recorded win.
        codes = [code for code in codes if code != Disability.NONE]
    return Characteristics(sex=sex, ethnicity=ethnicity, disabilities=tuple(codes))


# Ofsted Annex A reads the same record child by child, including children not yet matched to a
# person record, and writes "not recorded" in its own style: these say what is recorded, or "".


def child_sex(sex: str) -> str:
    """The census sex code, or "" when nobody has recorded it."""
    return sex if sex in SEXES else ""


def child_ethnicity(ethnicity: str) -> str:
    """The census ethnicity code, or "" when it has not been obtained."""
    return ethnicity if ethnicity in ETHNICITIES else ""


def child_has_disability(*, disabilities: list[str] | None, answer: str) -> bool | None:
    """Whether the child has a disability: the person record's census codes (`disabilities`, None
    without a person record) where the hub has recorded them, otherwise the referrer's answer;
    None when neither says."""
    if disabilities:
        return disabilities != [Disability.NONE]
    if answer == YesNoUnknown.YES:
        return True
    if answer == YesNoUnknown.NO:
        return False
    return None


def previous_cp_plans():
    """An annotation: how many child protection plans the episode's child had before this one's
    started (the census's NumberOfPreviousCPP, Annex A List 7). One subquery, not a query per row."""
    earlier = (
        Episode.objects.filter(
            child__person_id=OuterRef("child__person_id"), cp_plan_start__lt=OuterRef("cp_plan_start")
        )
        .order_by()
        .values("child__person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(earlier, output_field=IntegerField()), Value(0))
