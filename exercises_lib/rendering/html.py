"""HTML views of the course data: exercise cards, routines, safety rules, plans.

Every string from the data is HTML-escaped here, in one place, before it reaches a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from ..figures import figure_pair_svg
from ..i18n import _, ngettext
from .text import (
    colour_word,
    dose_line,
    dose_rows,
    figure_title,
    level_word,
    role_word,
    rule_source_word,
    source_text,
)

if TYPE_CHECKING:
    from ..plan import PlanDay
from ..models import Dose, Exercise, Program, Quiz, Routine, SafetyRules, Source, Variation

__all__ = [
    "ANSWER_KEY_MIMETYPE",
    "CARD_CSS",
    "answer_key_html",
    "ask_first_html",
    "avoid_list_html",
    "course_css",
    "exercise_card_html",
    "exercise_card_parts",
    "feel_scale_html",
    "floor_safety_html",
    "header_row",
    "plan_day_html",
    "program_html",
    "routine_html",
    "safety_footer_html",
    "safety_html",
    "stay_active_html",
    "variations_table_html",
    "warning_signs_html",
    "warning_signs_short_html",
    "watch_for_html",
    "works_table_html",
]

# A quiz's output carries its answer key under this type; printed lessons gather the
# keys from every quiz and put them on the last page.
ANSWER_KEY_MIMETYPE = "application/vnd.exercises.answer-key+html"

# Colour always comes with a word: the badge says the level, the box says "Caution".
CARD_CSS = """
<style>
.exl-card{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:16px;
 line-height:1.5;color:#1a1a1a;background:#fff;border:2px solid #2d5f8a;border-radius:10px;
 padding:16px 20px;margin:8px 0;max-width:52em;break-inside:avoid;page-break-inside:avoid}
.exl-card h2,.exl-card h3{color:#17324d;margin:.6em 0 .3em}
.exl-card h2{font-size:1.5em;margin-top:0}
.exl-card h3{font-size:1.1em}
.exl-badge{display:inline-block;border-radius:6px;padding:1px 8px;font-size:.85em;
 font-weight:600;border:1px solid #333;margin-left:.5em;vertical-align:middle}
.exl-beginner{background:#e3f4e1;color:#124d12}
.exl-intermediate{background:#fff1cc;color:#5c4100}
.exl-advanced{background:#fde2e0;color:#7a1712}
.exl-dose{background:#eef4fa;border-left:6px solid #2d5f8a;padding:8px 12px;margin:8px 0}
.exl-dose table{border-collapse:collapse}
/* JupyterLab right-aligns table cells in outputs; cards read left to right. */
.exl-card table th,.exl-card table td{text-align:left!important;vertical-align:top}
.exl-dose th{padding-right:1em;font-weight:600}
.exl-caution{background:#fdecea;border-left:6px solid #a4161a;padding:8px 12px;margin:8px 0}
.exl-caution h3{color:#7a1712;margin-top:0}
.exl-steps li{margin:.2em 0}
.exl-role{display:inline-block;min-width:5.5em;font-weight:600;color:#2d5f8a}
.exl-source{font-size:.85em;color:#444;border-top:1px solid #ccc;padding-top:6px;margin-top:10px}
.exl-cols{display:grid;grid-template-columns:1fr 1fr;gap:0 2em}
@media screen and (max-width:40em){.exl-cols{grid-template-columns:1fr}}
.exl-footer{font-family:system-ui,sans-serif;font-size:15px;color:#1a1a1a;background:#fffbe6;
 border:2px solid #8a6d00;border-radius:8px;padding:10px 16px;margin:12px 0;max-width:52em;
 break-inside:avoid}
.exl-footer strong{color:#7a1712}
.exl-top{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center}
.exl-top .exl-dose{flex:1 1 16em}
.exl-builder-table th,.exl-builder-table td{padding:2px 12px;text-align:left}
.exl-figure-row{margin:4px 0 6px}
.exl-figure-row svg{max-width:100%;max-height:170px;width:auto;height:auto}
.exl-feel{background:#e8f4ea;border-left:6px solid #1e6b2e;padding:6px 12px;margin:8px 0}
.exl-gate{display:block;font-style:italic;color:#7a1712}
.exl-levels{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px}
@media screen and (max-width:40em){.exl-levels{grid-template-columns:1fr}}
.exl-level{border:2px solid #a4161a;border-radius:8px;padding:6px 12px;background:#fdecea}
.exl-level h3,.exl-level h4{color:#7a1712;margin:.2em 0}
.exl-level-urgent{border-color:#8a4b00;background:#fff1e0}
.exl-level-urgent h3,.exl-level-urgent h4{color:#5c3200}
.exl-scale{border-collapse:collapse;width:100%}
.exl-scale th,.exl-scale td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}
.exl-scale-green th{background:#e3f4e1;color:#124d12}
.exl-scale-amber th{background:#fff1cc;color:#5c4100}
.exl-scale-red th{background:#fde2e0;color:#7a1712}
.exl-warn-short{margin:.3em 0}
.exl-warn-short ul{margin:.1em 0 .2em;padding-left:1.3em;columns:2 16em;column-gap:1.5em}
.exl-warn-short li{margin:0;break-inside:avoid}
.exl-program-weeks{columns:2;column-gap:2em}
.exl-week{break-inside:avoid;page-break-inside:avoid;margin:0 0 .4em}
.exl-week h2,.exl-week h3{margin:.2em 0;font-size:1.05em}
.exl-week ul{margin:.1em 0 .1em 1.2em;padding:0}
.exl-week.exl-current{background:#eef4fa;outline:2px solid #2d5f8a}
.exl-plan-held{background:#fff1e0;border-left:6px solid #8a4b00;padding:6px 12px}
</style>
""".strip()


def course_css() -> str:
    """The cards' stylesheet, for a document's head.

    Cards carry it inline in JupyterLab, but the sanitiser drops every ``<style>`` that
    comes from a notebook, so a printed or projected page gets it from here instead.
    """
    # A link shows itself by its underline as well as its colour (WCAG 1.4.1).
    return (
        re.sub(r"</?style[^>]*>", "", CARD_CSS) + "\na{color:#1a4f8a;text-decoration:underline}\n"
    )


def _none() -> str:
    return "<p>" + escape(_("None.")) + "</p>"


def _list(items: Iterable[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    body = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f"<ul{cls}>{body}</ul>" if body else _none()


def _source_line(source: Source) -> str:
    return f'<p class="exl-source">{escape(source_text(source))}</p>'


def _variations_html(variations: Iterable[Variation]) -> str:
    items = "".join(
        f"<li><strong>{escape(v.name)}:</strong> {escape(v.description)}"
        + (f' <span class="exl-gate">{escape(v.gate)}</span>' if v.gate else "")
        + "</li>"
        for v in variations
    )
    return f"<ul>{items}</ul>" if items else _none()


def _figure_html(exercise: Exercise) -> str:
    if exercise.figure is None:
        return ""
    svg = figure_pair_svg(exercise.figure, title=figure_title(exercise.name))
    return f'<div class="exl-figure-row">{svg}</div>'


def _h(level: int, text: str) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def _bold(text: str) -> str:
    return f"<p><strong>{escape(text)}</strong></p>"


def header_row(*cells: str) -> str:
    """A table's header row, each cell's text escaped."""
    return "<tr>" + "".join(f"<th>{escape(cell)}</th>" for cell in cells) + "</tr>"


def _labelled(label: str, text: str, css: str = "") -> str:
    """A paragraph that starts with a bold label: '<p><strong>Works:</strong> …</p>'."""
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}><strong>{escape(label)}</strong> {escape(text)}</p>"


def exercise_card_parts(exercise: Exercise, dose: Dose | None = None) -> tuple[str, ...]:
    """A card's content in four parts, each short enough for one slide.

    The parts, in order: name, summary, dose and figure; how to do it; safety, tips and
    mistakes; easier and harder versions, what it works, and the source.
    """
    dose = dose or exercise.dose
    e = exercise
    steps = "".join(
        f'<li><span class="exl-role">{escape(role_word(s.role))}</span> {escape(s.text)}</li>'
        for s in e.steps
    )
    dose_table = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in dose_rows(dose)
    )
    works = ", ".join(e.works_primary)
    if e.works_secondary:
        works = _("{main}; also {more}").format(main=works, more=", ".join(e.works_secondary))
    chair = _("Without getting down to the floor:")
    chair_html = _labelled(chair, e.chair_option) if e.chair_option else ""
    level = escape(e.difficulty)
    badge = escape(_("Level: {level}").format(level=level_word(e.difficulty)))
    works_label, need_label = escape(_("Works:")), escape(_("You need:"))
    things = ", ".join(e.equipment) or _("nothing")
    return (
        f"<h2>{escape(e.name)}"
        f'<span class="exl-badge exl-{level}">{badge}</span></h2>'
        f"<p>{escape(e.summary)}</p>"
        f'<div class="exl-top"><div class="exl-dose"><table>{dose_table}</table></div>{_figure_html(e)}</div>',
        _h(3, _("Starting position"))
        + f"<p>{escape(e.starting_position)}</p>"
        + _h(3, _("Steps"))
        + f'<ol class="exl-steps">{steps}</ol>'
        + _labelled(_("You should feel it:"), e.feel, "exl-feel"),
        '<div class="exl-caution">'
        + _h(3, _("Caution"))
        + _list(e.cautions)
        + "</div>"
        + chair_html
        + '<div class="exl-cols"><div>'
        + _h(3, _("Tips"))
        + _list(e.tips)
        + "</div><div>"
        + _h(3, _("Common mistakes"))
        + _list(e.common_mistakes)
        + "</div></div>",
        '<div class="exl-cols"><div>'
        + _h(3, _("Easier"))
        + _variations_html(e.easier)
        + "</div><div>"
        + _h(3, _("Harder"))
        + _variations_html(e.harder)
        + "</div></div>"
        + f"<p><strong>{works_label}</strong> {escape(works)}. "
        f"<strong>{need_label}</strong> {escape(things)}.</p>" + _source_line(e.source),
    )


def watch_for_html(exercise: Exercise) -> str:
    """For a trainer: the mistakes to watch for in an exercise, and the cautions to say."""
    return (
        _bold(_("Watch for:"))
        + _list(exercise.common_mistakes)
        + _bold(_("Cautions to say:"))
        + _list(exercise.cautions)
    )


def exercise_card_html(exercise: Exercise, dose: Dose | None = None, *, css: bool = True) -> str:
    """A complete, printable card for one exercise (the routine's dose when given)."""
    head, *body = exercise_card_parts(exercise, dose)
    return (
        (CARD_CSS if css else "")
        + f'<article class="exl-card" data-exercise="{escape(exercise.id)}">'
        + f'<div class="exl-card-head">{head}</div><div class="exl-card-body">{"".join(body)}</div>'
        + "</article>"
    )


def routine_html(routine: Routine, *, css: bool = True) -> str:
    """A routine as a short table of exercises and doses."""
    often = ngettext("{days} day a week.", "{days} days a week.", routine.sessions_per_week).format(
        days=routine.sessions_per_week
    )
    exercise, dose = escape(_("Exercise")), escape(_("Dose"))
    rows = "".join(
        f'<tr data-exercise="{escape(item.exercise.id)}"><td>{i}</td>'
        f"<td>{escape(item.exercise.name)}</td><td>{escape(dose_line(item.dose))}</td></tr>"
        for i, item in enumerate(routine.items, 1)
    )
    return (
        (CARD_CSS if css else "")
        + f'<article class="exl-card" data-routine="{escape(routine.id)}">'
        f"<h2>{escape(routine.name)}</h2><p>{escape(routine.description)}</p>"
        + _labelled(_("How often:"), often + (f" {routine.note}" if routine.note else ""))
        + f"<table><tr><th>#</th><th>{exercise}</th><th>{dose}</th></tr>{rows}</table>"
        "</article>"
    )


def _table_card(
    title: str, headers: Iterable[str], rows: Iterable[tuple[str, Iterable[str]]]
) -> str:
    """A card holding one table, a row per exercise id; cells are HTML the caller escaped."""
    head = header_row(*headers)
    body = "".join(
        f'<tr data-exercise="{escape(exercise_id)}">'
        + "".join(f"<td>{cell}</td>" for cell in row)
        + "</tr>"
        for exercise_id, row in rows
    )
    return f'{CARD_CSS}<article class="exl-card"><h2>{escape(title)}</h2><table>{head}{body}</table></article>'


def works_table_html(exercises: Iterable[Exercise]) -> str:
    """Each exercise with the muscles it works, from the data."""
    rows = (
        (
            e.id,
            (
                f"<strong>{escape(e.name)}</strong>",
                escape(", ".join(e.works_primary)),
                escape(", ".join(e.works_secondary) or "–"),
            ),
        )
        for e in exercises
    )
    return _table_card(_("What each exercise works"), (_("Exercise"), _("Mainly"), _("Also")), rows)


def variations_table_html(exercises: Iterable[Exercise]) -> str:
    """Easier and harder versions of each exercise, from the data."""
    rows = (
        (
            e.id,
            (
                f"<strong>{escape(e.name)}</strong>",
                _variations_html(e.easier),
                _variations_html(e.harder),
            ),
        )
        for e in exercises
    )
    return _table_card(
        _("Easier and harder versions"), (_("Exercise"), _("Easier"), _("Harder")), rows
    )


def avoid_list_html(safety: SafetyRules) -> str:
    """The avoid-while-in-pain list with each reason."""
    items = "".join(
        f"<li><strong>{escape(a.name)}</strong>: {escape(a.reason)}</li>" for a in safety.avoid
    )
    return f"<p>{escape(safety.avoid_intro)}</p><ul>{items}</ul>"


def warning_signs_html(safety: SafetyRules, *, heading: str = "h3") -> str:
    """Both levels of warning signs in full (emergency now; a doctor today), with the source."""
    signs = safety.warning_signs
    levels = "".join(
        f'<div class="exl-level exl-level-{css}"><{heading}>{escape(level.heading)}</{heading}>'
        f"{_list(level.items)}"
        + (f"<p><small>{escape(level.note)}</small></p>" if level.note else "")
        + "</div>"
        for css, level in (("emergency", signs.emergency), ("urgent", signs.urgent))
    )
    return (
        f'<div class="exl-warning-signs"><p>{escape(signs.intro)}</p>'
        f'<div class="exl-levels">{levels}</div>{_source_line(signs.source)}</div>'
    )


def warning_signs_short_html(safety: SafetyRules, *, compact: bool = False) -> str:
    """Both levels in short words, one sign a line, for footers and sheets.

    ``compact`` puts each level's signs on one line (a slide's footer has no room for
    lists); the words are the same.
    """
    signs = safety.warning_signs
    parts = []
    for css, level in (("emergency", signs.emergency), ("urgent", signs.urgent)):
        heading = f"<strong>{escape(level.short_heading)}:</strong>"
        note = f" <small>{escape(level.note)}</small>" if level.note else ""
        if compact:
            body = " · ".join(escape(sign) for sign in level.short)
            parts.append(f'<p class="exl-warn-short exl-warn-{css}">{heading} {body}{note}</p>')
        else:
            items = "".join(f"<li>{escape(sign)}</li>" for sign in level.short)
            note = f'<p class="exl-warn-note">{escape(level.note)}</p>' if level.note else ""
            parts.append(
                f'<div class="exl-warn-short exl-warn-{css}">{heading}<ul>{items}</ul>{note}</div>'
            )
    return "".join(parts)


def ask_first_html(safety: SafetyRules) -> str:
    """Conditions that mean "ask your doctor or physio first", with their source."""
    ask = safety.ask_first
    return f"<p>{escape(ask.intro)}</p>{_list(ask.items)}{_source_line(ask.source)}"


def feel_scale_html(safety: SafetyRules) -> str:
    """The green / amber / red scale of how an exercise should feel."""
    feel = safety.feel
    rows = "".join(
        f'<tr class="exl-scale-{level.level}"><th>{escape(colour_word(level.level))}: '
        f"{escape(level.label)}</th><td>{escape(level.signs)}</td><td>{escape(level.action)}</td></tr>"
        for level in feel.levels
    )
    head = header_row(_("Level"), _("What you notice"), _("What to do"))
    return (
        f"<p>{escape(feel.intro)}</p>"
        f'<table class="exl-scale">{head}'
        f"{rows}</table>{_source_line(feel.source)}"
    )


def stay_active_html(safety: SafetyRules) -> str:
    """Keep moving, the usual course of back pain, and when to see a GP again."""
    active = safety.stay_active
    return (
        f"<p>{escape(active.intro)}</p>{_list(active.items)}"
        + _bold(_("See {doctor} or a {physio} if your back pain:").format(**safety.care))
        + _list(active.see_gp_if)
        + _source_line(active.source)
    )


def floor_safety_html(safety: SafetyRules) -> str:
    """How to get down to the mat and up again."""
    floor = safety.floor
    down = "".join(f"<li>{escape(step)}</li>" for step in floor.down)
    up = "".join(f"<li>{escape(step)}</li>" for step in floor.up)
    return (
        f"<p>{escape(floor.intro)}</p>"
        + '<div class="exl-cols"><div>'
        + _h(3, _("Getting down"))
        + f"<ol>{down}</ol></div><div>"
        + _h(3, _("Getting up"))
        + f"<ol>{up}</ol></div></div>"
        + f"<p>{escape(floor.no_floor)}</p>{_source_line(floor.source)}"
    )


def safety_html(safety: SafetyRules, *, css: bool = True) -> str:
    """All the safety rules on one card."""
    return (
        (CARD_CSS if css else "")
        + '<article class="exl-card exl-safety">'
        + _h(2, _("Safety rules"))
        + _h(3, _("See a doctor first"))
        + f"<p>{escape(safety.doctor_first)}</p>"
        + '<div class="exl-caution">'
        + _h(3, _("The stop rule"))
        + f"<p>{escape(safety.stop_rule)}</p></div>"
        + _h(3, _("Pain is a signal"))
        + f"<p>{escape(safety.pain_is_a_signal)}</p>"
        + _h(3, _("How it should feel"))
        + feel_scale_html(safety)
        + _h(3, _("Leave these out while your back hurts"))
        + avoid_list_html(safety)
        + _h(3, _("Warning signs: get help, do not exercise"))
        + warning_signs_html(safety, heading="h4")
        + _h(3, _("Ask {doctor} or a {physio} first").format(**safety.care))
        + ask_first_html(safety)
        + _h(3, _("Stay active"))
        + stay_active_html(safety)
        + f"<p>{escape(safety.disclaimer)}</p>"
        + "</article>"
    )


def safety_footer_html(
    safety: SafetyRules, *, css: bool = True, lists: bool = True, brief: bool = False
) -> str:
    """The footer every lesson and handout carries: stop rule, avoid list, warning signs,
    "ask first", disclaimer and credit.

    ``lists=False`` leaves out the warning signs and "ask first", for a page that shows
    both in full already (the screening form, the trainer pack). ``brief`` gives the
    disclaimer's first sentence and no credit line, for a printed page whose running
    footer carries both already.
    """
    avoid = ", ".join(a.name.lower() for a in safety.avoid)
    ask = _("Ask {doctor} or a {physio} first if you:").format(**safety.care)
    both = (
        '<div class="exl-footer-warnings"><strong>'
        + escape(_("Warning signs:"))
        + "</strong>"
        + warning_signs_short_html(safety)
        + "</div>"
        + _labelled(ask, "; ".join(safety.ask_first.short) + ".")
    )
    credit = _("Based on {citation}. Written in the course's own words.").format(
        citation=safety.credit.citation
    )
    disclaimer = safety.short_disclaimer if brief else safety.disclaimer
    return (
        (CARD_CSS if css else "")
        + '<aside class="exl-footer" role="note">'
        + _labelled(_("Stop rule:"), safety.stop_rule)
        + _labelled(_("While your back hurts, avoid:"), avoid + ".")
        + (both if lists else "")
        + _labelled(_("Not medical advice:"), disclaimer)
        + ("" if brief else f"<p>{escape(credit)}</p>")
        + "</aside>"
    )


def answer_key_html(quiz: Quiz) -> str:
    """Each question with its right answer and why, for the last page of a printed lesson."""
    rows = "".join(
        f"<li><strong>{escape(q.prompt)}</strong> "
        f"{escape('; '.join(c.text.rstrip('.') for c in q.answer))}. "
        f"<em>{escape(' '.join(c.feedback for c in q.answer))}</em></li>"
        for q in quiz.questions
    )
    return f'<ol class="exl-answer-key">{rows}</ol>'


def program_html(
    program: Program, *, current: int | None = None, css: bool = True, title: bool = True
) -> str:
    """A programme's weeks, rules (and their sources) and review points; without its
    title (on a sheet whose own title names it) its headings move up a level."""
    level = 3 if title else 2
    weeks = "".join(
        ('<div class="exl-week exl-current">' if week.week == current else '<div class="exl-week">')
        + _week_heading(week.week, week.sessions_per_week, level)
        + "<ul>"
        + "".join(
            f'<li data-exercise="{escape(i.exercise.id)}">{escape(i.exercise.name)}: '
            f"{escape(dose_line(i.dose))}</li>"
            for i in week.items
        )
        + "</ul>"
        + "".join(f"<p><em>{escape(text)}</em></p>" for text in (week.note, week.review) if text)
        + "</div>"
        for week in program.weeks
    )
    rules = "".join(
        f"<li>{escape(rule.text)} <small>"
        + escape(_("(source: {source})").format(source=rule_source_word(rule.source)))
        + "</small></li>"
        for rule in program.rules
    )
    return (
        (CARD_CSS if css else "")
        + f'<article class="exl-card exl-program" data-program="{escape(program.id)}">'
        + (f"<h2>{escape(program.name)}</h2>" if title else "")
        + f"<p>{escape(program.description)}</p>"
        + f'<div class="exl-program-weeks">{weeks}</div>'
        + _h(level, _("How the plan moves on"))
        + f"<ul>{rules}</ul>"
        + _labelled(_("The advanced move:"), program.add_crunch)
        + "</article>"
    )


def _week_heading(week: int, days: int, level: int) -> str:
    label = escape(_("Week {week}").format(week=week))
    count = escape(ngettext("({days} day)", "({days} days)", days).format(days=days))
    return f"<h{level}>{label} <small>{count}</small></h{level}>"


def plan_day_html(day: PlanDay, *, css: bool = True) -> str:
    """Where the learner is in the plan today: the week, held or not and why, the exercises.

    A stopped or paused plan shows only why and what to do, with no exercises to start.
    """
    week = day.plan_week
    if day.stopped:
        status = (
            f'<div class="exl-caution" role="alert"><strong>{escape(day.status)}</strong></div>'
        )
    elif day.held:
        status = _labelled(_("Held."), day.why, "exl-plan-held").replace(
            "<p ", '<p role="status" ', 1
        )
    else:
        status = f'<p class="exl-plan-ok">{escape(day.status)}</p>'
    if day.gentle_today:
        gentle = _labelled(
            _("A gentle day."),
            _(
                "Your pain was high before exercise today: do only gentle moves, and the plan waits."
            ),
            "exl-plan-held",
        )
        status += gentle.replace("<p ", '<p role="status" ', 1)
    items = "".join(
        f"<li>{escape(i.exercise.name)}: {escape(dose_line(i.dose))}"
        + (
            " <small>"
            + escape(
                _("(easier: {moves})").format(moves=", ".join(v.name for v in i.exercise.easier))
            )
            + "</small>"
            if day.held and i.exercise.easier
            else ""
        )
        + "</li>"
        for i in day.items
    )
    this_week = ngettext(
        "This week, {days} day:", "This week, {days} days:", week.sessions_per_week
    ).format(days=week.sessions_per_week)
    listing = "" if day.stopped else f"<p>{escape(this_week)}</p><ul>{items}</ul>"
    review = _labelled(_("Review:"), day.review) if day.review else ""
    heading = _("{programme}: week {week} of {weeks}").format(
        programme=day.program.name, week=day.week, weeks=len(day.program.weeks)
    )
    return (
        (CARD_CSS if css else "")
        + '<article class="exl-card exl-plan-day">'
        + _h(2, heading)
        + f"{status}{listing}{review}</article>"
    )
