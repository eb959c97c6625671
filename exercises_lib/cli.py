"""The ``exercises`` command: check the data, list and show exercises, build handouts."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .browser import BrowserMissingError
from .errors import CatalogError, UnknownIdError
from .loading import DATA_ENV, load_catalog
from .models import Catalog
from .rendering import exercise_text

__all__ = ["main"]


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="data folder to use (default: $EXERCISES_DATA, else the course's own data)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exercises",
        description="Safe lower-back exercises: check the data, list and show exercises.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every data file; exit 1 on problems")
    _data_option(validate)

    listing = commands.add_parser("list", help="list the exercises")
    _data_option(listing)
    listing.add_argument("--format", choices=("table", "json"), default="table")

    show = commands.add_parser("show", help="show one exercise in full")
    show.add_argument("id", help="exercise id, e.g. bird-dog")
    _data_option(show)
    show.add_argument("--format", choices=("text", "json"), default="text")

    handouts = commands.add_parser(
        "handouts",
        help="build printable handouts (lessons and exercise sheets) as HTML and PDF",
        description="With no selection, builds the whole pack: every lesson and sheets for every exercise.",
    )
    _data_option(handouts)
    handouts.add_argument("--out", metavar="DIR", type=Path, default=Path("build/handouts"))
    handouts.add_argument("--format", choices=("html", "pdf", "both"), default="both")
    handouts.add_argument("--lessons", metavar="LIST", help="lesson numbers, e.g. 03,04, or 'all'")
    handouts.add_argument(
        "--exercises",
        metavar="IDS",
        help="exercise ids for the sheets, e.g. bird-dog,partial-crunch",
    )
    handouts.add_argument(
        "--routine", metavar="ID", help="make the sheets for a routine, e.g. starter"
    )
    handouts.add_argument("--paper", choices=("a4", "letter"), default="a4")
    handouts.add_argument(
        "--lessons-dir", metavar="DIR", type=Path, default=None, help="default: ./lessons"
    )
    figure = commands.add_parser("figure", help="draw an exercise's start and end figure as SVG")
    figure.add_argument("id", help="exercise id, e.g. bird-dog")
    _data_option(figure)
    figure.add_argument("--pose", choices=("start", "end", "end_right", "both"), default="both")
    figure.add_argument("--out", metavar="FILE.svg", type=Path, required=True)

    slides = commands.add_parser(
        "slides", help="build reveal.js decks (trainer and participant) that work offline"
    )
    _data_option(slides)
    slides.add_argument(
        "--lessons", metavar="LIST", help="lesson numbers, e.g. 03,04 (default: all)"
    )
    slides.add_argument("--out", metavar="DIR", type=Path, default=Path("build/slides"))
    slides.add_argument(
        "--lessons-dir", metavar="DIR", type=Path, default=None, help="default: ./lessons"
    )

    present = commands.add_parser(
        "present", help="show the trainer circuit full screen, no code (Voilà)"
    )
    _data_option(present)
    present.add_argument("--notebook", type=Path, default=Path("notebooks/trainer-circuit.ipynb"))
    present.add_argument("--port", type=int, default=8866)
    present.add_argument("--no-browser", action="store_true", help="do not open a browser")

    guide = commands.add_parser(
        "guide", help="write the trainer guide's warning signs from the safety rules"
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

    _log_parser(commands)
    return parser


def _pain_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"pain must be a whole number from 0 to 10; got {text!r}")
    return value


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

    def db_option(parser: argparse.ArgumentParser) -> None:
        _data_option(parser)
        parser.add_argument(
            "--db",
            metavar="PATH",
            type=Path,
            default=None,
            help="default: $EXERCISES_DB, else your data folder",
        )

    add = actions.add_parser("add", help="log one exercise")
    db_option(add)
    add.add_argument("--exercise", required=True, metavar="ID")
    add.add_argument("--reps", type=int)
    add.add_argument("--side", choices=("left", "right", "both"))
    add.add_argument("--hold-seconds", type=float)
    add.add_argument("--pain-before", type=_pain_value, metavar="0-10")
    add.add_argument("--pain-after", type=_pain_value, metavar="0-10")
    add.add_argument("--note", default="")

    listing = actions.add_parser("list", help="list logged exercises")
    db_option(listing)
    listing.add_argument("--since", type=_date_value, metavar="DATE")
    listing.add_argument("--format", choices=("table", "json"), default="table")

    export = actions.add_parser("export", help="export the log as CSV")
    db_option(export)
    export.add_argument("--csv", required=True, metavar="FILE", type=Path)

    summary = actions.add_parser("summary", help="sessions, weeks in a row, pain trend")
    db_option(summary)
    summary.add_argument("--format", choices=("text", "json"), default="text")

    reminders = actions.add_parser("reminders", help="write calendar reminders (.ics)")
    db_option(reminders)
    reminders.add_argument("--ics", required=True, metavar="FILE", type=Path)
    reminders.add_argument("--days", required=True, help="e.g. mon,wed,fri")
    reminders.add_argument("--time", required=True, help="local time, e.g. 07:30")
    reminders.add_argument("--weeks", type=int, default=8)
    reminders.add_argument(
        "--tz", default=None, help="pin to a time zone, e.g. Europe/London (default: local)"
    )


def _log(args: argparse.Namespace) -> int:
    from .progress import ProgressLog
    from .reminders import reminders_ics
    from .userdata import atomic_write

    catalog = load_catalog(args.data)
    if args.action == "reminders":
        ics = reminders_ics(
            args.days.split(","), args.time, weeks=args.weeks, safety=catalog.safety, tz=args.tz
        )
        atomic_write(args.ics, ics)
        print(f"Wrote {args.ics}: {args.days} at {args.time} for {args.weeks} weeks.")
        return 0
    with ProgressLog(args.db) as log:
        if args.action == "add":
            avoided = catalog.safety.avoided(args.exercise)
            if avoided is not None:
                raise ValueError(
                    f"{avoided.name} is on the avoid-while-in-pain list: {avoided.reason}"
                )
            exercise = catalog.exercise(args.exercise)  # unknown ids are refused before any write
            row = log.add(
                exercise.id,
                reps=args.reps,
                side=args.side,
                hold_seconds=args.hold_seconds,
                pain_before=args.pain_before,
                pain_after=args.pain_after,
                note=args.note,
            )
            print(f"Logged {exercise.name} (entry {row}) in {log.path}.")
        elif args.action == "list":
            entries = log.entries(args.since)
            if args.format == "json":
                print(json.dumps([e.to_dict() for e in entries], indent=2))
            else:
                for e in entries:
                    side = f" {e.side}" if e.side else ""
                    reps = f" {e.reps} reps" if e.reps is not None else ""
                    pain = (
                        f" pain {e.pain_before}->{e.pain_after}" if e.pain_after is not None else ""
                    )
                    print(f"{e.logged_at}  {e.exercise}{side}{reps}{pain}  {e.note}".rstrip())
                print(f"{len(entries)} entries", file=sys.stderr)
        elif args.action == "export":
            atomic_write(args.csv, _csv(log.entries()))
            print(f"Wrote {args.csv}.")
        elif args.action == "summary":
            summary = log.summary()
            if args.format == "json":
                print(json.dumps(summary.to_dict(), indent=2))
            else:
                print(f"Sessions: {summary.sessions}")
                print(f"Weeks in a row: {summary.streak_weeks}")
                for week, count in summary.weekly.items():
                    print(f"  {week}: {count} session day{'s' if count != 1 else ''}")
                print(f"Pain after exercise: {summary.pain_trend}")
                for flag in summary.flags:
                    print(f"! {flag}")
    return 0


def _csv(entries) -> str:
    import csv
    import io

    from .progress import Entry

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f for f in Entry.__dataclass_fields__])
    writer.writeheader()
    for entry in entries:
        writer.writerow(entry.to_dict())
    return out.getvalue()


def _slides(args: argparse.Namespace) -> int:
    from .slides import build_slides

    written = build_slides(
        args.out,
        lessons=None if args.lessons in (None, "all") else _split(args.lessons),
        lessons_dir=args.lessons_dir,
        data_dir=args.data,
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
    import os
    import shutil

    if not args.notebook.is_file():
        raise ValueError(
            f"no notebook at {args.notebook}; run from the course folder or pass --notebook PATH"
        )
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    if voila is None:
        raise ValueError("Voilà is not installed; run `make lab` (or pip install voila) first")
    command = [
        voila,
        str(args.notebook),
        f"--port={args.port}",
        "--Voila.ip=127.0.0.1",
        "--theme=light",
    ]
    if args.no_browser:
        command.append("--no-browser")
    if args.data is not None:
        os.environ[DATA_ENV] = str(args.data.resolve())  # the notebook's kernel inherits it
    print(
        f"Presenting {args.notebook} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)",
        file=sys.stderr,
    )
    os.execv(voila, command)
    return 0


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _handouts(args: argparse.Namespace) -> int:
    from .handouts import build_handouts

    lessons = None if args.lessons in (None, "all") else _split(args.lessons)
    if args.lessons == "all":
        lessons = [
            p.stem for p in sorted((args.lessons_dir or Path("lessons")).glob("[0-9][0-9]-*.ipynb"))
        ]
    written = build_handouts(
        args.out,
        formats=("html", "pdf") if args.format == "both" else (args.format,),
        lessons=lessons,
        exercises=_split(args.exercises),
        routine=args.routine,
        paper=args.paper,
        data_dir=args.data,
        lessons_dir=args.lessons_dir,
        progress=lambda message: print(message, file=sys.stderr),
    )
    for path in written:
        print(path)
    print(f"{len(written)} files in {args.out}", file=sys.stderr)
    return 0


def _validate(catalog: Catalog, _: argparse.Namespace) -> int:
    print(
        f"OK: {len(catalog)} exercises, {len(catalog.routines)} routines, "
        f"{len(catalog.quizzes)} quizzes and the safety rules in {catalog.data_dir} are valid."
    )
    return 0


def _list(catalog: Catalog, args: argparse.Namespace) -> int:
    if args.format == "json":
        payload = {
            "exercises": [e.to_dict() for e in catalog],
            "safety": catalog.safety.to_dict(),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    rows = [("ID", "NAME", "LEVEL", "DOSE")]
    rows += [(e.id, e.name, e.difficulty, e.dose.describe()) for e in catalog]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3]
        )
    return 0


def _show(catalog: Catalog, args: argparse.Namespace) -> int:
    exercise = catalog.exercise(args.id)
    if args.format == "json":
        payload = {"exercise": exercise.to_dict(), "safety": catalog.safety.to_dict()}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(exercise_text(exercise))
        print()
        print(f"Stop rule: {catalog.safety.stop_rule}")
        print(f"Not medical advice: {catalog.safety.disclaimer}")
    return 0


def _figure(catalog: Catalog, args: argparse.Namespace) -> int:
    from .figures import figure_pair_svg, figure_svg
    from .userdata import atomic_write

    exercise = catalog.exercise(args.id)
    if exercise.figure is None:
        raise ValueError(
            f"{exercise.id} has no figure yet; add poses under 'figure:' in its data file"
        )
    if args.pose == "both":
        svg = figure_pair_svg(exercise.figure, title=f"{exercise.name}: start and end positions")
    elif args.pose in exercise.figure.poses:
        svg = figure_svg(exercise.figure, args.pose, title=f"{exercise.name}: {args.pose} position")
    else:
        raise ValueError(
            f"{exercise.id} has no {args.pose!r} pose; it has: {', '.join(exercise.figure.poses)}"
        )
    atomic_write(args.out, svg)
    print(f"Wrote {args.out}.")
    return 0


def _guide(catalog: Catalog, args: argparse.Namespace) -> int:
    from .guide import DEFAULT_GUIDE, sync_guide

    path = args.file or DEFAULT_GUIDE
    if sync_guide(path, catalog.safety, check=args.check):
        print(f"{path}: the safety block matches the safety rules.")
        return 0
    if args.check:
        print(f"{path}: the safety block is out of date; run `exercises guide`.", file=sys.stderr)
        return 1
    print(f"{path}: safety block updated from the safety rules.")
    return 0


_COMMANDS = {
    "validate": _validate,
    "list": _list,
    "show": _show,
    "figure": _figure,
    "guide": _guide,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems, 2 usage)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "handouts":
            return _handouts(args)
        if args.command == "log":
            return _log(args)
        if args.command == "slides":
            return _slides(args)
        if args.command == "present":
            return _present(args)
        catalog = load_catalog(args.data)
        return _COMMANDS[args.command](catalog, args)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        print("Fix the files above, then run `exercises validate` again.", file=sys.stderr)
        return 1
    except (UnknownIdError, ValueError, BrowserMissingError, sqlite3.Error) as exc:
        print(f"exercises: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `exercises list | head` closes the pipe early
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
