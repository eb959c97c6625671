"""The ``exercises`` command: check the data, list and show exercises, build handouts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .browser import BrowserMissingError
from .errors import CatalogError, UnknownIdError
from .loading import load_catalog
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
    return parser


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


_COMMANDS = {"validate": _validate, "list": _list, "show": _show}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems, 2 usage)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "handouts":
            return _handouts(args)
        catalog = load_catalog(args.data)
        return _COMMANDS[args.command](catalog, args)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        print("Fix the files above, then run `exercises validate` again.", file=sys.stderr)
        return 1
    except (UnknownIdError, ValueError, BrowserMissingError) as exc:
        print(f"exercises: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `exercises list | head` closes the pipe early
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
