"""Calendar reminders for planned exercise days, as an iCalendar (.ics) file.

Each series has its own UID, made from what makes it a series: its days, time, time
zone and whether it follows a plan (and which). Exporting the same series again with new
content (a new start day, more weeks, another title) keeps the UID and raises SEQUENCE
(RFC 5545, 3.8.7.4), so a calendar updates the event instead of doubling it. The
sequence each series reached is kept in the learner's folder (``history``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, vRecur

from .errors import ExercisesError
from .i18n import _
from .safetymodels import SafetyRules
from .userdata import safe_write

__all__ = [
    "DAY_CODES",
    "ReminderError",
    "break_times",
    "parse_days",
    "parse_span",
    "reminders_ics",
    "series_uid",
]

DAY_CODES = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
_WEEKDAY = {code: i for i, code in enumerate(DAY_CODES)}


class ReminderError(ExercisesError, ValueError):
    """A day, time or zone the reminders cannot use; the message lists the valid forms."""


_FULL_NAMES = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}


def parse_days(text: str) -> list[str]:
    """Days written with commas or spaces ('mon,wed,fri', 'Mon Wed Fri', 'monday, friday')."""
    return [part for part in re.split(r"[\s,]+", text) if part]


def _days(days: Sequence[str]) -> list[str]:
    wanted = [_FULL_NAMES.get(d.strip().lower(), d.strip().lower()) for d in days if d.strip()]
    bad = [d for d in wanted if d not in DAY_CODES]
    if bad or not wanted:
        shown = ", ".join(repr(d) for d in bad) if bad else _("none")
        raise ReminderError(
            _("days must be some of: {days} (commas or spaces between); got {shown}").format(
                days=", ".join(DAY_CODES), shown=shown
            )
        )
    return sorted(set(wanted), key=_WEEKDAY.__getitem__)


def _time(text: str) -> time:
    try:
        clock = time.fromisoformat(text)
    except ValueError:
        raise ReminderError(
            _("time must be HH:MM in 24-hour form, like 07:30; got {text!r}").format(text=text)
        ) from None
    if clock.tzinfo is not None:
        raise ReminderError(
            _(
                "give the time without an offset ({text!r}); use --tz for a time zone, "
                "e.g. --time 07:30 --tz Europe/London"
            ).format(text=text)
        )
    return clock


def parse_span(text: str) -> tuple[time, time]:
    """A span of the day, 'HH:MM-HH:MM', its end after its start."""
    start, _sep, end = text.partition("-")
    if not end:
        raise ReminderError(
            _("give the hours as start-end, like 09:00-17:00; got {text!r}").format(text=text)
        )
    first, last = _time(start.strip()), _time(end.strip())
    if last <= first:
        raise ReminderError(
            _("the span must end after it starts, like 09:00-17:00; got {text!r}").format(text=text)
        )
    return first, last


def break_times(span: tuple[time, time], every: int) -> list[time]:
    """The times in the span, ``every`` minutes apart after the first stretch of sitting."""
    first, last = (datetime.combine(date.min, t) for t in span)
    step = timedelta(minutes=every)
    times, at = [], first + step
    while at <= last:
        times.append(at.time())
        at += step
    return times


def series_uid(
    days: Sequence[str], clock: time, tz: str | None, plan: str | None, kind: str = "reminders"
) -> str:
    """The UID of one series: the same days, time, zone and plan give the same UID."""
    kind = f"plan-{plan}" if plan else kind
    zone = re.sub(r"[^0-9a-z]+", "-", tz.lower()) if tz else "floating"
    return f"{kind}-{'-'.join(days)}-{clock:%H%M}-{zone}@lower-back-course"


def _sequence(history: Path, uid: str, content: str) -> int:
    """The series' SEQUENCE: as before for the same content, one more for changed content."""
    fingerprint = hashlib.sha256(content.encode()).hexdigest()
    try:
        known = json.loads(history.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    before = known.get(uid)
    if isinstance(before, dict) and isinstance(before.get("sequence"), int):
        if before.get("fingerprint") == fingerprint:
            return before["sequence"]
        sequence = before["sequence"] + 1
    else:
        sequence = 0
    known[uid] = {"fingerprint": fingerprint, "sequence": sequence}
    history.parent.mkdir(parents=True, exist_ok=True)
    safe_write(history, json.dumps(known, indent=1, sort_keys=True))
    return sequence


@dataclass(frozen=True)
class _Series:
    """One weekly repeating event: what it says and how long it lasts."""

    uid: str
    begins: datetime
    minutes: int
    summary: str
    description: str
    alarm_before: int  # minutes before the start the calendar rings


def _event(series: _Series, codes: Sequence[str], count: int, history: Path | None) -> Event:
    """A weekly event on ``codes`` days, ``count`` times, with its alarm; its SEQUENCE
    rises when its content changes (``history``)."""
    content = "\n".join(
        map(
            str,
            (series.begins.isoformat(), series.minutes, count, series.summary, series.description),
        )
    )
    event = Event()
    event.add("uid", series.uid)
    event.add("sequence", _sequence(history, series.uid, content) if history else 0)
    event.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    event.add("dtstart", series.begins)
    event.add("dtend", series.begins + timedelta(minutes=series.minutes))
    event.add("summary", series.summary)
    event.add("description", series.description)
    event.add(
        "rrule",
        vRecur({"FREQ": "WEEKLY", "BYDAY": [DAY_CODES[d] for d in codes], "COUNT": count}),
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", series.summary)
    alarm.add("trigger", timedelta(minutes=-series.alarm_before))
    event.add_component(alarm)
    return event


def _zone(tz: str | None) -> ZoneInfo | None:
    if not tz:
        return None
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReminderError(
            _("unknown time zone {zone!r}; use a name like Europe/London").format(zone=tz)
        ) from None


def reminders_ics(
    days: Sequence[str],
    at: str,
    *,
    weeks: int = 8,
    safety: SafetyRules,
    start: date | None = None,
    tz: str | None = None,
    minutes: int = 15,
    summary: str | None = None,
    plan: str | None = None,
    history: Path | None = None,
    breaks: tuple[time, time] | None = None,
) -> bytes:
    """One repeating event on the chosen days at a local time, for ``weeks`` weeks.

    Without ``tz`` the time is 'floating' (RFC 5545): 07:30 wherever the calendar is.
    With ``tz`` (e.g. Europe/London) it is pinned to that zone. ``plan`` names the
    programme the series follows. With ``history`` (a JSON file) a changed series gets
    the next SEQUENCE; without it SEQUENCE is 0. ``breaks`` (a span of the day) adds a
    short "up from your chair" event every ``sitting_break_minutes`` of the rulebook
    within it, on the same days.
    """
    codes = _days(days)
    clock = _time(at)
    if weeks < 1:
        raise ReminderError(_("weeks must be 1 or more; got {weeks}").format(weeks=weeks))
    zone = _zone(tz)
    first = start or date.today()
    while first.weekday() not in {_WEEKDAY[d] for d in codes}:
        first += timedelta(days=1)
    calendar = Calendar()
    calendar.add("prodid", "-//Lower-back course//exercises reminders//EN")
    calendar.add("version", "2.0")
    summary = summary or _("Back exercises")
    description = _(
        "Time for your back routine. Tick the safety checklist first. Stop rule: {rule} "
        "{disclaimer}"
    ).format(rule=safety.stop_rule, disclaimer=safety.disclaimer)
    count = weeks * len(codes)
    routine = _Series(
        series_uid(codes, clock, tz, plan),
        datetime.combine(first, clock, tzinfo=zone),
        minutes,
        summary,
        description,
        alarm_before=10,
    )
    calendar.add_component(_event(routine, codes, count, history))
    for at_break in break_times(breaks, safety.rulebook.sitting_break_minutes) if breaks else []:
        pause = _Series(
            series_uid(codes, at_break, tz, None, kind="sitting-break"),
            datetime.combine(first, at_break, tzinfo=zone),
            2,
            _("Up from your chair"),
            _("Stand up and move about for a minute or two. {why}").format(why=safety.sitting_note),
            alarm_before=0,
        )
        calendar.add_component(_event(pause, codes, count, history))
    if zone is not None:
        calendar.add_missing_timezones()  # a VTIMEZONE block, so every calendar reads it right
    return calendar.to_ical()
