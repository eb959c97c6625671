"""Printable sheets made straight from the data: exercises, a clinician review, a weekly log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from .._version import __version__
from ..models import Catalog, Dose, Exercise, Program, SafetyRules
from ..rendering import (
    answer_key_html,
    dose_line,
    exercise_card_html,
    program_html,
    watch_for_html,
)
from .style import COURSE_TITLE, PAPERS, safety_block, sheet_head

__all__ = [
    "Selection",
    "clinician_sheet_html",
    "exercise_sheet_html",
    "plan_sheet_html",
    "screening_form_html",
    "trainer_pack_html",
    "weekly_log_html",
]

Selection = Sequence[tuple[Exercise, Dose]]
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SHEET_CSS = """
<style>
.exl-sheet-intro{margin:.2em 0 .8em}
.exl-lines{border-bottom:1px solid #555;height:1.7em;margin:0}
.exl-fill{display:inline-block;border-bottom:1px solid #555;min-width:14em;height:1.2em}
.exl-sheet-block{border:2px solid #2d5f8a;border-radius:8px;padding:4px 12px;margin:0 0 8px;line-height:1.3}
.exl-sheet-block h2{margin:.1em 0 .1em;font-size:1.15em}
.exl-sheet-block p{margin:.15em 0}
.exl-sheet-block ul{margin:0 0 .1em 1.1em;padding:0}
.exl-verdict{font-weight:600;margin:.3em 0}
.exl-verdict span{margin-right:1.6em}
.exl-log th,.exl-log td{text-align:center;min-width:2.4em;height:1.4em;padding:1px 3px}
.exl-log td.exl-name,.exl-log th.exl-name{text-align:left;min-width:11em}
.exl-log{width:100%}
.exl-box{font-size:1.2em;line-height:1}
.exl-version{font-size:.85em;color:#333}
.exl-patient-grid{display:grid;grid-template-columns:1fr 1fr;gap:0 6mm}
.exl-patient-grid p{margin:.3em 0}
.exl-patient-grid .exl-wide{grid-column:1/-1}
.exl-review-row{display:flex;gap:6mm;align-items:flex-start}
.exl-review-row>div{flex:1 1 auto}
.exl-dose-change{flex:0 0 auto}
.exl-dose-change th,.exl-dose-change td{padding:1px 6px;white-space:nowrap}
.exl-dose-change td:last-child{min-width:7em}
.exl-review-row ul{margin:0;padding-left:1.2em}
.exl-review-row p{margin:0}
.exl-keep,.exl-sheet-block{break-inside:avoid;page-break-inside:avoid}
.exl-safety-compact .exl-footer{font-size:9pt;line-height:1.2;padding:3px 10px;margin:4px 0 8px;
 columns:2;column-gap:1.5em}
.exl-safety-compact .exl-footer p{margin:.1em 0}
.exl-safety-first .exl-footer{margin:4px 0 10px}
body.exl-large small,body.exl-large .exl-log td.exl-yn,body.exl-large .exl-version{font-size:1em}
.exl-signature{border:2px solid #17324d;border-radius:8px;padding:4px 12px;margin-top:6px}
.exl-stop-line{background:#fdecea;border-left:6px solid #a4161a;padding:4px 10px}
.exl-log td.exl-notes{height:3em}
.exl-log td.exl-yn{font-size:.85em;color:#333}
.exl-tick-list{list-style:none;margin:.2em 0;padding:0}
.exl-tick-list li{margin:0;padding-left:1.6em;text-indent:-1.6em;line-height:1.3;break-inside:avoid}
.exl-safety-compact .exl-footer-warnings{font-size:10pt}
.exl-safety-compact .exl-footer-warnings,.exl-safety-compact .exl-warn-short{break-inside:auto;page-break-inside:auto}
.exl-safely{border:2px solid #2d5f8a;border-radius:8px;padding:3px 10px;margin:0 0 8px;line-height:1.2;font-size:9.5pt}
body.exl-large .exl-safely{font-size:1em}
.exl-safely h2{margin:.1em 0;font-size:1.15em;break-after:avoid}
.exl-safely p{margin:.15em 0}
.exl-safely-cols{columns:2;column-gap:1.5em}
.exl-safely-cols p{break-inside:avoid}
body.exl-large .exl-safely-cols{columns:1}
</style>
"""


def _page(
    safety: SafetyRules,
    title: str,
    paper: str,
    intro: str,
    body: str,
    *,
    large: bool = False,
    lists_in_body: bool = False,
) -> str:
    """A sheet: title and intro, then the safety box, then the body.

    The safety box (stop rule, avoid list, both levels of warning signs, "ask first")
    comes first, to be read first, and so it never stands alone on a last page. In
    normal print it takes two columns of 9 pt; in large print, the full width. A body
    that lists the warning signs and "ask first" in full (``lists_in_body``) gets the
    box without them.
    """
    css = "exl-safety-first" if large else "exl-safety-compact"
    return (
        sheet_head(safety, title, paper, large=large)
        + _SHEET_CSS
        + f'<body class="exl-handout{" exl-large" if large else ""}"><main>'
        + f"<h1>{escape(title)}</h1>{intro}"
        + f'<div class="{css}">{safety_block(safety, lists=not lists_in_body)}</div>'
        + _my_numbers(safety)
        + body
        + "</main></body></html>"
    )


def _my_numbers(safety: SafetyRules) -> str:
    """With no region set, a line to write in the reader's own emergency number and doctor."""
    if safety.region is not None:
        return ""
    return (
        f'<p class="exl-my-numbers"><strong>My emergency number:</strong> {_fill("7em")} '
        f"<strong>My doctor:</strong> {_fill('14em')}</p>"
    )


def exercise_sheet_html(
    selection: Selection,
    safety: SafetyRules,
    *,
    title: str = "Your exercises",
    paper: str = "a4",
    large: bool = False,
) -> str:
    """Full cards for the chosen exercises (in large print, each on a page of its own)."""
    intro = (
        '<p class="exl-sheet-intro">Use this sheet at the gym or at home. Before you start, go '
        "through it with your doctor or physiotherapist: they can tell you which exercises "
        "suit your back.</p>"
    )
    rows = "".join(
        f"<tr><td>{escape(e.name)}</td><td>{escape(e.difficulty)}</td><td>{escape(dose_line(d))}</td>"
        f"<td>{escape(', '.join(e.equipment) or 'nothing')}</td></tr>"
        for e, d in selection
    )
    glance = (
        "<h2>At a glance</h2><table><tr><th>Exercise</th><th>Level</th><th>Dose</th><th>You need</th></tr>"
        f"{rows}</table>"
    )
    cards = "".join(exercise_card_html(e, d, css=False) for e, d in selection)
    return _page(safety, title, paper, intro, glance + _safely_html(safety) + cards, large=large)


def _safely_html(safety: SafetyRules) -> str:
    """How to do it safely at home or the gym, in one compact block: the feel scale,
    getting down and up, and when to see a GP (the full lists are in lesson 01)."""
    feel = "".join(
        f'<p class="exl-scale-{level.level}"><strong>{escape(level.label)}</strong> '
        f"({escape(level.level)}): {escape(level.signs)} {escape(level.action)}</p>"
        for level in safety.feel.levels
    )
    floor, active = safety.floor, safety.stay_active
    see_gp = ", ".join(active.see_gp_if)
    return (
        '<section class="exl-safely"><h2>How to do it safely</h2>'
        f'<div class="exl-safely-cols">{feel}'
        f"<p><strong>Getting down:</strong> {escape(' '.join(floor.down))}</p>"
        f"<p><strong>Getting up:</strong> {escape(' '.join(floor.up))}</p>"
        f"<p><strong>See a GP or physio if your back pain</strong> {escape(see_gp)}.</p>"
        "</div></section>"
    )


def _gated_html(exercise: Exercise) -> str:
    """A tick line for the harder versions that need a doctor's or physio's yes first."""
    gated = [v.name for v in exercise.harder if v.gate]
    if not gated:
        return ""
    return (
        f'<p class="exl-verdict"><span>Harder versions ({escape(", ".join(gated))}):</span>'
        "<span>☐ Not yet</span><span>☐ OK</span></p>"
    )


def _source_of(exercise: Exercise) -> str:
    if exercise.source.kind == "article":
        return f"the article by {exercise.source.author}"
    if exercise.source.kind == "nhs":
        return f"NHS advice ({exercise.source.title}), not the article"
    return "general back-care practice, not the article"


def _fill(width: str = "14em") -> str:
    return f'<span class="exl-fill" style="min-width:{width}"></span>'


def clinician_sheet_html(
    selection: Selection,
    safety: SafetyRules,
    *,
    title: str = "Exercise review for your doctor",
    days_a_week: int = 3,
    paper: str = "a4",
    large: bool = False,
    printed: date | None = None,
) -> str:
    """What a doctor needs to say yes, no or "yes, but change this", and to sign.

    A patient section; then per exercise its source, what it is, the dose with room to
    change reps, hold and days a week, the cautions, three boxes and notes lines. The
    signature is kept on the page of the last exercise. The safety box, with the warning
    signs and the "ask first" list, follows.
    """
    printed = printed or date.today()
    patient = (
        '<section class="exl-sheet-block exl-patient"><h2>About the patient</h2>'
        '<div class="exl-patient-grid">'
        f"<p>Name: {_fill('12em')}</p><p>Date of birth: {_fill('8em')}</p>"
        f"<p>Medicines: {_fill('12em')}</p><p>Health conditions: {_fill('8em')}</p>"
        f'<p class="exl-wide">Past injuries or operations: {_fill("24em")}</p>'
        f'<p class="exl-wide">What makes the pain worse, or better: {_fill("19em")}</p></div>'
        "</section>"
    )
    blocks = []
    for exercise, dose in selection:
        cautions = "".join(f"<li>{escape(c)}</li>" for c in exercise.cautions)
        hold = f"{dose.hold_seconds:g} seconds" if dose.hold_seconds else "no hold"
        reps = f"{dose.reps}" + (" on each side" if dose.per_side else "")
        changes = (
            '<table class="exl-dose-change"><tr><th></th><th>Suggested</th><th>Change to</th></tr>'
            f"<tr><th>Reps</th><td>{escape(reps)}</td><td></td></tr>"
            f"<tr><th>Hold</th><td>{escape(hold)}</td><td></td></tr>"
            f"<tr><th>Days a week</th><td>{days_a_week}</td><td></td></tr></table>"
        )
        blocks.append(
            f'<section class="exl-sheet-block" data-exercise="{escape(exercise.id)}">'
            f"<h2>{escape(exercise.name)} <small>(level: {escape(exercise.difficulty)}; "
            f"from {escape(_source_of(exercise))})</small></h2>"
            f"<p>{escape(exercise.summary)} <em>Steps: see the {escape(exercise.name)} card on "
            f"the exercise sheet.</em></p>"
            f'<div class="exl-review-row">{changes}<div><p><strong>Cautions:</strong></p>'
            f"<ul>{cautions}</ul></div></div>"
            '<p class="exl-verdict"><span>☐ OK to try</span><span>☐ Not yet</span>'
            "<span>☐ OK with the changes above</span></p>"
            + _gated_html(exercise)
            + '<div class="exl-lines">Notes:</div><div class="exl-lines"></div>'
            "</section>"
        )
    header = (
        '<p class="exl-sheet-intro">Dear doctor or physiotherapist: your patient would like to '
        "try these exercises for a weak or sore lower back. Please tick a box for each, and "
        "write a new dose if you want them to do more or less. "
        f'<span class="exl-version">Course “{escape(COURSE_TITLE)}”, version '
        f"{escape(__version__)}, printed {printed.isoformat()}.</span></p>"
    )
    signature = (
        '<div class="exl-signature"><p>Reviewed by (name and role): '
        f"{_fill('20em')}</p><p>Signature: {_fill()} Date: {_fill('8em')}</p></div>"
    )
    # The last exercise and the signature form one block, so they always share a page.
    *first, last = blocks or [""]
    last = f'<div class="exl-keep">{last}{signature}</div>'
    return _page(safety, title, paper, header, patient + "".join(first) + last, large=large)


def plan_sheet_html(
    program: Program, safety: SafetyRules, *, paper: str = "a4", large: bool = False
) -> str:
    """A programme on one sheet of paper (both sides): safety, weeks and doses, how it moves on."""
    body = program_html(program, css=False, title=False)
    return _page(safety, program.name, paper, "", body, large=large)


def weekly_log_html(
    selection: Selection,
    safety: SafetyRules,
    *,
    title: str = "Weekly log",
    paper: str = "a4",
    large: bool = False,
) -> str:
    """Seven days by exercise, with tick boxes, pain before and after, the stop rule and notes."""
    head = "".join(f"<th>{d}</th>" for d in DAYS)
    rows = []
    for exercise, dose in selection:
        label = f"{escape(exercise.name)}<br><small>{escape(dose_line(dose))}</small>"
        sides = tuple(side.capitalize() or "Done" for side in dose.sides)
        for i, side in enumerate(sides):
            name = f'<td class="exl-name" rowspan="{len(sides)}">{label}</td>' if i == 0 else ""
            cells = "".join('<td class="exl-box">☐</td>' for _ in DAYS)
            rows.append(f"<tr>{name}<td>{side}</td>{cells}</tr>")
    for label, cell in (
        ("Pain before the session (0-10)", "<td></td>"),
        ("Pain after the session (0-10)", "<td></td>"),
        (
            f"Pain lasted over {safety.stop_minutes} minutes? Y / N",
            '<td class="exl-yn">Y / N</td>',
        ),
        ("Notes", '<td class="exl-notes"></td>'),
    ):
        cells = cell * len(DAYS)
        rows.append(
            f'<tr><td class="exl-name" colspan="2"><strong>{label}</strong></td>{cells}</tr>'
        )
    intro = (
        '<p class="exl-sheet-intro">Tick a box each time you do an exercise. Write your pain '
        "from 0 (none) to 10 (worst) before you start and after you finish. If pain lasts "
        f"more than {safety.stop_minutes} minutes, write Y, stop, and contact a doctor.</p>"
    )
    body = (
        f'<p class="exl-stop-line"><strong>Stop rule:</strong> {escape(safety.stop_rule)}</p>'
        f"<p>Week of: {_fill()}</p>"
        f'<table class="exl-log"><tr><th class="exl-name">Exercise</th><th>Side</th>{head}</tr>'
        + "".join(rows)
        + "</table>"
    )
    if large:  # seven day columns in large type need the page turned sideways
        body += f"<style>@page {{ size: {PAPERS[paper]} landscape; }}</style>"
    return _page(safety, title, paper, intro, body, large=large)


def _ticks(items: Sequence[str]) -> str:
    return "".join(f'<li><span class="exl-box">☐</span> {escape(item)}</li>' for item in items)


def screening_form_html(safety: SafetyRules, *, paper: str = "a4", large: bool = False) -> str:
    """The form each person fills in before a workshop: warning signs, "ask first", signature."""
    signs = safety.warning_signs
    levels = (
        '<div class="exl-form-levels">'
        + "".join(
            f'<div class="exl-sheet-block"><h2>{escape(heading)}</h2>'
            f'<ul class="exl-tick-list">{_ticks(level.items)}</ul></div>'
            for level, heading in (
                (
                    signs.emergency,
                    f"Emergency: tell the trainer now. {signs.emergency.heading}.",
                ),
                (signs.urgent, f"{signs.urgent.heading}. Do not exercise today."),
            )
        )
        + "</div>"
    )
    intro = (
        '<p class="exl-sheet-intro">Please fill this in before the session and give it to the '
        "trainer. It stays private and is handed back or destroyed afterwards.</p>"
    )
    high = safety.rulebook.high_pain_before
    questions = (
        '<div class="exl-sheet-block"><h2>Your back today</h2>'
        "<p>Have you asked a doctor or physio about exercising with your back pain? "
        '<span class="exl-box">☐</span> Yes <span class="exl-box">☐</span> No '
        '<span class="exl-box">☐</span> I have no back pain</p>'
        f"<p>Pain right now, from 0 (none) to 10 (worst): {_fill('4em')}</p>"
        "<p><em>If you answered No, watch today and ask your doctor or physio first. If your "
        f"pain right now is {high} or more, watch today, or do only the gentlest moves the "
        "trainer shows you.</em></p></div>"
    )
    body = (
        f"<p>Name: {_fill('12em')} Date: {_fill('7em')}</p>"
        f"<p>Someone to call in an emergency (name, phone): {_fill('16em')}</p>"
        + questions
        + f"<p><strong>Do you have back pain with any of these today? Tick any that apply.</strong> "
        f"{escape(signs.intro)}</p>{levels}"
        f'<div class="exl-sheet-block"><h2>{escape(safety.ask_first.intro)}</h2>'
        f'<ul class="exl-tick-list">{_ticks(safety.ask_first.items)}</ul>'
        "<p>If you tick one of these, watch today until your doctor or physio says yes.</p></div>"
        '<div class="exl-sheet-block"><ul class="exl-tick-list">'
        + _ticks(
            (
                f"I know the stop rule: {safety.stop_rule}",
                "I will tell the trainer at once if a move hurts, and stop it.",
            )
        )
        + "</ul>"
        '<p>Signature: <span class="exl-fill"></span> Date: <span class="exl-fill" '
        'style="min-width:8em"></span></p></div>'
    )
    return _page(safety, "Before you join in", paper, intro, body, large=large, lists_in_body=True)


def trainer_pack_html(
    catalog: Catalog,
    guide_html: str,
    *,
    title: str = "Trainer pack",
    lessons: Sequence[str] = (),
    paper: str = "a4",
    large: bool = False,
) -> str:
    """The trainer's pack: the guide, what to watch for in each move, and the quiz answers
    of the lessons named. The screening form prints on its own, to copy one per person."""
    watch = "".join(
        f'<div class="exl-sheet-block" data-exercise="{escape(e.id)}">'
        f"<h2>{escape(e.name)}{' (advanced)' if e.advanced else ''}</h2>{watch_for_html(e)}</div>"
        for e in catalog
    )
    keys = "".join(
        f"<h3>Lesson {escape(name[:2])}</h3>{answer_key_html(catalog.quiz(name))}"
        for name in lessons
        if name in catalog.quizzes
    )
    body = (
        f'<div class="exl-guide">{guide_html}</div>'
        f"<section><h2>What to watch for, move by move</h2>{watch}</section>"
        f"<section><h2>Quiz answers</h2>{keys}</section>"
    )
    return _page(catalog.safety, title, paper, "", body, large=large, lists_in_body=True)
