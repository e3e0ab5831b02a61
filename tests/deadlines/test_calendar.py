"""The working-day calendar (docs/domain.md §6, rules 19, 21), with time frozen."""

import datetime as dt

import pytest
import time_machine

from deadlines.calendar import LONDON, Calendar, calendar_for, is_bank_holiday
from deadlines.clocks import clock_for
from deadlines.models import ClosureDay
from hub.models import Area

NINE_TO_FIVE = Calendar(office_hours={str(d): ["09:00", "17:00"] for d in range(5)})


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize("day", [dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2027, 3, 26), dt.date(2027, 3, 29)])
def test_good_friday_and_easter_monday_2026_and_2027_are_not_working_days(day: dt.date) -> None:
    assert is_bank_holiday(day) and not NINE_TO_FIVE.is_working_day(day)


def test_the_christmas_2026_substitute_day_is_monday_28_december() -> None:
    assert not NINE_TO_FIVE.is_working_day(dt.date(2026, 12, 25))  # Friday
    assert not NINE_TO_FIVE.is_working_day(dt.date(2026, 12, 28))  # Boxing Day falls on Saturday
    assert NINE_TO_FIVE.is_working_day(dt.date(2026, 12, 29))
    assert NINE_TO_FIVE.next_working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 29)


@time_machine.travel(at(2026, 12, 18, 16, 55), tick=False)
def test_a_referral_at_16_55_on_friday_18_december_is_due_at_16_55_on_monday() -> None:
    now = dt.datetime.now(tz=LONDON)
    assert NINE_TO_FIVE.is_working_moment(now)
    assert NINE_TO_FIVE.add_working_days(now, 1) == at(2026, 12, 21, 16, 55)


@time_machine.travel(at(2026, 12, 18, 18, 0), tick=False)
def test_a_referral_at_18_00_on_friday_starts_counting_on_monday_and_is_due_tuesday() -> None:
    now = dt.datetime.now(tz=LONDON)
    assert not NINE_TO_FIVE.is_working_moment(now)
    assert NINE_TO_FIVE.counting_start(now) == at(2026, 12, 21, 9, 0)
    assert NINE_TO_FIVE.add_working_days(now, 1) == at(2026, 12, 22, 9, 0)
    # Hour-based clocks keep running outside office hours (rule 21).
    assert NINE_TO_FIVE.add_clock_hours(now, 24) == at(2026, 12, 19, 18, 0)


@time_machine.travel(at(2026, 3, 2, 10, 0), tick=False)
def test_45_working_days_from_2_march_2026_skip_easter_and_the_may_bank_holiday() -> None:
    due = NINE_TO_FIVE.add_working_days(dt.datetime.now(tz=LONDON), 45)
    assert due == at(2026, 5, 7, 10, 0)
    assert NINE_TO_FIVE.working_days_between(at(2026, 3, 2, 10, 0), due) == 45


def test_a_request_on_christmas_eve_is_due_after_the_substitute_day() -> None:
    assert NINE_TO_FIVE.add_working_days(at(2026, 12, 24, 10, 0), 1) == at(2026, 12, 29, 10, 0)


def test_24_clock_hours_run_through_the_spring_clock_change() -> None:
    # The clocks go forward at 01:00 on 29 March 2026: 24 hours later reads 13:00, not 12:00.
    assert NINE_TO_FIVE.add_clock_hours(at(2026, 3, 28, 12, 0), 24) == at(2026, 3, 29, 13, 0)


def test_working_days_between_counts_backwards_too() -> None:
    assert NINE_TO_FIVE.working_days_between(dt.date(2026, 4, 7), dt.date(2026, 4, 2)) == -1


@pytest.mark.django_db
def test_luton_closes_at_16_15_on_fridays() -> None:
    luton = calendar_for(Area.objects.get(slug="luton"))
    friday = at(2026, 11, 20, 16, 30)
    assert not luton.is_working_moment(friday)
    assert luton.add_working_days(friday, 1) == at(2026, 11, 24, 8, 45)
    assert luton.is_working_moment(at(2026, 11, 19, 17, 0))  # Thursday until 17:15


@pytest.mark.django_db
def test_an_area_closure_day_is_skipped_only_in_that_area() -> None:
    lancashire = Area.objects.get(slug="lancashire")
    ClosureDay.objects.create(area=lancashire, date=dt.date(2026, 12, 29), reason="Council closure")
    assert calendar_for(lancashire).add_working_days(at(2026, 12, 24, 10, 0), 1) == at(2026, 12, 30, 10, 0)
    assert calendar_for(Area.objects.get(slug="luton")).add_working_days(at(2026, 12, 24, 10, 0), 1) == at(
        2026, 12, 29, 10, 0
    )


@pytest.mark.django_db
def test_the_clock_on_a_sunday_counts_the_one_working_day_left_before_tuesday_9am() -> None:
    clock = clock_for(at(2026, 11, 24, 9, 0), NINE_TO_FIVE, now=at(2026, 11, 22, 9, 11))
    assert clock.text == "1 working day left"


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (dt.timedelta(minutes=-70), "Overdue by 1 hour"),
        (dt.timedelta(hours=-5), "Overdue by 5 hours"),
        (dt.timedelta(minutes=50), "1 hour left"),
        (dt.timedelta(hours=3), "3 hours left"),
    ],
)
def test_a_clock_reads_as_plain_english_in_the_singular_and_the_plural(offset, text) -> None:
    now = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
    assert clock_for(now + offset, calendar_for(None), now=now).text == text
