"""Read and check the exercise library: validate, list, show, figure."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..checking import data_languages
from ..errors import UsageError
from ..i18n import _, catalogue_problems
from ..loading import course_catalog
from ..models import Catalog, Exercise
from ..poses import Figure
from ..rendering import dose_line, exercise_text, level_word, safety_text
from ._common import (
    Handler,
    catalog_for,
    data_option,
    output_option,
    plain,
    protected_paths_and_copies,
)


def add_commands(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this group's commands; return each one's handler."""
    validate = commands.add_parser("validate", help=_("check every data file; exit 1 on problems"))
    data_option(validate)

    listing = commands.add_parser("list", help=_("list the exercises"))
    data_option(listing)
    output_option(listing, "table")

    show = commands.add_parser("show", help=_("show one exercise in full"))
    show.add_argument("id", help=_("exercise id, e.g. bird-dog"))
    data_option(show)
    output_option(show, "text")
    figure = commands.add_parser("figure", help=_("draw an exercise's start and end figure as SVG"))
    figure.add_argument("id", help=_("exercise id, e.g. bird-dog"))
    data_option(figure)
    figure.add_argument(
        "--pose",
        type=str.lower,
        choices=("start", "end", "end_right", "both"),
        default="both",
        help=_("which pose to draw (default: both, side by side)"),
    )
    figure.add_argument(
        "--rung",
        metavar="N",
        type=int,
        help=_("draw rung N of the exercise's ladder instead (1 is the easiest)"),
    )
    figure.add_argument(
        "--out", metavar="FILE.svg", type=Path, required=True, help=_("the SVG file to write")
    )
    return {"validate": _validate, "list": _list, "show": _show, "figure": _figure}


def _quizzes_without_a_lesson(catalog: Catalog) -> list[str]:
    """A quiz shows only in the lesson of its name: one without a lesson is never seen."""
    from ..coursefiles import lessons_dir

    lessons = {path.stem for path in lessons_dir().glob("[0-9][0-9]-*.ipynb")}
    return [
        _("quiz {quiz}: no lesson {quiz}.ipynb in {folder}; it shows only in that lesson").format(
            quiz=quiz, folder=lessons_dir()
        )
        for quiz in sorted(catalog.quizzes)
        if quiz not in lessons
    ]


def _validate(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    warnings = list(catalog.warnings)
    # every translation is checked, not only the one the author reads in
    for code in data_languages(catalog.data_dir):
        warnings += course_catalog(args.data, region=args.region, lang=code).warnings
    warnings += _quizzes_without_a_lesson(catalog)
    for warning in dict.fromkeys(warnings):
        print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
    # the catalogues' words reach every page, so a bad translation fails as bad data does
    translations = catalogue_problems()
    for problem in translations:
        print(problem, file=sys.stderr)
    if translations:
        return 1
    print(
        _(
            "OK: {exercises} exercises, {routines} routines, {quizzes} quizzes, {measures} "
            "check-ins and the safety rules in {folder} are valid."
        ).format(
            exercises=len(catalog),
            routines=len(catalog.routines),
            quizzes=len(catalog.quizzes),
            measures=len(catalog.measures),
            folder=catalog.data_dir,
        )
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    if args.format == "json":
        payload = {
            "exercises": [e.to_dict() for e in catalog],
            "safety": catalog.safety.to_dict(),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    rows = [(_("ID"), _("NAME"), _("LEVEL"), _("DOSE"))]
    rows += [
        (e.id, plain(e.name, one_line=True), level_word(e.difficulty), dose_line(e.dose))
        for e in catalog
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3]
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    exercise = catalog.exercise(args.id)
    if args.format == "json":
        payload = {"exercise": exercise.to_dict(), "safety": catalog.safety.to_dict()}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(plain(exercise_text(exercise)))
        print()
        print(plain(safety_text(catalog.safety)))
    return 0


def _figure(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    from ..figures import figure_pair_svg, figure_svg
    from ..rendering import figure_title
    from ..userdata import safe_write

    exercise = catalog.exercise(args.id)
    name, figure = (
        (exercise.name, exercise.figure) if args.rung is None else _rung(exercise, args.rung)
    )
    if figure is None:
        raise UsageError(
            _("{id} has no figure yet; add poses under 'figure:' in its data file").format(
                id=exercise.id
            )
        )
    if args.pose == "both":
        svg = figure_pair_svg(figure, title=figure_title(name))
    elif args.pose in figure.poses:
        svg = figure_svg(figure, args.pose, title=figure_title(name, args.pose))
    else:
        raise UsageError(
            _("{id} has no {pose!r} pose; it has: {poses}").format(
                id=exercise.id, pose=args.pose, poses=", ".join(figure.poses)
            )
        )
    safe_write(
        args.out, svg, protected=protected_paths_and_copies(catalog.data_dir), suffixes=(".svg",)
    )
    print(_("Wrote {file}.").format(file=args.out))
    return 0


def _rung(exercise: Exercise, number: int) -> tuple[str, Figure | None]:
    """Rung ``number`` of the ladder (1 is the easiest): its name and figure."""
    if not 1 <= number <= len(exercise.ladder):
        rungs = ", ".join(f"{i} {rung.name}" for i, rung in enumerate(exercise.ladder, 1))
        raise UsageError(
            _("{id} has no rung {number}; choose from: {rungs}").format(
                id=exercise.id, number=number, rungs=rungs
            )
        )
    rung = exercise.ladder[number - 1]
    return rung.name, rung.figure
