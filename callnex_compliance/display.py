"""One way to show dates and times to a person, for strings built in code (exports, letters, messages).

Templates get the same through the `human_date` / `human_time` filters (built in, see settings) and
the project's FORMAT_MODULE_PATH: a date reads `28 Nov 2026`, a moment `28 Nov 2026, 14:05 CET` — always
converted to the installation's zone (Europe/Brussels) with the zone named, never a bare UTC time.
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as django_format

DATE = "j M Y"
TIME = "H:i T"
MOMENT = f"{DATE}, {TIME}"


def human_date(value: dt.date | dt.datetime | None) -> str:
    """Return `28 Nov 2026` for a date (a datetime counts in the local zone); "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return django_format(value, DATE)


def human_time(value: dt.datetime | dt.date | None) -> str:
    """Return `28 Nov 2026, 14:05 CET`: the moment in the local zone, zone shown; "" for None."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        return human_date(value)
    return django_format(_local(value), MOMENT)


def _local(value: dt.datetime) -> dt.datetime:
    # A naive datetime in this project is UTC (USE_TZ); printing it unconverted is an hour or two off.
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return timezone.localtime(value)


register = template.Library()
register.filter("human_date", human_date)
register.filter("human_time", human_time)
