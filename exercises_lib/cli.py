"""The ``exercises`` command: check the data, list and show exercises, build handouts."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogError, ExercisesError, UsageError
from .loading import DATA_ENV, course_catalog
from .models import Catalog
from .regions import REGION_ENV
from .rendering import exercise_text
from .timing import (
    CIRCUIT_MOVE_SECONDS,
    CIRCUIT_PACE,
    CIRCUIT_PACES,
    CIRCUIT_REST_SECONDS,
    CIRCUIT_ROUNDS,
    CIRCUIT_ROUTINE,
    CIRCUIT_WORK_SECONDS,
    MIN_MOVE_SECONDS,
)

if TYPE_CHECKING:  # loaded only by the commands that use them
    from .models import Program
    from .plan import PlanDay
    from .progress import ProgressLog

__all__ = ["main"]

# Terminal control characters from data or notes could recolour or rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str, *, one_line: bool = False) -> str:
    """Text safe for a terminal: control characters shown as '?'; one line if asked."""
    if one_line:
        text = text.replace("\r\n", " / ").replace("\n", " / ").replace("\r", " / ")
    return _CONTROL.sub("?", text)


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="data folder to use (default: $EXERCISES_DATA, else the course's own data)",
    )
    parser.add_argument(
        "--region",
        metavar="CODE",
        type=str.upper,
        default=None,
        help="whose emergency routes to name, e.g. GB, US, NZ (default: $EXERCISES_REGION, "
        "else your saved setting, else neutral words with the common numbers)",
    )


def _db_option(parser: argparse.ArgumentParser) -> None:
    from .userdata import user_dir

    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=None,
        help=f"the progress log (default: $EXERCISES_DB, else {user_dir() / 'progress.sqlite'})",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exercises",
        description="A course of safe lower-back exercises. Take it in JupyterLab (lab, "
        "update), print handouts and slide decks (handouts, slides, figure), run a workshop "
        "(present, guide), keep a progress log and a six-week plan (log, plan), and check or "
        "read the exercise library (validate, list, show).",
        epilog="Run `exercises COMMAND --help` for a command's options.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every data file; exit 1 on problems")
    _data_option(validate)

    listing = commands.add_parser("list", help="list the exercises")
    _data_option(listing)
    listing.add_argument(
        "--format", type=str.lower, choices=("table", "json"), default="table", help="table or json"
    )

    show = commands.add_parser("show", help="show one exercise in full")
    show.add_argument("id", help="exercise id, e.g. bird-dog")
    _data_option(show)
    show.add_argument(
        "--format", type=str.lower, choices=("text", "json"), default="text", help="text or json"
    )

    handouts = commands.add_parser(
        "handouts",
        help="build printable handouts (lessons and exercise sheets) as HTML and PDF",
        description="With no selection, builds the whole pack: every lesson and sheets for every exercise.",
    )
    _data_option(handouts)
    handouts.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path("build/handouts"),
        help="folder for the handouts (default: build/handouts)",
    )
    handouts.add_argument(
        "--format",
        type=str.lower,
        choices=("html", "pdf", "both"),
        default="both",
        help="html, pdf or both (default: both)",
    )
    handouts.add_argument("--lessons", metavar="LIST", help="lesson numbers, e.g. 03,04, or 'all'")
    handouts.add_argument(
        "--exercises",
        metavar="IDS",
        help="exercise ids for the sheets, e.g. bird-dog,partial-crunch",
    )
    handouts.add_argument(
        "--routine", metavar="ID", help="make the sheets for a routine, e.g. starter"
    )
    handouts.add_argument(
        "--paper",
        type=str.lower,
        choices=("a4", "letter"),
        default="a4",
        help="a4 or letter (default: a4)",
    )
    handouts.add_argument(
        "--lessons-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help="lesson notebooks to use (default: the course's own)",
    )
    handouts.add_argument(
        "--plan",
        nargs="?",
        const="",
        metavar="ID",
        help="add the plan sheet: your plan's programme, or the one named",
    )
    handouts.add_argument(
        "--large-print",
        action="store_true",
        help="14.5 pt type in one column, each exercise on a page of its own (files end in -large-print)",
    )
    handouts.add_argument(
        "--trainer",
        action="store_true",
        help="add the trainer pack (guide, what to watch for, quiz answers) and the screening form",
    )
    handouts.add_argument(
        "--force",
        action="store_true",
        help="remake every file, even those whose content has not changed",
    )
    figure = commands.add_parser("figure", help="draw an exercise's start and end figure as SVG")
    figure.add_argument("id", help="exercise id, e.g. bird-dog")
    _data_option(figure)
    figure.add_argument(
        "--pose",
        type=str.lower,
        choices=("start", "end", "end_right", "both"),
        default="both",
        help="which pose to draw (default: both, side by side)",
    )
    figure.add_argument(
        "--out", metavar="FILE.svg", type=Path, required=True, help="the SVG file to write"
    )

    slides = commands.add_parser(
        "slides", help="build reveal.js decks (trainer and participant) that work offline"
    )
    _data_option(slides)
    slides.add_argument(
        "--lessons", metavar="LIST", help="lesson numbers, e.g. 03,04 (default: all)"
    )
    slides.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path("build/slides"),
        help="folder for the decks (default: build/slides)",
    )
    slides.add_argument(
        "--lessons-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help="lesson notebooks to use (default: the course's own)",
    )

    present = commands.add_parser(
        "present",
        help="show the trainer circuit full screen, no code, offline (Voilà)",
        description="Serve the circuit timer for a projector. Stations start as the routine's "
        "exercises (the starter routine unless you name another); an advanced exercise joins "
        "only when its routine or its id is named.",
    )
    _data_option(present)
    present.add_argument(
        "--routine", metavar="ID", default=CIRCUIT_ROUTINE, help="default: starter"
    )
    present.add_argument(
        "--stations", metavar="LIST", help="exercise ids in order, e.g. pelvic-tilt,bird-dog"
    )
    present.add_argument(
        "--pace",
        choices=CIRCUIT_PACES,
        default=CIRCUIT_PACE,
        help="reps: every station runs one set of its dose, rep by rep; time: every station "
        "works for --work seconds and aims for the reps that fit (default: reps)",
    )
    present.add_argument(
        "--work",
        type=_bounded(int, 5, 600, "work seconds"),
        default=CIRCUIT_WORK_SECONDS,
        metavar="S",
        help=f"work seconds per station (default: {CIRCUIT_WORK_SECONDS})",
    )
    present.add_argument(
        "--rest",
        type=_bounded(int, 0, 600, "rest seconds"),
        default=CIRCUIT_REST_SECONDS,
        metavar="S",
        help=f"rest seconds after a station (default: {CIRCUIT_REST_SECONDS})",
    )
    present.add_argument(
        "--move",
        type=_bounded(int, MIN_MOVE_SECONDS, 120, "move seconds"),
        default=CIRCUIT_MOVE_SECONDS,
        metavar="S",
        help=f"seconds to move to the next station (default: {CIRCUIT_MOVE_SECONDS})",
    )
    present.add_argument(
        "--rounds",
        type=_bounded(int, 1, 10, "rounds"),
        default=CIRCUIT_ROUNDS,
        metavar="N",
        help=f"rounds (default: {CIRCUIT_ROUNDS})",
    )
    present.add_argument(
        "--port",
        type=_port_value,
        default=8866,
        help="local port to serve on (default: 8866, else the next free one)",
    )
    present.add_argument("--no-browser", action="store_true", help="do not open a browser")

    guide = commands.add_parser(
        "guide", help="write the trainer guide's warning signs and chair set from the data"
    )
    _data_option(guide)
    guide.add_argument(
        "--file",
        metavar="FILE",
        type=Path,
        default=None,
        help="the guide to update (default: lessons/TRAINER-GUIDE.md)",
    )
    guide.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if the guide is out of date"
    )

    _lab_parsers(commands)
    _log_parser(commands)
    _plan_parser(commands)
    return parser


def _lab_parsers(commands: argparse._SubParsersAction) -> None:
    lab = commands.add_parser(
        "lab",
        help="open your own copy of the course in JupyterLab (made on first start)",
        description="Copies the lessons and tools into your workspace the first time, then "
        "opens lesson 00 there. The workspace is $EXERCISES_WORKSPACE if set, else my-course/ "
        "in a checkout of the course, else lower-back-course in your Documents folder. "
        "Anything after -- goes to jupyter lab.",
    )
    update = commands.add_parser(
        "update",
        help="bring your copies of the lessons up to date, keeping the ones you changed",
    )
    for parser in (lab, update):
        parser.add_argument(
            "--course",
            metavar="DIR",
            type=Path,
            default=None,
            help="a course folder with lessons/ and notebooks/ (default: the course's own)",
        )
    lab.add_argument(
        "--port", type=_port_value, default=None, help="local port (default: 8888 or free)"
    )
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)


def _plan_parser(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser("plan", help="a six-week plan that moves on when weeks go well")
    actions = plan.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = actions.add_parser("start", help="start a programme (stored in your progress log)")
    today = actions.add_parser("today", help="this week's exercises and doses, and why if held")
    show = actions.add_parser("show", help="every week of the programme")
    for parser in (start, today, show):
        _data_option(parser)
        _db_option(parser)
    start.add_argument("--program", metavar="ID", help="programme id (default: the first one)")
    start.add_argument(
        "--date", type=_date_value, metavar="DATE", help="start day (default: today)"
    )
    start.add_argument(
        "--restart",
        action="store_true",
        help="start again from week 1 when a plan is already running (after a doctor's advice)",
    )
    today.add_argument("--date", type=_date_value, metavar="DATE", help="the day (default: today)")
    show.add_argument("--program", metavar="ID", help="programme id (default: your plan's)")
    for parser in (today, show):
        parser.add_argument(
            "--format",
            type=str.lower,
            choices=("text", "json"),
            default="text",
            help="text or json",
        )


def _pain_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"pain must be a whole number from 0 to 10; got {text!r}")
    return value


def _bounded(kind: type, low: float, high: float, what: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not (low <= value <= high):  # also refuses nan
            raise argparse.ArgumentTypeError(
                f"{what} must be from {low:g} to {high:g}; got {text!r}"
            )
        return value

    return parse


_reps_value = _bounded(int, 1, 100, "reps")
_port_value = _bounded(int, 1, 65535, "port")
_seconds_value = _bounded(float, 0.5, 600, "seconds")
_weeks_value = _bounded(int, 1, 52, "weeks")


def _date_value(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"dates look like 2026-11-30 (year-month-day); got {text!r}"
        ) from None


def _log_parser(commands: argparse._SubParsersAction) -> None:
    log = commands.add_parser(
        "log", help="your progress log: add, list, export, summary, reminders"
    )
    actions = log.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="log one exercise")
    _data_option(add)
    _db_option(add)
    add.add_argument("--exercise", required=True, metavar="ID", help="exercise id, e.g. bird-dog")
    add.add_argument("--reps", type=_reps_value, metavar="N", help="reps done, 1 to 100")
    add.add_argument(
        "--side", type=str.lower, choices=("left", "right", "both"), help="left, right or both"
    )
    add.add_argument(
        "--hold-seconds", type=_seconds_value, metavar="S", help="seconds held, e.g. 4"
    )
    add.add_argument(
        "--pain-before", type=_pain_value, metavar="0-10", help="pain before, 0 (none) to 10"
    )
    add.add_argument(
        "--pain-after", type=_pain_value, metavar="0-10", help="pain after, 0 (none) to 10"
    )
    add.add_argument(
        "--stop-rule",
        action="store_true",
        help="pain lasted longer than the stop rule's minutes (give --pain-before and --pain-after)",
    )
    add.add_argument("--note", default="", help="a short note, one line")
    add.add_argument(
        "--date",
        type=_date_value,
        metavar="DATE",
        help="the day you did it, for logging after the fact (default: now)",
    )

    listing = actions.add_parser("list", help="list logged exercises")
    _data_option(listing)
    _db_option(listing)
    listing.add_argument(
        "--since", type=_date_value, metavar="DATE", help="only entries from this day, YYYY-MM-DD"
    )
    listing.add_argument(
        "--format", type=str.lower, choices=("table", "json"), default="table", help="table or json"
    )

    export = actions.add_parser("export", help="export the log as CSV")
    _data_option(export)
    _db_option(export)
    export.add_argument(
        "--csv", required=True, metavar="FILE", type=Path, help="the CSV file to write"
    )

    summary = actions.add_parser("summary", help="sessions, weeks in a row, pain trend")
    _data_option(summary)
    _db_option(summary)
    summary.add_argument(
        "--format", type=str.lower, choices=("text", "json"), default="text", help="text or json"
    )

    reminders = actions.add_parser("reminders", help="write calendar reminders (.ics)")
    _data_option(reminders)
    _db_option(reminders)
    reminders.add_argument(
        "--ics", required=True, metavar="FILE", type=Path, help="the calendar file to write"
    )
    reminders.add_argument(
        "--days", required=True, help="days of the week, e.g. mon,wed,fri or 'mon wed fri'"
    )
    reminders.add_argument("--time", required=True, help="local time, e.g. 07:30")
    reminders.add_argument(
        "--weeks", type=_weeks_value, default=8, metavar="N", help="how many weeks, 1 to 52"
    )
    reminders.add_argument(
        "--tz", default=None, help="pin to a time zone, e.g. Europe/London (default: local)"
    )
    reminders.add_argument(
        "--plan",
        action="store_true",
        help="cover your plan: from its start day, for its weeks, naming the plan",
    )


def _log(args: argparse.Namespace) -> int:
    from .progress import ProgressLog, default_db_path
    from .reminders import parse_days, reminders_ics
    from .userdata import safe_write, user_dir

    catalog = _catalog(args)
    db = args.db or default_db_path()
    inputs = (db, catalog.data_dir)  # an output file never replaces what the command reads
    if args.action == "reminders":
        days = parse_days(args.days)
        weeks, start, what, plan = args.weeks, None, "Back exercises", None
        if args.plan:
            from .plan import todays_plan

            day = todays_plan(catalog, db)
            if day is None:
                raise UsageError("no plan started yet; run `exercises plan start` first")
            weeks, start, plan = len(day.program.weeks), day.started_on, day.program.id
            what = f"Back exercises: {day.program.name}"
        ics = reminders_ics(
            days,
            args.time,
            weeks=weeks,
            safety=catalog.safety,
            tz=args.tz,
            start=start,
            summary=what,
            plan=plan,
            history=user_dir() / "reminders.json",
        )
        safe_write(args.ics, ics, protected=inputs)
        print(f"Wrote {args.ics}: {', '.join(days)} at {args.time} for {weeks} weeks.")
        return 0
    if args.action == "add":  # every refusal comes before the log is opened or made
        avoided = catalog.safety.avoided(args.exercise)
        if avoided is not None:
            raise UsageError(f"{avoided.name} is on the avoid-while-in-pain list: {avoided.reason}")
        exercise = catalog.exercise(args.exercise)
        scores = (args.reps, args.hold_seconds, args.pain_before, args.pain_after)
        if all(value is None for value in scores):
            raise UsageError("nothing to log: give --reps, --hold-seconds or the pain scores")
        if args.stop_rule and None in (args.pain_before, args.pain_after):
            raise UsageError(
                "--stop-rule records a pain check: give --pain-before and --pain-after too"
            )
    with ProgressLog(db, readonly=args.action != "add") as log:
        if args.action == "add":
            row = log.add(
                exercise.id,
                logged_at=_logged_at(args.date, log),
                reps=args.reps,
                side=args.side,
                hold_seconds=args.hold_seconds,
                # with --stop-rule the scores go to the pain check below, not twice
                pain_before=None if args.stop_rule else args.pain_before,
                pain_after=None if args.stop_rule else args.pain_after,
                note=args.note,
            )
            print(f"Logged {exercise.name} (entry {row}) in {log.path}.")
            if args.stop_rule:
                assert args.pain_before is not None and args.pain_after is not None
                log.add_pain_check(
                    args.pain_before,
                    args.pain_after,
                    stop_rule=True,
                    checked_at=_logged_at(args.date, log),
                )
                print(f"Pain lasted past the stop rule: {plain(catalog.safety.stop_rule)}")
        elif args.action == "list":
            entries = log.entries(args.since)
            for line in _row_problems(log, catalog):
                print(f"! {line}", file=sys.stderr)
            if args.format == "json":
                print(json.dumps([e.to_dict() for e in entries], indent=2))
            else:
                for e in entries:
                    side = f" {e.side}" if e.side else ""
                    reps = f" {e.reps} reps" if e.reps is not None else ""
                    pain = (
                        f" pain {e.pain_before}->{e.pain_after}" if e.pain_after is not None else ""
                    )
                    line = f"{e.logged_at}  {e.exercise}{side}{reps}{pain}  {e.note}"
                    print(plain(line, one_line=True).rstrip())
                print(f"{len(entries)} entries", file=sys.stderr)
        elif args.action == "export":
            safe_write(args.csv, _csv(log.entries()), protected=inputs)
            print(f"Wrote {args.csv}.")
        elif args.action == "summary":
            summary = log.summary(catalog.safety.rulebook)
            problems = _row_problems(log, catalog)
            if args.format == "json":
                print(json.dumps({**summary.to_dict(), "problems": problems}, indent=2))
            else:
                for line in problems:
                    print(f"! {line}", file=sys.stderr)
                print(f"Sessions: {summary.sessions}")
                print(f"Weeks in a row: {summary.streak_weeks}")
                for week, count in summary.weekly.items():
                    print(f"  {week}: {count} session day{'s' if count != 1 else ''}")
                print(f"Pain after exercise: {summary.pain_trend}")
                print(f"Now: {summary.standing.headline}")
                for line in summary.record:
                    print(f"! {line}")
    return 0


def _row_problems(log: ProgressLog, catalog: Catalog) -> list[str]:
    """Rows the log leaves out (with their ids), and entries for moves the course lacks."""
    lines = [plain(str(problem), one_line=True) for problem in log.problems()]
    lines += [
        plain(
            f"entries row {e.id}: {e.exercise!r} is not an exercise of this course", one_line=True
        )
        for e in log.entries()
        if e.exercise not in catalog.exercises
    ]
    return lines


def _logged_at(day: date | None, log: ProgressLog) -> str | None:
    """The time stamp for an entry logged after the fact; None for now."""
    from .progress import noon_stamp

    if day is None:
        return None
    if day > date.today():
        raise UsageError(f"{day} is in the future; log a session on the day you did it")
    plan = log.current_plan()
    if plan is not None and day < plan[1]:
        raise UsageError(f"{day} is before your plan started ({plan[1]}); give a later date")
    return noon_stamp(day)


def _plan(args: argparse.Namespace) -> int:
    from .plan import todays_plan
    from .progress import ProgressLog, default_db_path

    catalog = _catalog(args)
    if not catalog.programs:
        raise UsageError("there is no programme in the data folder (data/programs/)")
    db = args.db or default_db_path()
    if args.action == "start":
        program = catalog.program(args.program or next(iter(catalog.programs)))
        day = args.date or date.today()
        running = todays_plan(catalog, db)
        if running is not None and not args.restart:
            raise UsageError(
                f"a plan is already running ({running.program.name}, started "
                f"{running.started_on}, week {running.week}); to start again from week 1, "
                "run `exercises plan start --restart`"
            )
        with ProgressLog(db) as log:
            log.start_plan(program.id, day)
        print(f"Started {program.name} on {day}. `exercises plan today` shows each day's plan.")
        return 0
    current = todays_plan(catalog, db, getattr(args, "date", None)) if db.exists() else None
    if args.action == "show":
        program = catalog.program(
            args.program or (current.program.id if current else next(iter(catalog.programs)))
        )
        if args.format == "json":
            print(
                json.dumps({"program": program.id, "weeks": [w.to_dict() for w in program.weeks]})
            )
        else:
            print(plain(program_text(program)))
        return 0
    if current is None:
        raise UsageError("no plan started yet; run `exercises plan start` first")
    if args.format == "json":
        print(json.dumps(current.to_dict(), ensure_ascii=False))
    else:
        print(plain(plan_day_text(current, catalog.safety.stop_rule)))
    return 0


def program_text(program: Program) -> str:
    """Every week of a programme, for the terminal."""
    lines = [program.name, "=" * len(program.name), program.description, ""]
    for week in program.weeks:
        lines.append(f"Week {week.week} ({week.sessions_per_week} days):")
        lines += [f"  - {i.exercise.name}: {i.dose.describe()}" for i in week.items]
        lines += [f"  {text}" for text in (week.note, week.review) if text]
    lines += ["", f"Adding the crunch: {program.add_crunch}", "", "Rules:"]
    lines += [f"  - {rule.text} ({rule.source})" for rule in program.rules]
    return "\n".join(lines)


def plan_day_text(day: PlanDay, stop_rule: str) -> str:
    """Today's plan, for the terminal."""
    program, week = day.program, day.plan_week
    lines = [f"{program.name}: week {day.week} of {len(program.weeks)} (started {day.started_on})"]
    lines.append(day.status)
    if day.gentle_today:
        lines.append("Your pain was high before exercise today: gentle moves only, the plan waits.")
    if not day.stopped:
        lines.append(f"This week, {week.sessions_per_week} days:")
        for item in day.items:
            easier = ", ".join(v.name for v in item.exercise.easier)
            more = f" (easier: {easier})" if day.held and easier else ""
            lines.append(f"  - {item.exercise.name}: {item.dose.describe()}{more}")
    if day.review:
        lines.append(f"Review: {day.review} Print the summary: exercises log summary.")
    lines.append(f"Stop rule: {stop_rule}")
    return "\n".join(lines)


def _csv(entries) -> str:
    import csv
    import io

    from .progress import Entry

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f for f in Entry.__dataclass_fields__])
    writer.writeheader()
    for entry in entries:
        writer.writerow({k: _cell(v) for k, v in entry.to_dict().items()})
    return out.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ or tab would make a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _slides(args: argparse.Namespace) -> int:
    from .slides import build_slides

    written = build_slides(
        args.out,
        _catalog(args),
        lessons=None if args.lessons in (None, "all") else _split(args.lessons),
        lessons_dir=args.lessons_dir,
        progress=lambda message: print(message, file=sys.stderr),
    )
    for path in written:
        print(path)
    print(
        f"{len(written)} decks in {args.out}; open one in a browser, press S for speaker notes.",
        file=sys.stderr,
    )
    return 0


def _present(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from .present import circuit_notebook, serve, voila_command, write_circuit_notebook

    nb = circuit_notebook(
        _catalog(args),
        routine=args.routine,
        stations=_split(args.stations),
        pace=args.pace,
        work=args.work,
        rest=args.rest,
        move=args.move,
        rounds=args.rounds,
    )
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    if voila is None:
        raise UsageError(f"Voilà is not installed; {_install_hint('present')}")
    port = _free_port(args.port)
    if port == 0:
        raise UsageError(f"ports {args.port} to {args.port + 49} are all taken; pass --port")
    with tempfile.TemporaryDirectory(prefix="exercises-present-") as folder:
        notebook = write_circuit_notebook(Path(folder), nb)
        command, env = voila_command(voila, notebook, port=port, open_browser=not args.no_browser)
        if args.data is not None:
            env[DATA_ENV] = str(args.data.resolve())  # the notebook's kernel inherits it
        taken = f" (port {args.port} was taken)" if port != args.port else ""
        print(
            f"Presenting the circuit at http://127.0.0.1:{port}/{taken} (Ctrl+C to stop)",
            file=sys.stderr,
        )
        return serve(command, env)


def _lab(args: argparse.Namespace) -> int:
    import os
    import secrets
    import shutil

    from .coursefiles import course_dir
    from .workspace import START_PAGE, sync_workspace, workspace_dir

    course = (args.course or course_dir()).resolve()
    workspace = workspace_dir()
    for line in sync_workspace(course, workspace).lines():
        print(line, file=sys.stderr)
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which(
        "jupyter"
    )
    if jupyter is None:
        raise UsageError(f"JupyterLab is not installed; {_install_hint('lab')}")
    command = [
        jupyter,
        "lab",
        START_PAGE,
        f"--ServerApp.root_dir={workspace}",
        # The course's JupyterLab settings: no news pop-up (see exercises_lib/jupyterlab).
        f"--LabApp.app_settings_dir={Path(__file__).resolve().parent / 'jupyterlab'}",
        # `exercises present` runs Voilà on its own; its extension inside JupyterLab is not
        # used, and it turns traitlets' deprecation notices on in the learner's terminal.
        "--ServerApp.jpserver_extensions=voila.server_extension=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root unless told; containers are root
    # JupyterLab prints an address that opens its Launcher; this one opens lesson 00.
    port = args.port or _free_port(8888)
    if port == 0:
        raise UsageError("ports 8888 to 8937 are all taken; pass --port")
    extra = [a for a in args.jupyter_args if a != "--"]
    command.append(f"--port={port}")
    address = f"http://localhost:{port}/lab/tree/{START_PAGE}"
    env = dict(os.environ)
    if not any(a.startswith(("--IdentityProvider.token", "--ServerApp.token")) for a in extra):
        # Through the environment, not the command line, where `ps` shows it to every user.
        token = env.setdefault("JUPYTER_TOKEN", secrets.token_hex(24))
        address += f"?token={token}"
    if args.no_browser:
        command.append("--no-browser")
    command += extra
    print(f"Your copy of the course: {workspace}", file=sys.stderr)
    print(f"Open the course at {address}", file=sys.stderr)
    os.chdir(workspace)
    os.execve(jupyter, command, env)
    return 0


def _free_port(first: int) -> int:
    """The first port from ``first`` up that this machine can listen on; 0 if none of 50."""
    import socket

    for port in range(first, min(first + 50, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return 0


def _update(args: argparse.Namespace) -> int:
    from .coursefiles import course_dir
    from .workspace import sync_workspace, workspace_dir

    course = (args.course or course_dir()).resolve()
    workspace = workspace_dir()
    lines = sync_workspace(course, workspace, update=True).lines()
    for line in lines:
        print(line)
    print(f"{workspace}: " + ("up to date." if not lines else f"{len(lines)} change(s)."))
    return 0


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _handouts(args: argparse.Namespace) -> int:
    from .handouts import build_handouts

    lessons = None if args.lessons in (None, "all") else _split(args.lessons)
    if args.lessons == "all":
        from .coursefiles import lessons_dir
        from .notebooks import lesson_paths

        lessons = [p.stem for p in lesson_paths(args.lessons_dir or lessons_dir())]
    catalog = _catalog(args)
    written = build_handouts(
        args.out,
        catalog,
        formats=("html", "pdf") if args.format == "both" else (args.format,),
        lessons=lessons,
        exercises=_split(args.exercises),
        routine=args.routine,
        paper=args.paper,
        plan=_plan_id(args, catalog) if args.plan is not None else None,
        trainer=args.trainer,
        large_print=args.large_print,
        lessons_dir=args.lessons_dir,
        force=args.force,
        progress=lambda message: print(message, file=sys.stderr),
    )
    for path in written:
        print(path)
    print(f"{len(written)} files in {args.out}", file=sys.stderr)
    return 0


def _plan_id(args: argparse.Namespace, catalog: Catalog) -> str:
    """The programme named, else the learner's plan, else the first programme."""
    from .plan import todays_plan

    if args.plan:
        return str(catalog.program(args.plan).id)
    day = todays_plan(catalog, getattr(args, "db", None))
    if day is not None:
        return day.program.id
    if not catalog.programs:
        raise UsageError("there is no programme in the data folder (data/programs/)")
    return next(iter(catalog.programs))


def _validate(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    for warning in catalog.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"OK: {len(catalog)} exercises, {len(catalog.routines)} routines, "
        f"{len(catalog.quizzes)} quizzes and the safety rules in {catalog.data_dir} are valid."
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.format == "json":
        payload = {
            "exercises": [e.to_dict() for e in catalog],
            "safety": catalog.safety.to_dict(),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    rows = [("ID", "NAME", "LEVEL", "DOSE")]
    rows += [(e.id, plain(e.name, one_line=True), e.difficulty, e.dose.describe()) for e in catalog]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3]
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    exercise = catalog.exercise(args.id)
    if args.format == "json":
        payload = {"exercise": exercise.to_dict(), "safety": catalog.safety.to_dict()}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(plain(exercise_text(exercise)))
        print()
        print(plain(f"Stop rule: {catalog.safety.stop_rule}"))
        for level in catalog.safety.warning_signs.levels:
            print(plain(f"Warning signs: {level.short_line}"))
            if level.note:
                print(plain(level.note))
        print(plain(f"Not medical advice: {catalog.safety.disclaimer}"))
    return 0


def _figure(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    from .figures import figure_pair_svg, figure_svg
    from .userdata import safe_write

    exercise = catalog.exercise(args.id)
    if exercise.figure is None:
        raise UsageError(
            f"{exercise.id} has no figure yet; add poses under 'figure:' in its data file"
        )
    if args.pose == "both":
        svg = figure_pair_svg(exercise.figure, title=f"{exercise.name}: start and end positions")
    elif args.pose in exercise.figure.poses:
        svg = figure_svg(exercise.figure, args.pose, title=f"{exercise.name}: {args.pose} position")
    else:
        raise UsageError(
            f"{exercise.id} has no {args.pose!r} pose; it has: {', '.join(exercise.figure.poses)}"
        )
    safe_write(args.out, svg, protected=[catalog.data_dir])
    print(f"Wrote {args.out}.")
    return 0


def _guide(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    from .guide import DEFAULT_GUIDE, guide_blocks, sync_guide

    path = args.file or DEFAULT_GUIDE
    names = ", ".join(guide_blocks(catalog))
    if sync_guide(path, catalog, check=args.check):
        print(f"{path}: the blocks made from the data ({names}) match it.")
        return 0
    if args.check:
        print(f"{path}: the data blocks are out of date; run `exercises guide`.", file=sys.stderr)
        return 1
    print(f"{path}: the blocks made from the data ({names}) were brought up to date.")
    return 0


def _catalog(args: argparse.Namespace) -> Catalog:
    """The one catalog a command works on: the data folder plus the learner's own routines."""
    region = getattr(args, "region", None)
    catalog = course_catalog(args.data, region=region)
    if region:  # kernels, Voilà and JupyterLab started from here name the same routes
        os.environ[REGION_ENV] = region
    return catalog


_COMMANDS = {
    "validate": _validate,
    "list": _list,
    "show": _show,
    "figure": _figure,
    "guide": _guide,
    "handouts": _handouts,
    "slides": _slides,
    "present": _present,
    "lab": _lab,
    "update": _update,
    "log": _log,
    "plan": _plan,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems, 2 usage)."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except CatalogError as exc:
        print(plain(str(exc)), file=sys.stderr)
        print("Fix the files above, then run `exercises validate` again.", file=sys.stderr)
        return 1
    except ExercisesError as exc:
        print(f"exercises: {plain(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `exercises list | head` closes the pipe early
        return 0
    except OSError as exc:  # a file or folder the user named cannot be read or written
        where = f" {exc.filename}" if exc.filename else ""
        print(f"exercises: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:  # an extra this command needs is not installed
        extra = _EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        extra = _COMMAND_EXTRAS.get(args.command, extra)
        print(f"exercises: this command needs {exc.name}; {_install_hint(extra)}", file=sys.stderr)
        return 1


def _install_hint(extra: str) -> str:
    return f"install it with pip install 'exercises-lib[{extra}]' (make lab installs everything)"


# Which optional dependency group (pyproject.toml) brings each module a command may need.
_EXTRAS = {
    "nbconvert": "pdf",
    "nbformat": "pdf",
    "nbclient": "pdf",
    "jupyter_client": "pdf",
    "nh3": "pdf",
    "playwright": "pdf",
    "matplotlib": "lab",
    "voila": "present",
}
# A command whose extra brings every module it needs: present's Voilà brings nbformat too.
_COMMAND_EXTRAS = {"present": "present", "lab": "lab"}


if __name__ == "__main__":
    raise SystemExit(main())
