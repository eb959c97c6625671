"""Calendar reminders: a real iCalendar parser reads them back with the right times and repeats."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import pairwise

import pytest
from icalendar import Calendar

from exercises_lib import load_catalog
from exercises_lib.cli import main
from exercises_lib.reminders import ReminderError, reminders_ics

from .conftest import DATA


def _event(ics: bytes):
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return event


def test_floating_local_time_and_rule(catalog):
    """07:30 on Mon/Wed/Fri for 4 weeks starts on the next chosen day, in local time."""
    ics = reminders_ics(
        ["mon", "wed", "fri"], "07:30", weeks=4, safety=catalog.safety, start=date(2026, 11, 26)
    )
    event = _event(ics)
    assert datetime(2026, 11, 27, 7, 30) == event.decoded("dtstart")
    rule = event["rrule"]
    assert (["WEEKLY"], ["MO", "WE", "FR"], [12]) == (rule["FREQ"], rule["BYDAY"], rule["COUNT"])
    minutes = load_catalog(DATA).safety.stop_minutes
    assert f"more than {minutes} minutes" in str(event["description"])


def test_pinned_zone(catalog):
    """With a zone, the start carries it."""
    event = _event(
        reminders_ics(
            ["tue"], "18:00", safety=catalog.safety, start=date(2026, 11, 26), tz="Europe/London"
        )
    )
    start = event.decoded("dtstart")
    assert ("Europe/London", 18) == (str(start.tzinfo), start.hour)


@pytest.mark.parametrize(
    ("days", "at", "tz", "message"),
    [
        (["funday"], "07:30", None, "days must be some of"),
        (["mon"], "7.30am", None, "time must be HH:MM"),
        (["mon"], "07:30", "Mars/Olympus", "unknown time zone"),
    ],
)
def test_bad_input(catalog, days, at, tz, message):
    """Bad days, times and zones are refused with the valid form."""
    with pytest.raises(ReminderError, match=message):
        reminders_ics(days, at, safety=catalog.safety, tz=tz)


def test_cli_writes_file(tmp_path, capsys):
    """`exercises log reminders` writes an .ics that parses."""
    target = tmp_path / "back.ics"
    assert 0 == main(
        [
            "log",
            "reminders",
            "--ics",
            str(target),
            "--days",
            "mon,thu",
            "--time",
            "07:30",
            "--weeks",
            "2",
        ]
    )
    assert ["MO", "TH"] == _event(target.read_bytes())["rrule"]["BYDAY"]


def test_each_series_has_its_own_uid(catalog):
    """Plain, zoned, plan and other-day calendars never share a UID; one series keeps its own."""

    def uid(days, at, **options):
        start = options.pop("start", date(2026, 12, 1))
        return str(
            _event(reminders_ics(days, at, safety=catalog.safety, start=start, **options))["uid"]
        )

    series = [
        uid(["mon", "wed", "fri"], "07:30"),
        uid(["mon", "wed", "fri"], "07:30", tz="Europe/London"),
        uid(["mon", "wed", "fri"], "07:30", plan="six-weeks"),
        uid(["mon", "wed", "fri"], "07:30", tz="America/New_York", plan="six-weeks"),
        uid(["tue", "thu"], "07:30"),
        uid(["mon", "wed", "fri"], "18:05"),
    ]
    assert len(series) == len(set(series))
    assert series[0] == uid(["fri", "mon", "wed"], "07:30", weeks=2, start=date(2026, 12, 9))


def test_a_changed_series_gets_the_next_sequence(catalog, tmp_path):
    """Same series, new content: SEQUENCE goes up by one; the same content keeps it."""
    history = tmp_path / "reminders.json"

    def sequence(weeks, **options):
        ics = reminders_ics(
            ["mon"],
            "07:30",
            weeks=weeks,
            safety=catalog.safety,
            start=date(2026, 12, 1),
            history=history,
            **options,
        )
        return int(_event(ics)["sequence"])

    assert [0, 0, 1, 1, 2] == [sequence(8), sequence(8), sequence(6), sequence(6), sequence(8)]
    assert 0 == sequence(8, tz="Europe/London")  # another series starts its own count


def test_sitting_breaks_come_every_so_often_through_the_hours_asked(catalog, tmp_path, capsys):
    """`log reminders --breaks 09:00-12:00` adds a short "up from your chair" series at
    each of the rulebook's sitting-break times in those hours, on the same days, each with
    its own UID and an alarm as it starts; the routine's own event stays as it was."""
    from datetime import timedelta

    every = catalog.safety.rulebook.sitting_break_minutes
    target = tmp_path / "back.ics"
    args = ["log", "reminders", "--ics", str(target), "--days", "mon,thu", "--time", "07:30"]
    assert 0 == main([*args, "--breaks", "09:00-12:00"])
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    breaks = [e for e in events if "chair" in str(e["summary"])]
    expected = 180 // every
    assert expected > 0 and expected == len(breaks) == len(events) - 1
    starts = sorted(e.decoded("dtstart") for e in breaks)
    assert all(b - a == timedelta(minutes=every) for a, b in pairwise(starts))
    nine = datetime.combine(starts[0].date(), time(9))
    assert nine + timedelta(minutes=every) == starts[0]  # after a first stretch of sitting
    assert starts[-1] <= nine + timedelta(hours=3)
    assert len({str(e["uid"]) for e in events}) == len(events)
    for event in breaks:
        assert ["MO", "TH"] == event["rrule"]["BYDAY"]
        assert catalog.safety.sitting_note in str(event["description"])
        [alarm] = event.walk("VALARM")
        assert timedelta(0) == alarm.decoded("trigger")
    assert (
        f"With {expected} breaks from sitting a day, every {every} minutes"
        in capsys.readouterr().out
    )


@pytest.mark.parametrize("span", ["12:00-09:00", "09:00", "nine-five"])
def test_a_span_that_is_not_one_is_refused_with_the_form(tmp_path, span, capsys):
    target = tmp_path / "back.ics"
    args = ["log", "reminders", "--ics", str(target), "--days", "mon", "--time", "07:30"]
    assert 0 != main([*args, "--breaks", span])
    said = capsys.readouterr().err
    assert "09:00-17:00" in said or "HH:MM" in said, said  # the form to use
    assert not target.exists()
