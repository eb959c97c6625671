"""Beyond pain: the learner's own goals and the check-in questionnaires."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..errors import UsageError
from ..i18n import N_, _, current_language, ngettext
from ..logschema import GOAL_TEXT_MAX
from ..measures import ENGLISH_ONLY, GOAL_SCORE_RANGE, GOALS_MAX, Item, Measure
from ..models import Catalog
from ..outcomes import read_outcomes, score_words
from ..progress import ProgressLog, default_db_path
from ._common import Handler, bounded, catalog_for, data_option, day_option, db_option

__all__ = ["add_commands"]

_slot_value = bounded(int, 1, GOALS_MAX, N_("goal number"))
_score_value = bounded(int, *GOAL_SCORE_RANGE, N_("score"))


def add_commands(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this group's commands; return each one's handler."""
    check_in = commands.add_parser(
        "check-in",
        help=_("answer a short questionnaire on how your back is doing"),
    )
    data_option(check_in)
    db_option(check_in)
    check_in.add_argument(
        "measure", nargs="?", metavar="ID", help=_("which questionnaire; leave out to list them")
    )
    check_in.add_argument(
        "answers",
        nargs="*",
        metavar="QUESTION=ANSWER",
        help=_("every answer, e.g. pain=4; leave out to be asked each question"),
    )
    day_option(check_in)

    goals = commands.add_parser(
        "goals",
        help=_("up to {count} everyday activities your back makes hard, and their scores").format(
            count=GOALS_MAX
        ),
    )
    actions = goals.add_subparsers(dest="action", required=True, metavar="ACTION")
    set_goals = actions.add_parser(
        "set", help=_("name your goals, in order from goal 1 (or from --slot N)")
    )
    score = actions.add_parser(
        "score",
        help=_("how well you can do each goal now, from {low} (not at all) to {high}").format(
            low=GOAL_SCORE_RANGE[0], high=GOAL_SCORE_RANGE[1]
        ),
    )
    listing = actions.add_parser("list", help=_("your goals and their scores"))
    for parser in (set_goals, score, listing):
        data_option(parser)
        db_option(parser)
    set_goals.add_argument(
        "activities",
        nargs="+",
        metavar="ACTIVITY",
        help=_('an everyday activity, e.g. "carry the shopping"'),
    )
    set_goals.add_argument(
        "--slot",
        type=_slot_value,
        metavar="N",
        help=_("start at goal N, e.g. --slot 2 to change only the second"),
    )
    score.add_argument("scores", nargs="+", type=_score_value, metavar="SCORE")
    day_option(score)
    return {"check-in": _check_in, "goals": _goals}


def _measure_lines(measure: Measure) -> list[str]:
    """The questionnaire as the learner reads it on a terminal, its licence notice last."""
    lines = [measure.title]
    if current_language() != measure.language:
        lines.append(_(ENGLISH_ONLY))
    if measure.instructions:
        lines.append(measure.instructions)
    for number, item in enumerate(measure.items, 1):
        lines.append(f"{number}. {item.text}")
        lines.append("   " + _answers(item))
    lines.append(measure.licence.notice)
    return lines


def _answers(item: Item) -> str:
    """How to answer one question: 'pain=0 (No pain) ... pain=10 (...)' or each choice."""
    if item.scale is not None:
        scale = item.scale
        return _("{id}={lowest} ({lowest_label}) to {id}={highest} ({highest_label})").format(
            id=item.id,
            lowest=scale.lowest,
            lowest_label=scale.lowest_label,
            highest=scale.highest,
            highest_label=scale.highest_label,
        )
    return ", ".join(f"{item.id}={c.id} ({c.text})" for c in item.choices)


def _example(item: Item) -> str:
    """One answer as typed on the command line: 'pain=0', 'leg-pain=disagree'."""
    first = str(item.scale.lowest) if item.scale is not None else item.choices[0].id
    return f"{item.id}={first}"


def _parsed(measure: Measure, pairs: list[str]) -> dict[str, str]:
    answers = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(
                _("give each answer as QUESTION=ANSWER, e.g. {example}; got {pair!r}").format(
                    example=_example(measure.items[0]), pair=pair
                )
            )
        answers[key.strip()] = value.strip()
    return answers


def _asked(measure: Measure) -> dict[str, str]:
    """Ask each question in turn on a terminal."""
    for line in _measure_lines(measure)[:-1]:
        print(line)
    answers = {}
    for number, item in enumerate(measure.items, 1):
        while True:
            try:
                answer = input(f"{number}. {item.id}: ").strip()
            except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C: leave, save nothing
                print()
                raise UsageError(_("stopped before the last question; nothing was saved")) from None
            try:
                item.points(answer)
            except ValueError as exc:
                print(exc)
                continue
            answers[item.id] = answer
            break
    print(measure.licence.notice)
    return answers


def _check_in(args: argparse.Namespace) -> int:
    """List the check-ins, or save one set of answers and say what the score means."""
    catalog = catalog_for(args)
    db = args.db or default_db_path()
    if args.measure is None:
        return _list_measures(catalog, db)
    measure = catalog.measure(args.measure)
    if args.answers:
        answers = _parsed(measure, args.answers)
    elif sys.stdin.isatty():
        answers = _asked(measure)
    else:
        print("\n".join(_measure_lines(measure)))
        raise UsageError(
            _(
                "give every answer after the questionnaire's id, e.g. `exercises check-in {id} {example}`"
            ).format(id=measure.id, example=" ".join(_example(i) for i in measure.items))
        )
    day = args.date or date.today()
    with ProgressLog(db) as log:
        before = read_outcomes(log, catalog).latest(measure.id)
        score = log.add_check_in(measure, answers, day)
    print(score_words(catalog, score, before))
    return 0


def _list_measures(catalog: Catalog, db: Path) -> int:
    due: list[str] = []
    if db.exists():
        with ProgressLog(db, readonly=True) as log:
            due = read_outcomes(log, catalog).due(date.today())
    for measure in catalog.measures.values():
        when = (
            ngettext("every {weeks} week", "every {weeks} weeks", measure.every_weeks).format(
                weeks=measure.every_weeks
            )
            if measure.every_weeks
            else _("once, at the start")
        )
        mark = _(" (due)") if measure.id in due or not db.exists() else ""
        print(f"{measure.id}: {measure.title}, {when}{mark}")
    return 0


def _goals(args: argparse.Namespace) -> int:
    """Name the goals, score them, or list them with their scores."""
    catalog = catalog_for(args)
    db = args.db or default_db_path()
    if args.action == "set":
        _set_goals(args, db)
    elif args.action == "score":
        _score_goals(args, db)
    if not db.exists():
        print(_('No goals yet: `exercises goals set "carry the shopping"` names one.'))
        return 0
    with ProgressLog(db, readonly=True) as log:
        lines = read_outcomes(log, catalog).goals
    for line in lines:
        scores = ", ".join(f"{day.isoformat()}: {score}" for day, score in line.scores)
        print(f"{line.goal.slot}. {line.goal.activity}" + (f"  ({scores})" if scores else ""))
    if not lines:
        print(_('No goals yet: `exercises goals set "carry the shopping"` names one.'))
    return 0


def _set_goals(args: argparse.Namespace, db: Path) -> None:
    first = args.slot or 1
    if first - 1 + len(args.activities) > GOALS_MAX:
        raise UsageError(
            _("you can have up to {count} goals; goals {first} to {last} is too many").format(
                count=GOALS_MAX, first=first, last=first - 1 + len(args.activities)
            )
        )
    for text in args.activities:
        if not text.strip() or len(text.strip()) > GOAL_TEXT_MAX:
            raise UsageError(
                _("a goal is a few words, 1 to {most} characters; got {text!r}").format(
                    most=GOAL_TEXT_MAX, text=text
                )
            )
    with ProgressLog(db) as log:
        for slot, text in enumerate(args.activities, first):
            log.set_goal(slot, text)


def _score_goals(args: argparse.Namespace, db: Path) -> None:
    with ProgressLog(db) as log:
        goals = log.goals()
        if len(args.scores) != len(goals):
            raise UsageError(
                _("give one score for each of your {count} goals, in order: {goals}").format(
                    count=len(goals),
                    goals="; ".join(f"{g.slot}. {g.activity}" for g in goals) or "-",
                )
            )
        day = args.date or date.today()
        log.score_goals(day, {g.id: s for g, s in zip(goals, args.scores, strict=True)})
