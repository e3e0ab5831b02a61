"""Date arithmetic that several rules share: a child's age, and "N years before"."""

import datetime as dt

from django.db.models import DateField, Func


def years_before(day: dt.date, years: int) -> dt.date:
    """The same date `years` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class TwelveMonthsBefore(Func):
    """`years_before(day, 1)` worked out by PostgreSQL, for set-based queries (29 February becomes
    28 February, as above)."""

    template = "(%(expressions)s - interval '12 months')::date"
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        # The development database: SQLite rolls 29 February a year back to 1 March, so step back a day first.
        sql, params = compiler.compile(self.source_expressions[0])
        leap = f"CASE WHEN substr({sql}, 6, 5) = '02-29' THEN date({sql}, '-1 day', '-12 months') "
        return f"{leap}ELSE date({sql}, '-12 months') END", (*params, *params, *params)


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    """Age in whole years on `day`; None when there is no date of birth (an unborn baby)."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
