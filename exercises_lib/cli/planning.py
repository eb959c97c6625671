"""The six-week plan: start it, see today's exercises, see every week."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta

from ..errors import UsageError
from ..i18n import _
from ..rendering import plan_day_text, program_text
from ._common import (
    NO_PLAN,
    NO_PROGRAMME,
    Handler,
    catalog_for,
    data_option,
    date_value,
    db_option,
    output_option,
    plain,
)


def add_commands(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this group's commands; return each one's handler."""
    plan = commands.add_parser("plan", help=_("a six-week plan that moves on when weeks go well"))
    actions = plan.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = actions.add_parser("start", help=_("start a programme (stored in your progress log)"))
    today = actions.add_parser("today", help=_("this week's exercises and doses, and why if held"))
    show = actions.add_parser("show", help=_("every week of the programme"))
    for parser in (start, today, show):
        data_option(parser)
        db_option(parser)
    start.add_argument("--program", metavar="ID", help=_("programme id (default: the first one)"))
    start.add_argument(
        "--date", type=date_value, metavar="DATE", help=_("start day (default: today)")
    )
    start.add_argument(
        "--restart",
        action="store_true",
        help=_(
            "start again from week 1, over a running, stopped or paused plan (only after a "
            "doctor or physio has said yes)"
        ),
    )
    today.add_argument(
        "--date", type=date_value, metavar="DATE", help=_("the day (default: today)")
    )
    show.add_argument("--program", metavar="ID", help=_("programme id (default: your plan's)"))
    for parser in (today, show):
        output_option(parser, "text")
    return {"plan": _plan}


def _plan(args: argparse.Namespace) -> int:
    from ..plan import START_REFUSED, start_refusal, todays_plan
    from ..progress import ProgressLog, default_db_path

    catalog = catalog_for(args)
    if not catalog.programs:
        raise UsageError(_(NO_PROGRAMME))
    db = args.db or default_db_path()
    if args.action == "start":
        program = catalog.program(args.program or next(iter(catalog.programs)))
        day = args.date or date.today()
        latest = date.today() + timedelta(days=365)
        if day > latest:
            raise UsageError(
                _("a plan starts at most a year from today (by {latest}); got {day}").format(
                    latest=latest, day=day
                )
            )
        refused = start_refusal(catalog, db, min(day, date.today()))
        if refused is not None and not args.restart:
            raise UsageError(_(START_REFUSED).format(why=refused.headline, **catalog.safety.care))
        running = todays_plan(catalog, db)
        if running is not None and not args.restart:
            raise UsageError(
                _(
                    "a plan is already running ({programme}, started {day}, week {week}); to "
                    "start again from week 1, run `exercises plan start --restart`"
                ).format(programme=running.program.name, day=running.started_on, week=running.week)
            )
        with ProgressLog(db) as log:
            log.start_plan(program.id, day)
        print(
            _("Started {programme} on {day}. `exercises plan today` shows each day's plan.").format(
                programme=program.name, day=day
            )
        )
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
        raise UsageError(_(NO_PLAN))
    if args.format == "json":
        print(json.dumps(current.to_dict(), ensure_ascii=False))
    else:
        print(plain(plan_day_text(current, catalog.safety.stop_rule)))
    return 0
