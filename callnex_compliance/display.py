"""One way to show dates and times to a person, for strings built in code (exports, letters, messages).

Templates get the same through the `human_date` / `human_time` filters (built in, see settings) and
the project's FORMAT_MODULE_PATH: a date reads `28 Nov 2026`, a moment `28 Nov 2026, 14:05 CET` — always
converted to the installation's zone (Europe/Brussels) with the zone named, never a bare UTC time.
"""

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.dateformat import format as django_format

DATE = "j M Y"
TIME = "H:i T"
MOMENT = f"{DATE}, {TIME}"
# Dutch and French write the month in full and in lower case ("31 december 2026", "31 décembre 2026"): the
# same day-month-year order, in the words a person reading that language expects (letters, public pages).
DATE_IN = {"nl": "j F Y", "fr": "j F Y"}


def _date_format() -> str:
    return DATE_IN.get((translation.get_language() or "en")[:2], DATE)


def human_date(value: dt.date | dt.datetime | str | None) -> str:
    """Return `28 Nov 2026` for a date (a datetime counts in the local zone; an ISO string, e.g. from a
    frozen JSON document, is read first); "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = _local(value)
    return django_format(value, _date_format())


def human_time(value: dt.datetime | dt.date | None) -> str:
    """Return `28 Nov 2026, 14:05 CET`: the moment in the local zone, zone shown; "" for None."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        return human_date(value)
    return django_format(_local(value), f"{_date_format()}, {TIME}")


def _local(value: dt.datetime) -> dt.datetime:
    # A naive datetime in this project is UTC (USE_TZ); printing it unconverted is an hour or two off.
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return timezone.localtime(value)


register = template.Library()
register.filter("human_date", human_date)
register.filter("human_time", human_time)
