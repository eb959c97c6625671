"""Print the course: handouts, slide decks and the trainer guide's data blocks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from ..i18n import _, ngettext
from ..models import Catalog
from ._common import (
    NO_PROGRAMME,
    Handler,
    catalog_for,
    data_option,
    db_option,
    protected_paths_and_copies,
    shown_progress,
    split_list,
)


def add_commands(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this group's commands; return each one's handler."""
    handouts = commands.add_parser(
        "handouts",
        help=_("build printable handouts (lessons and exercise sheets) as HTML and PDF"),
        description=_(
            "With no selection, builds the whole pack: every lesson and sheets for every exercise."
        ),
    )
    data_option(handouts)
    db_option(handouts)
    handouts.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path("build/handouts"),
        help=_("folder for the handouts (default: build/handouts)"),
    )
    handouts.add_argument(
        "--format",
        type=str.lower,
        choices=("html", "pdf", "both"),
        default="both",
        help=_("html, pdf or both (default: both)"),
    )
    handouts.add_argument(
        "--lessons", metavar="LIST", help=_("lesson numbers, e.g. 03,04, or 'all'")
    )
    handouts.add_argument(
        "--exercises",
        metavar="IDS",
        help=_("exercise ids for the sheets, e.g. bird-dog,partial-crunch"),
    )
    handouts.add_argument(
        "--routine", metavar="ID", help=_("make the sheets for a routine, e.g. starter")
    )
    handouts.add_argument(
        "--paper",
        type=str.lower,
        choices=("a4", "letter"),
        default="a4",
        help=_("a4 or letter (default: a4)"),
    )
    handouts.add_argument(
        "--lessons-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help=_("lesson notebooks to use (default: the course's own)"),
    )
    handouts.add_argument(
        "--plan",
        nargs="?",
        const="",
        metavar="ID",
        help=_(
            "add the plan sheet: your plan's programme, or the one named; with your own "
            "plan, the exercise sheets show the version of each move you are on"
        ),
    )
    handouts.add_argument(
        "--review",
        action="store_true",
        help=_(
            "add the review sheet for your doctor or physio, from your progress log: pain, "
            "goals and scores, stop-rule days, the versions reached, and room for their decision"
        ),
    )
    handouts.add_argument(
        "--large-print",
        action="store_true",
        help=_(
            "14.5 pt type in one column, each exercise on a page of its own (files end in -large-print)"
        ),
    )
    handouts.add_argument(
        "--trainer",
        action="store_true",
        help=_(
            "add the trainer pack (guide, what to watch for, quiz answers) and the screening form"
        ),
    )
    handouts.add_argument(
        "--force",
        action="store_true",
        help=_("remake every file, even those whose content has not changed"),
    )
    slides = commands.add_parser(
        "slides", help=_("build reveal.js decks (trainer and participant) that work offline")
    )
    data_option(slides)
    slides.add_argument(
        "--lessons", metavar="LIST", help=_("lesson numbers, e.g. 03,04 (default: all)")
    )
    slides.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path("build/slides"),
        help=_("folder for the decks (default: build/slides)"),
    )
    slides.add_argument(
        "--lessons-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help=_("lesson notebooks to use (default: the course's own)"),
    )
    guide = commands.add_parser(
        "guide", help=_("write the trainer guide's warning signs and chair set from the data")
    )
    data_option(guide)
    guide.add_argument(
        "--file",
        metavar="FILE",
        type=Path,
        default=None,
        help=_("the guide to update (default: lessons/TRAINER-GUIDE.md)"),
    )
    guide.add_argument(
        "--check", action="store_true", help=_("change nothing; exit 1 if the guide is out of date")
    )

    return {"handouts": _handouts, "slides": _slides, "guide": _guide}


def _slides(args: argparse.Namespace) -> int:
    from ..slides import build_slides

    catalog = catalog_for(args)
    with shown_progress() as progress:
        written = build_slides(
            args.out,
            catalog,
            lessons=None if args.lessons in (None, "all") else split_list(args.lessons),
            lessons_dir=args.lessons_dir,
            protected=protected_paths_and_copies(),
            progress=progress,
        )
    for path in written:
        print(path)
    decks = ngettext(
        "{count} deck in {folder}; open it in a browser, press S for speaker notes.",
        "{count} decks in {folder}; open one in a browser, press S for speaker notes.",
        len(written),
    )
    print(decks.format(count=len(written), folder=args.out), file=sys.stderr)
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from ..handouts import build_handouts
    from ..progress_view import ProgressReport

    lessons = None if args.lessons in (None, "all") else split_list(args.lessons)
    if args.lessons == "all":
        from ..coursefiles import lessons_dir
        from ..notebooks import lesson_paths

        lessons = [p.stem for p in lesson_paths(args.lessons_dir or lessons_dir())]
    catalog = catalog_for(args)
    plan = _plan_id(args, catalog) if args.plan is not None else None
    with shown_progress() as progress:
        written = build_handouts(
            args.out,
            catalog,
            formats=("html", "pdf") if args.format == "both" else (args.format,),
            lessons=lessons,
            exercises=split_list(args.exercises),
            routine=args.routine,
            paper=args.paper,
            plan=plan,
            rungs=_own_rungs(args, catalog, plan),
            review=ProgressReport(catalog, args.db) if args.review else None,
            plan_scores=_own_scores(args, catalog, plan),
            trainer=args.trainer,
            large_print=args.large_print,
            lessons_dir=args.lessons_dir,
            force=args.force,
            protected=protected_paths_and_copies(),
            progress=progress,
        )
    for path in written:
        print(path)
    files = ngettext("{count} file in {folder}", "{count} files in {folder}", len(written))
    print(files.format(count=len(written), folder=args.out), file=sys.stderr)
    return 0


def _own_rungs(args: argparse.Namespace, catalog: Catalog, plan: str | None) -> dict[str, int]:
    """With the learner's own plan printed, the rung their log has them on for each move,
    so their exercise sheets show their version; none otherwise (a class's sheets)."""
    from ..plan import todays_plan

    if plan is None:
        return {}
    day = todays_plan(catalog, getattr(args, "db", None))
    if day is None or day.program.id != plan:
        return {}
    return {exercise: step.rung for exercise, step in day.rungs.items()}


def _own_scores(args: argparse.Namespace, catalog: Catalog, plan: str | None) -> str:
    """With the learner's own plan printed, their goals and check-ins, first and latest."""
    from ..progress_view import ProgressReport

    if plan is None:
        return ""
    report = ProgressReport(catalog, args.db)
    if report.plan is None or report.plan.program.id != plan:
        return ""
    return report.outcomes_table_html()


def _plan_id(args: argparse.Namespace, catalog: Catalog) -> str:
    """The programme named, else the learner's plan, else the first programme."""
    from ..plan import todays_plan

    if args.plan:
        return str(catalog.program(args.plan).id)
    day = todays_plan(catalog, getattr(args, "db", None))
    if day is not None:
        return day.program.id
    if not catalog.programs:
        raise UsageError(_(NO_PROGRAMME))
    return next(iter(catalog.programs))


def _guide(args: argparse.Namespace) -> int:
    from ..checking import data_languages
    from ..guide import DEFAULT_GUIDE, guide_blocks, sync_guide, translated_guide
    from ..i18n import SOURCE_LANGUAGE, speaking
    from ..loading import course_catalog

    english = args.file or DEFAULT_GUIDE
    catalog = catalog_for(args)
    guides = [(english, SOURCE_LANGUAGE)]
    guides += [
        (translated_guide(english, code), code)
        for code in data_languages(catalog.data_dir)
        if translated_guide(english, code).is_file()
    ]
    current = True
    for path, lang in guides:  # each guide's blocks in its own language, from its own data
        with speaking(lang):
            words = course_catalog(args.data, region=args.region, lang=lang)
            names = ", ".join(guide_blocks(words))
            in_step = sync_guide(path, words, check=args.check)
        current = current and in_step
        if in_step:
            print(
                _("{file}: the blocks made from the data ({names}) match it.").format(
                    file=path, names=names
                )
            )
        elif args.check:
            print(
                _("{file}: the data blocks are out of date; run `exercises guide`.").format(
                    file=path
                ),
                file=sys.stderr,
            )
        else:
            print(
                _(
                    "{file}: the blocks made from the data ({names}) were brought up to date."
                ).format(file=path, names=names)
            )
    return 0 if current or not args.check else 1
