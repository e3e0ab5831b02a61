"""The shipped frameworks hold every indicator the documents print.

The expected numbers were counted by hand from the seed documents; the totals
are written out here, and the per-domain table is the one in
thresholds/data/COUNTS.md, kept beside the data it describes.
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from thresholds.loader import frameworks_load
from thresholds.models import Factor, Framework, Indicator

COUNTS_MD = Path(__file__).resolve().parents[2] / "thresholds" / "data" / "COUNTS.md"

# Hand counts per framework and level (000, 001, 002, 003).
LEVEL_TOTALS = {
    "pan-lancashire": {1: 31, 2: 58, 3: 39, 4: 56},
    "blackpool": {1: 7, 2: 18, 4: 33},
    "westmorland-and-furness": {},
    "luton": {1: 35, 2: 76, 3: 44, 4: 65},
}

pytestmark = pytest.mark.django_db


def hand_counts_per_domain() -> dict[tuple[str, int, str], int]:
    table = COUNTS_MD.read_text().split("## Indicator counts per framework × level × domain")[1].split("## Totals")[0]
    rows = re.findall(r"^\| ([a-z-]+) \| (\d) \| ([a-z_]+) \| (\d+) \|$", table, flags=re.M)
    return {(framework, int(level), domain): int(count) for framework, level, domain, count in rows}


def current(key: str):
    return Framework.objects.get(key=key).current_version()


@pytest.mark.parametrize("key", list(LEVEL_TOTALS))
def test_each_framework_has_the_hand_counted_indicators_per_level(key: str) -> None:
    counted = Counter(current(key).indicators.values_list("level__number", flat=True))
    assert dict(counted) == LEVEL_TOTALS[key]


def test_every_framework_level_and_domain_matches_the_hand_count() -> None:
    expected = hand_counts_per_domain()
    assert len(expected) > 80  # the table was read, not silently empty
    actual = Counter(
        (i.version.framework.key, i.level.number, i.domain.key)
        for i in Indicator.objects.filter(version__published_at__isnull=False).select_related(
            "version__framework", "level", "domain"
        )
    )
    assert dict(actual) == expected


def test_there_are_462_indicators_in_all() -> None:
    assert Indicator.objects.count() == 462


def test_every_indicator_carries_its_source_reference() -> None:
    assert not Indicator.objects.filter(source_ref="").exists()
    first_chars = set(Indicator.objects.values_list("source_ref", flat=True))
    assert all(ref[:3] in {"000", "001", "002", "003"} for ref in first_chars)


def test_blackpool_splits_statutory_indicators_into_child_in_need_and_child_protection() -> None:
    level4 = current("blackpool").indicators.filter(level__number=4)
    assert Counter(level4.values_list("statutory_basis", flat=True)) == {"s17": 15, "s47": 18}


def test_blackpool_has_no_level_3_band() -> None:
    assert list(current("blackpool").levels.values_list("number", flat=True)) == [1, 2, 4]


def test_blackpool_ships_its_22_resilient_factors() -> None:
    assert current("blackpool").factors.filter(kind="protective").count() == 22


def test_westmorland_and_furness_says_its_indicators_are_elsewhere_and_ships_its_special_groups() -> None:
    version = current("westmorland-and-furness")
    assert version.has_indicators is False
    assert "Understanding the Level of Need" in version.indicators_note
    assert version.levels.count() == 4
    assert Factor.objects.filter(version=version, kind="special_consideration").count() == 6


def test_luton_ships_its_other_lists_as_warning_signs() -> None:
    signs = Counter(current("luton").factors.values_list("group", flat=True))
    assert sum(signs.values()) == 21


def test_the_pan_lancashire_continuum_serves_lancashire_blackburn_with_darwen() -> None:
    areas = set(Framework.objects.get(key="pan-lancashire").areas.values_list("slug", flat=True))
    assert areas == {"lancashire", "blackburn-with-darwen"}


def test_lancashire_levels_show_the_cssh_aliases(lancashire) -> None:
    levels = {level.number: level for level in lancashire.framework.current_version().levels.all()}
    assert "Universal Plus" in levels[2].aliases
    assert "Intensive" in levels[3].aliases
    assert levels[2].display_name == "Early Help (also called Universal Plus)"
    assert levels[3].display_name == "Family Help (also called Intensive)"


def test_level_and_statutory_basis_are_separate_so_level_4_may_be_s17_or_s47(lancashire) -> None:
    level4 = lancashire.framework.current_version().levels.get(number=4)
    assert set(level4.statutory_bases) == {"s17", "s47"}


def test_loading_again_creates_nothing_new() -> None:
    before = Indicator.objects.count()
    assert frameworks_load() == []
    assert Indicator.objects.count() == before
