"""The working-day calendar: one module answers every "when is it due?" question.

A working day is Monday to Friday, not an England and Wales bank holiday
(substitute days included) and not one of the area's own closure days. Office
hours are per area. An event outside office hours starts working-day counting
at the opening of the next working day; clock-hour deadlines keep running
(docs/domain.md §6, rule 21).
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
DEFAULT_HOURS = {str(day): ["09:00", "17:00"] for day in range(5)}


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


@dataclass(frozen=True)
class Calendar:
    """An area's working calendar. Build one with `calendar_for(area)`."""

    office_hours: dict  # weekday number as a string -> ["HH:MM", "HH:MM"]
    closures: frozenset[dt.date] = frozenset()

    # Days ------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        return str(day.weekday()) in self.office_hours and not is_bank_holiday(day) and day not in self.closures

    def next_working_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def _hours(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        start, end = self.office_hours[str(day.weekday())]
        return _at(day, start), _at(day, end)

    # Moments ---------------------------------------------------------------

    def is_working_moment(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(LONDON)
        if not self.is_working_day(local.date()):
            return False
        opens, closes = self._hours(local.date())
        return opens <= local < closes

    def counting_start(self, moment: dt.datetime) -> dt.datetime:
        """Where working-day counting starts for an event at `moment`: the moment
        itself in office hours, otherwise the next opening time."""
        local = moment.astimezone(LONDON)
        day = local.date()
        if self.is_working_day(day):
            opens, closes = self._hours(day)
            if local < opens:
                return opens
            if local < closes:
                return local
        day = self.next_working_day(day)
        return self._hours(day)[0]

    def add_working_days(self, moment: dt.datetime, days: int) -> dt.datetime:
        """The same time of day, `days` working days after counting starts."""
        start = self.counting_start(moment)
        day = start.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return _at(day, start.strftime("%H:%M:%S.%f"))

    @staticmethod
    def add_clock_hours(moment: dt.datetime, hours: int) -> dt.datetime:
        """Clock time runs through nights, weekends and holidays (rule 21)."""
        return (moment.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(LONDON)

    def add_calendar_days(self, moment: dt.datetime, days: int) -> dt.datetime:
        local = moment.astimezone(LONDON)
        return _at(local.date() + dt.timedelta(days=days), local.strftime("%H:%M:%S.%f"))

    def working_days_between(self, start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> int:
        """Working days after `start`'s day up to and including `end`'s day
        (negative when `end` is earlier)."""
        a, b = _date(start), _date(end)
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        count, day = 0, a
        while day < b:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return sign * count


def _date(value: dt.datetime | dt.date) -> dt.date:
    return value.astimezone(LONDON).date() if isinstance(value, dt.datetime) else value


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    parts = [float(p) for p in hhmm.split(":")]
    hour, minute = int(parts[0]), int(parts[1])
    second = parts[2] if len(parts) > 2 else 0.0
    naive = dt.datetime(day.year, day.month, day.day, hour, minute, int(second), round((second % 1) * 1e6))
    return naive.replace(tzinfo=LONDON)


def calendar_for(area) -> Calendar:
    """The calendar of an area (its office hours and closure days); a default
    Monday-to-Friday calendar when there is no area."""
    if area is None:
        return Calendar(office_hours=DEFAULT_HOURS)
    # Read with the area when its caller needed both (requests_app.sections.area_of): one query less.
    known = getattr(area, "closure_dates", None)
    return calendar_of(
        area.office_hours, known if known is not None else area.closure_days.values_list("date", flat=True)
    )


def calendar_of(office_hours: dict | None, closures) -> Calendar:
    """The calendar of an area read as values: its office hours (the default week when it sets
    none) and its closure days."""
    return Calendar(office_hours=office_hours or DEFAULT_HOURS, closures=frozenset(closures))
