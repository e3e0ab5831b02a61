"""Ofsted Annex A's coded values: a letter, then the code or its wording ("a) Male", "a) WBRI",
"e) 2A: Schools", "a) Yes").

Built from our own census vocabularies (returns/), so a code the census knows has exactly one
Annex A spelling. The letters follow the public Annex A template as the Social Finance LIIA tools
and the Data to Insight Standard Safeguarding Dataset write it; where those differ, the choice is
recorded in docs/decisions/0013-annex-a.md.
"""

import datetime as dt

from returns.census import CategoryOfAbuse, ClosureReason, PrimaryNeed, ReferralSource
from returns.characteristics import Ethnicity, Sex

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
YES_NO = (YES, NO, UNKNOWN)

GENDER = {Sex.MALE: "a) Male", Sex.FEMALE: "b) Female", Sex.UNKNOWN: "c) Not stated/recorded"}
GENDER_NOT_RECORDED = GENDER[Sex.UNKNOWN]
# "d) Neither" is in the template; the census (and so our record) has no such code.
GENDER_CODES = (*GENDER.values(), "d) Neither")

# The template's order, which is not the census's: White Other comes before Gypsy/Roma.
_ETHNICITY_ORDER = [
    "WBRI",
    "WIRI",
    "WIRT",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
]
ETHNICITY = {
    Ethnicity(code): f"{letter}) {code}" for letter, code in zip("abcdefghijklmnopqrst", _ETHNICITY_ORDER, strict=True)
}
# Nothing recorded is "not yet obtained": true of a blank, and never a guess.
ETHNICITY_NOT_OBTAINED = ETHNICITY[Ethnicity.NOBT]
ETHNICITY_CODES = (*ETHNICITY.values(), "u) UNKNOWN")

# Each source is written with the heading of its census group, as the template does.
_SOURCE_GROUPS = {
    "1": "Individual",
    "2A": "Schools",
    "2B": "Education services",
    "3": "Health services",
    "4": "Housing",
    "5": "LA services",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}
# 5D (early help) came into the census after the template's letters were set: it takes "p1",
# between 5C and 6, so every older code keeps its letter.
_SOURCE_LETTERS = dict(zip([c for c in ReferralSource.values if c != "5D"], "abcdefghijklmnopqrstu", strict=True)) | {
    "5D": "p1"
}


def _source_group(code: str) -> str:
    return _SOURCE_GROUPS.get(code) or _SOURCE_GROUPS[code[0]]


SOURCE = {ReferralSource(code): f"{_SOURCE_LETTERS[code]}) {code}: {_source_group(code)}" for code in ReferralSource}
SOURCE_UNKNOWN = SOURCE[ReferralSource.UNKNOWN]

PRIMARY_NEED = {need: f"{need.value} - {need.label}" for need in PrimaryNeed}
CLOSURE_REASON = {reason: f"{reason.value} - {reason.label}" for reason in ClosureReason}
CATEGORY_OF_ABUSE = {
    category: f"{letter}) {category.label}" for letter, category in zip("abcde", CategoryOfAbuse, strict=True)
}


def gender(code: str) -> str:
    return GENDER.get(code, GENDER_NOT_RECORDED)


def ethnicity(code: str) -> str:
    return ETHNICITY.get(code, ETHNICITY_NOT_OBTAINED)


def source(code: str) -> str:
    return SOURCE.get(code, SOURCE_UNKNOWN)


def yes_no(answer: bool | None) -> str:
    return UNKNOWN if answer is None else YES if answer else NO


def yes_no_or_blank(answer: bool | None) -> str:
    """For a column the template lets be blank: a question not yet reached stays empty."""
    return "" if answer is None else YES if answer else NO


def date(day: dt.date | None) -> str:
    """Dates as the template writes them, day first."""
    return day.strftime("%d/%m/%Y") if day else ""
