"""A child's characteristics in the DfE's census codes, for every return that lists them
(the Children in Need census, Ofsted's Annex A). The codes themselves live in
returns/characteristics.py; this module only says which record each one is read from."""

from dataclasses import dataclass

from children.models import Person
from requests_app.models import Child
from returns.characteristics import Disability, Ethnicity, Sex, disabilities_problem


@dataclass(frozen=True)
class Characteristics:
    sex: str
    ethnicity: str
    disabilities: tuple[str, ...]


def characteristics_of(child: Child, person: Person) -> Characteristics:
    """Sex and ethnicity as the latest request recorded them, disabilities as the child's
    person record holds them (a worker codes them there). What nobody has recorded is sent
    as the census's own "not known" code, never guessed."""
    sex = child.sex if child.sex in Sex.values else Sex.UNKNOWN
    ethnicity = child.ethnicity if child.ethnicity in Ethnicity.values else Ethnicity.NOBT
    codes = [code for code in person.disabilities or [] if code in Disability.values]
    if disabilities_problem(codes):
        # "No disability" beside a disability: the disabilities recorded win.
        codes = [code for code in codes if code != Disability.NONE]
    return Characteristics(sex=sex, ethnicity=ethnicity, disabilities=tuple(codes))
