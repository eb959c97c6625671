"""The progress log: add, list, export, summary and calendar reminders."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..i18n import _, ngettext
from ..logschema import now_stamp
from ..models import Catalog, Exercise
from ..outcomes import latest_screen, read_outcomes
from ..painverdict import pain_verdict
from ..rendering import side_word, trend_word
from ._common import (
    NO_PLAN,
    Handler,
    catalog_for,
    data_option,
    date_value,
    day_option,
    db_option,
    note_value,
    output_option,
    pain_value,
    plain,
    protected_paths_and_copies,
    reps_value,
    seconds_value,
    walk_minutes_value,
    weeks_value,
)

if TYPE_CHECKING:
    from ..progress import ProgressLog


def add_commands(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this group's commands; return each one's handler."""
    log = commands.add_parser(
        "log", help=_("your progress log: add, list, export, summary, reminders")
    )
    actions = log.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help=_("log one exercise"))
    data_option(add)
    db_option(add)
    add.add_argument(
        "--exercise", required=True, metavar="ID", help=_("exercise id, e.g. bird-dog")
    )
    add.add_argument("--reps", type=reps_value, metavar="N", help=_("reps done, 1 to 100"))
    add.add_argument(
        "--side", type=str.lower, choices=("left", "right", "both"), help=_("left, right or both")
    )
    add.add_argument(
        "--hold-seconds", type=seconds_value, metavar="S", help=_("seconds held, e.g. 4")
    )
    add.add_argument(
        "--pain-before", type=pain_value, metavar="0-10", help=_("pain before, 0 (none) to 10")
    )
    add.add_argument(
        "--pain-after", type=pain_value, metavar="0-10", help=_("pain after, 0 (none) to 10")
    )
    add.add_argument(
        "--stop-rule",
        action="store_true",
        help=_(
            "pain lasted longer than the stop rule's minutes (give --pain-before and --pain-after)"
        ),
    )
    add.add_argument(
        "--nerve-signs",
        action="store_true",
        help=_(
            "you felt sharp, shooting or spreading pain, or pins and needles (give "
            "--pain-before and --pain-after)"
        ),
    )
    add.add_argument("--note", default="", type=note_value, help=_("a short note, one line"))
    add.add_argument(
        "--rung",
        metavar="RUNG",
        help=_("the version of the move you did, by its rung id (see `exercises show ID`)"),
    )
    add.add_argument(
        "--date",
        type=date_value,
        metavar="DATE",
        help=_("the day you did it, for logging after the fact (default: now)"),
    )

    morning = actions.add_parser(
        "morning", help=_("the morning after a session: is your back worse than usual?")
    )
    db_option(morning)
    answer = morning.add_mutually_exclusive_group(required=True)
    answer.add_argument("--worse", action="store_true", help=_("worse than usual"))
    answer.add_argument("--not-worse", action="store_true", help=_("the same as usual, or better"))
    morning.add_argument(
        "--date", type=date_value, metavar="DATE", help=_("which morning (default: today)")
    )

    clearance = actions.add_parser(
        "clearance",
        help=_("the highest version of a move you are cleared for (from the doctor's sheet)"),
    )
    data_option(clearance)
    db_option(clearance)
    clearance.add_argument("--exercise", required=True, metavar="ID", help=_("the exercise id"))
    clearance.add_argument(
        "--highest",
        required=True,
        metavar="RUNG",
        help=_("the rung ticked on the sheet: its number (1 is the easiest) or its id"),
    )

    walk = actions.add_parser("walk", help=_("minutes you walked (several walks on a day add up)"))
    db_option(walk)
    walk.add_argument(
        "--minutes", required=True, type=walk_minutes_value, metavar="N", help=_("minutes walked")
    )
    day_option(walk)

    listing = actions.add_parser("list", help=_("list logged exercises"))
    data_option(listing)
    db_option(listing)
    listing.add_argument(
        "--since", type=date_value, metavar="DATE", help=_("only entries from this day, YYYY-MM-DD")
    )
    output_option(listing, "table")

    export = actions.add_parser("export", help=_("export the log as CSV"))
    data_option(export)
    db_option(export)
    export.add_argument(
        "--csv", required=True, metavar="FILE", type=Path, help=_("the CSV file to write")
    )

    summary = actions.add_parser("summary", help=_("sessions, weeks in a row, pain trend"))
    data_option(summary)
    db_option(summary)
    summary.add_argument(
        "--date",
        type=date_value,
        metavar="DATE",
        help=_("as it stood on this day (default: today)"),
    )
    output_option(summary, "text")

    reminders = actions.add_parser("reminders", help=_("write calendar reminders (.ics)"))
    data_option(reminders)
    db_option(reminders)
    reminders.add_argument(
        "--ics", required=True, metavar="FILE", type=Path, help=_("the calendar file to write")
    )
    reminders.add_argument(
        "--days", required=True, help=_("days of the week, e.g. mon,wed,fri or 'mon wed fri'")
    )
    reminders.add_argument("--time", required=True, help=_("local time, e.g. 07:30"))
    reminders.add_argument(
        "--weeks", type=weeks_value, default=8, metavar="N", help=_("how many weeks, 1 to 52")
    )
    reminders.add_argument(
        "--tz", default=None, help=_("pin to a time zone, e.g. Europe/London (default: local)")
    )
    reminders.add_argument(
        "--breaks",
        metavar="HH:MM-HH:MM",
        help=_(
            "also remind you to get up from your chair through these hours (e.g. "
            "09:00-17:00), as often as the safety rules say"
        ),
    )
    reminders.add_argument(
        "--plan",
        action="store_true",
        help=_("cover your plan: from its start day, for its weeks, naming the plan"),
    )
    return {"log": _log}


def _log(args: argparse.Namespace) -> int:
    from ..progress import ProgressLog, default_db_path
    from ..reminders import break_times, parse_days, parse_span, reminders_ics
    from ..userdata import safe_write, user_dir

    db = args.db or default_db_path()
    if args.action == "morning":
        return _morning(args, db)
    if args.action == "walk":
        return _walk(args, db)
    catalog = catalog_for(args)
    protected = protected_paths_and_copies(db, catalog.data_dir)  # nor what the command reads
    if args.action == "clearance":
        return _clearance(args, db, catalog)
    if args.action == "reminders":
        days = parse_days(args.days)
        weeks, start, what, plan = args.weeks, None, _("Back exercises"), None
        if args.plan:
            from ..plan import todays_plan

            day = todays_plan(catalog, db)
            if day is None:
                raise UsageError(_(NO_PLAN))
            weeks, start, plan = len(day.program.weeks), day.started_on, day.program.id
            what = _("Back exercises: {programme}").format(programme=day.program.name)
        span = parse_span(args.breaks) if args.breaks else None
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
            breaks=span,
        )
        safe_write(args.ics, ics, protected=protected, suffixes=(".ics",))
        wrote = ngettext(
            "Wrote {file}: {days} at {time} for {weeks} week.",
            "Wrote {file}: {days} at {time} for {weeks} weeks.",
            weeks,
        )
        print(wrote.format(file=args.ics, days=", ".join(days), time=args.time, weeks=weeks))
        if span is not None:
            every = catalog.safety.rulebook.sitting_break_minutes
            count = len(break_times(span, every))
            print(
                ngettext(
                    "With {count} break from sitting a day, every {every} minutes, up to {end}.",
                    "With {count} breaks from sitting a day, every {every} minutes, up to {end}.",
                    count,
                ).format(count=count, every=every, end=f"{span[1]:%H:%M}")
            )
        return 0
    if args.action == "add":  # every refusal comes before the log is opened or made
        avoided = catalog.safety.avoided(args.exercise)
        if avoided is not None:
            raise UsageError(
                _("{move} is on the avoid-while-in-pain list: {why}").format(
                    move=avoided.name, why=avoided.reason
                )
            )
        exercise = catalog.exercise(args.exercise)
        rungs = [rung.id for rung in exercise.ladder]
        if args.rung is not None and args.rung not in rungs:
            raise UsageError(
                _("{move} has no rung '{rung}'; choose from: {rungs}").format(
                    move=exercise.name, rung=args.rung, rungs=", ".join(rungs)
                )
            )
        scores = (args.reps, args.hold_seconds, args.pain_before, args.pain_after)
        if all(value is None for value in scores):
            raise UsageError(_("nothing to log: give --reps, --hold-seconds or the pain scores"))
        for flag, given in (("--stop-rule", args.stop_rule), ("--nerve-signs", args.nerve_signs)):
            if given and None in (args.pain_before, args.pain_after):
                raise UsageError(
                    _(
                        "{flag} records a pain check: give --pain-before and --pain-after too"
                    ).format(flag=flag)
                )
    with ProgressLog(db, readonly=args.action != "add") as log:
        if args.action == "add":
            _add(args, log, catalog, exercise)
        elif args.action == "list":
            rows = _listed(log, args.since)
            for line in _row_problems(log, catalog):
                print(f"! {line}", file=sys.stderr)
            if args.format == "json":
                print(json.dumps(rows, indent=2))
            else:
                for row in rows:
                    print(plain(_list_line(row), one_line=True).rstrip())
                print(
                    ngettext("{count} entry", "{count} entries", len(rows)).format(count=len(rows)),
                    file=sys.stderr,
                )
        elif args.action == "export":
            safe_write(args.csv, _csv(_listed(log, None)), protected=protected, suffixes=(".csv",))
            print(_("Wrote {file}.").format(file=args.csv))
        elif args.action == "summary":
            summary = log.summary(
                catalog.safety.rulebook, args.date, screen=latest_screen(log, catalog)
            )
            problems = _row_problems(log, catalog)
            if args.format == "json":
                outcomes = read_outcomes(log, catalog, args.date)
                due = outcomes.due(args.date or date.today())
                found = {**summary.to_dict(), **outcomes.to_dict(), "due": due}
                print(json.dumps({**found, "problems": problems}, indent=2))
            else:
                for line in problems:
                    print(f"! {line}", file=sys.stderr)
                print(_("Sessions: {count}").format(count=summary.sessions))
                print(_("Weeks in a row: {count}").format(count=summary.streak_weeks))
                for week, count in summary.weekly.items():
                    in_week = ngettext(
                        "{week}: {count} session day", "{week}: {count} session days", count
                    )
                    print("  " + in_week.format(week=week, count=count))
                print(
                    _("Pain after exercise: {trend}").format(trend=trend_word(summary.pain_trend))
                )
                print(_("Now: {standing}").format(standing=summary.standing.headline))
                for line in summary.record:
                    print(f"! {line}")
    return 0


def _add(args: argparse.Namespace, log: ProgressLog, catalog: Catalog, exercise: Exercise) -> None:
    """Log one exercise; with pain scores, say what they mean, as the pain check does."""
    check = args.stop_rule or args.nerve_signs
    stamp = _logged_at(args.date, log) or now_stamp()  # the entry and its check, one moment
    row = log.add(
        exercise.id,
        logged_at=stamp,
        reps=args.reps,
        side=args.side,
        hold_seconds=args.hold_seconds,
        # with --stop-rule or --nerve-signs the scores go to the pain check below, not twice
        pain_before=None if check else args.pain_before,
        pain_after=None if check else args.pain_after,
        note=args.note,
        rung=args.rung,
    )
    print(
        _("Logged {move} (entry {row}) in {file}.").format(
            move=exercise.name, row=row, file=log.path
        )
    )
    if check:
        log.add_pain_check(
            args.pain_before,
            args.pain_after,
            stop_rule=args.stop_rule,
            nerve_signs=args.nerve_signs,
            checked_at=stamp,
        )
    if args.pain_before is None and args.pain_after is None:
        return
    rules = catalog.safety.rulebook
    verdict = pain_verdict(
        rules,
        args.pain_before,
        args.pain_after,
        still_hurts=True if args.stop_rule else None,
        nerve_signs=args.nerve_signs,
    )
    said = f"{verdict.headline} {verdict.advice}".strip()
    if said:
        print(plain(said))
    if verdict.ask_again:
        print(
            plain(
                _(
                    "Check again in {minutes} minutes. If the pain is still there, more than "
                    "usual, log it: exercises log add --exercise {move} --pain-before {before} "
                    "--pain-after {after} --stop-rule"
                ).format(
                    minutes=rules.stop_minutes,
                    move=exercise.id,
                    before=args.pain_before,
                    after=args.pain_after,
                )
            )
        )


def _morning(args: argparse.Namespace, db: Path) -> int:
    """Save the next-morning answer; the plan's ladder reads it."""
    from ..progress import ProgressLog

    day = args.date or date.today()
    with ProgressLog(db) as log:
        log.add_morning(day, worse=args.worse)
    said = (
        _("Saved: on {day} your back was worse than usual. The plan will not step up yet.")
        if args.worse
        else _("Saved: on {day} your back was no worse than usual.")
    )
    print(said.format(day=day.isoformat()))
    return 0


def _walk(args: argparse.Namespace, db: Path) -> int:
    """Save minutes walked; `plan today` and the progress page count them."""
    from ..progress import ProgressLog

    day = args.date or date.today()
    with ProgressLog(db) as log:
        log.add_walk(day, args.minutes)
        total = log.walked().get(day, 0)
    print(
        ngettext(
            "Saved: {minutes} minute walked on {day} ({total} that day).",
            "Saved: {minutes} minutes walked on {day} ({total} that day).",
            args.minutes,
        ).format(minutes=args.minutes, day=day.isoformat(), total=total)
    )
    return 0


def _clearance(args: argparse.Namespace, db: Path, catalog: Catalog) -> int:
    """Save the highest rung a doctor or physio allowed; the plan never goes past it."""
    from ..progress import ProgressLog

    exercise = catalog.exercise(args.exercise)
    # a rung by its id, or by its number on the doctor's sheet (1 the easiest)
    rungs = {rung.id: i for i, rung in enumerate(exercise.ladder)}
    rungs |= {str(i + 1): i for i in range(len(exercise.ladder))}
    if args.highest not in rungs:
        choices = ", ".join(f"{i} {rung.id}" for i, rung in enumerate(exercise.ladder, 1))
        raise UsageError(
            _("{move} has no rung '{rung}'; choose from: {rungs}").format(
                move=exercise.name, rung=args.highest, rungs=choices
            )
        )
    index = rungs[args.highest]
    with ProgressLog(db) as log:
        log.add_clearance(exercise.id, exercise.ladder[index].id)
    print(
        _("Saved: the plan will not go past {version} for the {move}.").format(
            version=exercise.on_rung(index).name, move=exercise.name
        )
    )
    return 0


def _listed(log: ProgressLog, since: date | None) -> list[dict[str, object]]:
    """Every entry, pain check, morning answer, clearance and walk, oldest first, with its
    kind."""
    rows = [{"kind": "entry", **e.to_dict()} for e in log.entries(since)]
    rows += [{"kind": "pain-check", **asdict(c)} for c in log.pain_checks(since)]
    rows += [{"kind": "morning", **asdict(m)} for m in log.mornings(since)]
    rows += [{"kind": "clearance", **asdict(c)} for c in log.clearances(since)]
    rows += [{"kind": "walk", **asdict(w)} for w in log.walks(since)]
    stamps = ("logged_at", "checked_at", "answered_at", "cleared_at", "walked_at")
    return sorted(rows, key=lambda row: str(next(row[k] for k in stamps if row.get(k))))


def _list_line(row: dict[str, object]) -> str:
    """One entry, pain check or morning answer as `log list` prints it."""
    if row["kind"] == "walk":
        walked = _("walked {minutes} min on {day}").format(minutes=row["minutes"], day=row["day"])
        return f"{row['walked_at']}  {walked}"
    if row["kind"] == "clearance":
        allowed = _("highest version allowed: {rung}").format(rung=row["highest_rung"])
        return f"{row['cleared_at']}  {row['exercise']}: {allowed}"
    if row["kind"] == "morning":
        said = _("back worse than usual") if row["worse"] else _("back no worse than usual")
        when = _("morning of {day}").format(day=row["day"])
        return f"{row['answered_at']}  {when}: {said}"
    pain = ""
    if row["pain_after"] is not None:
        pain = " " + _("pain {before}->{after}").format(
            before=row["pain_before"], after=row["pain_after"]
        )
    if row["kind"] == "pain-check":
        flags = [
            _("pain lasted") if row["stop_rule"] else "",
            _("nerve signs") if row["nerve_signs"] else "",
        ]
        said = ", ".join(flag for flag in flags if flag)
        check = _("pain check")
        return f"{row['checked_at']}  {check}{pain}  {said}"
    side = f" {side_word(str(row['side']))}" if row["side"] else ""
    reps = row["reps"]
    count = (
        " " + ngettext("{reps} rep", "{reps} reps", int(reps)).format(reps=reps)
        if isinstance(reps, int)
        else ""
    )
    rung = f" ({row['rung']})" if row.get("rung") else ""
    return f"{row['logged_at']}  {row['exercise']}{rung}{side}{count}{pain}  {row['note']}"


def _row_problems(log: ProgressLog, catalog: Catalog) -> list[str]:
    """Rows the log leaves out (with their ids), and entries for moves the course lacks."""
    lines = [plain(str(problem), one_line=True) for problem in log.problems()]
    lines += [
        plain(
            _("entries row {row}: {move!r} is not an exercise of this course").format(
                row=e.id, move=e.exercise
            ),
            one_line=True,
        )
        for e in log.entries()
        if e.exercise not in catalog.exercises
    ]
    return lines


def _logged_at(day: date | None, log: ProgressLog) -> str | None:
    """The time stamp for an entry logged after the fact; None for now."""
    from ..progress import noon_stamp

    if day is None:
        return None
    if day > date.today():
        raise UsageError(
            _("{day} is in the future; log a session on the day you did it").format(day=day)
        )
    plan = log.current_plan()
    if plan is not None and day < plan[1]:
        raise UsageError(
            _("{day} is before your plan started ({start}); give a later date").format(
                day=day, start=plan[1]
            )
        )
    return noon_stamp(day)


# One column per field of an entry or a pain check; each row fills the ones it has.
_CSV_COLUMNS = (
    "kind",
    "id",
    "logged_at",
    "checked_at",
    "exercise",
    "reps",
    "side",
    "hold_seconds",
    "pain_before",
    "pain_after",
    "stop_rule",
    "nerve_signs",
    "note",
    "session",
    "rung",
    "answered_at",
    "day",
    "worse",
    "cleared_at",
    "highest_rung",
    "walked_at",
    "minutes",
)


def _csv(rows: list[dict[str, object]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_CSV_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ or tab would make a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
