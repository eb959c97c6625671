"""The six-week review sheet: the learner's own log on paper, for their doctor or physio.

It shows what a clinician asks at the review: how pain went, how the learner's own goals
and check-in scores went, every stop-rule and nerve-sign day, the doses and versions
reached, and room for the clinician's decision and signature.
"""

from __future__ import annotations

from datetime import date
from html import escape

from ..i18n import _
from ..models import Catalog
from ..progress_view import ProgressReport, pain_chart_svg
from ..rendering import header_row, trend_word
from .ladderparts import tick_boxes
from .sheets import sheet_page, write_in

__all__ = ["review_sheet_html"]

# Blocks may run on to the next page, so no page is left half empty; a chart, a table
# and the decision with its signature stay whole.
_REVIEW_CSS = """
.exl-review-block{border:2px solid #2d5f8a;border-radius:8px;padding:4px 12px;margin:0 0 8px}
.exl-review-block h2{margin:.1em 0;font-size:1.15em;break-after:avoid}
.exl-review-block .exl-chart{max-width:12cm;break-inside:avoid;page-break-inside:avoid}
.exl-review-block table,.exl-review-decision{break-inside:avoid;page-break-inside:avoid}
.exl-decision span{display:block;margin:.25em 0}
"""


def _block(heading: str, body: str, css: str = "") -> str:
    classes = " ".join(("exl-review-block", css)).strip()
    return f'<section class="{classes}"><h2>{escape(heading)}</h2>{body}</section>'


def _days(days: list[str]) -> str:
    return ", ".join(days) if days else _("none")


def _plan_line(report: ProgressReport) -> str:
    day = report.plan
    if day is None:
        return _("No plan started.")
    if day.maintaining:
        where = _("keeping it up, after week {weeks}").format(weeks=len(day.program.weeks))
    else:
        where = _("week {week} of {weeks}").format(week=day.week, weeks=len(day.program.weeks))
    return _("{programme}, started {day}: now {where}. {status}").format(
        programme=day.program.name, day=day.started_on, where=where, status=day.status
    )


def _pain_block(report: ProgressReport) -> str:
    s = report.summary
    events = [
        (_("Pain lasted past the stop rule:"), _days(s.stop_rule_days)),
        (_("Sharp, shooting or spreading pain, or pins and needles:"), _days(s.nerve_signs_days)),
        (
            _("Pain of {high} or more before exercise:").format(high=s.high_pain_before),
            _days(s.high_pain_days),
        ),
    ]
    lines = "".join(f"<p><strong>{escape(k)}</strong> {escape(v)}</p>" for k, v in events)
    trend = _("Pain after exercise: {trend}.").format(trend=trend_word(s.pain_trend))
    chart = pain_chart_svg(s) if s.pain_points else ""
    return _block(_("Pain"), f"<p>{escape(trend)}</p>{chart}{lines}")


def _reached_block(report: ProgressReport) -> str:
    """Each move's latest version and reps done, from the log's newest entries."""
    latest: dict[str, tuple[str, str, int]] = {}
    for entry in report.entries:
        if entry.reps:
            rung = report.rungs.get((entry.exercise, entry.rung or ""), "") or _("not recorded")
            latest[entry.exercise] = (entry.logged_at[:10], rung, entry.reps)
    rows = "".join(
        f"<tr><td>{escape(report.names.get(move, move))}</td><td>{escape(rung)}</td>"
        f"<td>{reps}</td><td>{escape(day)}</td></tr>"
        for move, (day, rung, reps) in sorted(latest.items())
    )
    head = header_row(_("Exercise"), _("Version done last"), _("Reps"), _("Date"))
    nothing = _("No exercise logged yet.")
    none = f"<p>{escape(nothing)}</p>"
    return _block(_("Doses and versions reached"), f"<table>{head}{rows}</table>" if rows else none)


def _decision_block(catalog: Catalog) -> str:
    care = catalog.safety.care
    choices = tick_boxes(
        _("Carry on: keep it up with the strength moves and daily walks"),
        _("Carry on, with the harder versions ticked on the exercise review sheet"),
        _("Repeat the last weeks of the plan"),
        _("Stop these exercises for now"),
        _("Refer to a {physio}").format(**care),
    )
    sign = (
        "<p>" + write_in(_("Reviewed by (name and role):"), "20em") + "</p>"
        "<p>" + write_in(_("Signature:")) + " " + write_in(_("Date:"), "8em") + "</p>"
    )
    notes = '<div class="exl-lines"></div>' * 3
    body = f'<p class="exl-decision">{choices}</p>' + escape(_("Notes:")) + notes + sign
    return _block(_("Your decision"), body, "exl-review-decision")


def review_sheet_html(
    report: ProgressReport,
    catalog: Catalog,
    *,
    paper: str = "a4",
    large: bool = False,
    printed: date | None = None,
) -> str:
    """The learner's log as a review sheet for their doctor or physio, with the safety box."""
    printed = printed or date.today()
    dear = _(
        "Dear doctor or {physio}: this is my log from the course. Please look at how my "
        "pain, my goals and my scores went, and tick what I should do next."
    ).format(**catalog.safety.care)
    intro = (
        f'<p class="exl-sheet-intro">{escape(dear)}</p>'
        + "<p>"
        + write_in(_("Name:"), "14em")
        + " "
        + escape(_("Printed {day}.").format(day=printed.isoformat()))
        + "</p>"
        + f"<p>{escape(_plan_line(report))}</p>"
    )
    goals = report.outcomes_charts_html(heading=False) + report.outcomes_table_html(heading=False)
    body = (
        _pain_block(report)
        + (_block(_("Goals and check-ins"), goals) if goals else "")
        + _reached_block(report)
        + _decision_block(catalog)
    )
    title = _("Review for your doctor or {physio}").format(**catalog.safety.care)
    return sheet_page(catalog.safety, title, paper, intro, body, large=large, page_css=_REVIEW_CSS)
