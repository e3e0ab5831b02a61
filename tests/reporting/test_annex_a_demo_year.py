"""The year `make run` loads gives the front door's Annex A lists something real to show.
List 7 stays empty: the demo year holds no child protection plan yet (issue 14's demo data)."""

import datetime as dt

import pytest
from django.utils import timezone

from hub.demo import demo_data_load
from hub.models import Area
from reporting import annex_a_codes as codes
from reporting.annex_a import LISTS, annex_a_rows
from triage.demo_year import MIX, demo_year_load

pytestmark = pytest.mark.django_db


def test_the_demo_year_fills_lists_1_3_4_5_and_6_with_valid_codes() -> None:
    demo_data_load()
    demo_year_load(per_area=len(MIX) + 6)
    today = timezone.localdate()
    area_ids = list(Area.objects.values_list("pk", flat=True))
    for number in (1, 3, 4, 5, 6):
        rows = list(annex_a_rows(LISTS[number], area_ids=area_ids, first=today - dt.timedelta(days=400), last=today))
        assert rows, f"List {number} is empty"
        assert {row[1] for row in rows} <= set(codes.GENDER_CODES)
        assert {row[2] for row in rows} <= set(codes.ETHNICITY_CODES)
