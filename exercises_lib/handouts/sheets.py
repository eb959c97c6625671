"""Printable sheets made straight from the data: exercises, a clinician review, a weekly log."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..models import Catalog, Dose, Exercise, Program, SafetyRules
from ..rendering import answer_key_html, dose_rows, exercise_card_html, program_html
from .style import safety_block, sheet_head

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
.exl-sheet-intro{font-size:11pt;margin:.2em 0 1em}
.exl-lines{border-bottom:1px solid #555;height:1.6em;margin:.2em 0}
.exl-fill{display:inline-block;border-bottom:1px solid #555;min-width:14em;height:1.2em}
.exl-sheet-block{border:2px solid #2d5f8a;border-radius:8px;padding:4px 12px;margin:0 0 8px;font-size:10pt;line-height:1.3}
.exl-sheet-block h2{margin:.1em 0 .1em;font-size:12.5pt}
.exl-sheet-block p{margin:.15em 0}
.exl-sheet-block ul{margin:0 0 .1em 1.1em;padding:0}
.exl-verdict{font-size:11.5pt;font-weight:600;margin:.3em 0}
.exl-verdict span{margin-right:1.6em}
.exl-log th,.exl-log td{text-align:center;min-width:2.6em;height:1.7em}
.exl-log td.exl-name,.exl-log th.exl-name{text-align:left;min-width:11em}
.exl-log{width:100%;font-size:10.5pt}
.exl-box{font-size:14pt}
.exl-tick-list{list-style:none;margin:.2em 0;padding:0}
.exl-tick-list li{margin:.15em 0;padding-left:1.6em;text-indent:-1.6em}
</style>
"""


def _page(safety: SafetyRules, title: str, paper: str, body: str) -> str:
    return (
        sheet_head(safety, title, paper)
        + _SHEET_CSS
        + f'<body class="exl-handout"><main><h1>{escape(title)}</h1>{body}'
        + safety_block(safety)
        + "</main></body></html>"
    )


def exercise_sheet_html(
    selection: Selection, safety: SafetyRules, *, title: str = "Your exercises", paper: str = "a4"
) -> str:
    """Full cards for the chosen exercises, one per page."""
    intro = (
        '<p class="exl-sheet-intro">Use this sheet at the gym or at home. Before you start, go '
        "through it with your doctor or physiotherapist: they can tell you which exercises "
        "suit your back.</p>"
    )
    rows = "".join(
        f"<tr><td>{escape(e.name)}</td><td>{escape(e.difficulty)}</td><td>{escape(d.describe())}</td>"
        f"<td>{escape(', '.join(e.equipment) or 'nothing')}</td></tr>"
        for e, d in selection
    )
    glance = (
        "<h2>At a glance</h2><table><tr><th>Exercise</th><th>Level</th><th>Dose</th><th>You need</th></tr>"
        f"{rows}</table><p>One card per page follows.</p>"
    )
    cards = "".join(exercise_card_html(e, d, css=False) for e, d in selection)
    return _page(safety, title, paper, intro + glance + cards)


def clinician_sheet_html(
    selection: Selection,
    safety: SafetyRules,
    *,
    title: str = "Exercise review for your doctor",
    paper: str = "a4",
) -> str:
    """One block per exercise with OK to try / not yet / with changes, notes and a signature."""
    blocks = []
    for exercise, dose in selection:
        dose_text = "; ".join(f"{k}: {v}" for k, v in dose_rows(dose))
        cautions = "".join(f"<li>{escape(c)}</li>" for c in exercise.cautions)
        blocks.append(
            f'<section class="exl-sheet-block" data-exercise="{escape(exercise.id)}">'
            f"<h2>{escape(exercise.name)} <small>(level: {escape(exercise.difficulty)})</small></h2>"
            f"<p>{escape(exercise.summary)}</p>"
            f"<p><strong>Dose:</strong> {escape(dose_text)}</p>"
            f"<p><strong>Cautions:</strong></p><ul>{cautions}</ul>"
            '<p class="exl-verdict"><span>☐ OK to try</span><span>☐ Not yet</span>'
            "<span>☐ OK with changes (see notes)</span></p>"
            '<p>Notes:</p><div class="exl-lines"></div>'
            "</section>"
        )
    header = (
        '<p class="exl-sheet-intro">Dear doctor or physiotherapist: your patient would like to try '
        "these exercises for a weak or sore lower back. Please tick one box for each.</p>"
        '<p>Patient name: <span class="exl-fill"></span> Date: <span class="exl-fill" style="min-width:8em"></span></p>'
    )
    signature = (
        '<section class="exl-sheet-block"><p>Reviewed by: <span class="exl-fill"></span></p>'
        '<p>Signature: <span class="exl-fill"></span> Date: <span class="exl-fill" style="min-width:8em"></span></p>'
        "</section>"
    )
    return _page(safety, title, paper, header + "".join(blocks) + signature)


def plan_sheet_html(program: Program, safety: SafetyRules, *, paper: str = "a4") -> str:
    """A programme on one sheet: weeks and doses, how it moves on, review points, safety."""
    intro = (
        # One sheet: the safety box in two columns of smaller (still 8.5 pt) type.
        "<style>main .exl-footer{font-size:8.5pt;line-height:1.2;padding:3px 10px;margin-top:4px;"
        "columns:2;column-gap:1.5em}"
        "main .exl-footer p{margin:.1em 0}</style>"
    )
    return _page(safety, program.name, paper, intro + program_html(program, css=False, title=False))


def weekly_log_html(
    selection: Selection, safety: SafetyRules, *, title: str = "Weekly log", paper: str = "a4"
) -> str:
    """Seven days by exercise, with left/right tick boxes and pain before and after."""
    head = "".join(f"<th>{d}</th>" for d in DAYS)
    rows = []
    for exercise, dose in selection:
        label = f"{escape(exercise.name)}<br><small>{escape(dose.describe())}</small>"
        sides = tuple(side.capitalize() or "Done" for side in dose.sides)
        for i, side in enumerate(sides):
            name = f'<td class="exl-name" rowspan="{len(sides)}">{label}</td>' if i == 0 else ""
            cells = "".join('<td class="exl-box">☐</td>' for _ in DAYS)
            rows.append(f"<tr>{name}<td>{side}</td>{cells}</tr>")
    for label in ("Pain before (0-10)", "Pain after (0-10)"):
        cells = "".join("<td></td>" for _ in DAYS)
        rows.append(
            f'<tr><td class="exl-name" colspan="2"><strong>{label}</strong></td>{cells}</tr>'
        )
    body = (
        '<p class="exl-sheet-intro">Tick a box each time you do an exercise. Write your pain '
        "from 0 (none) to 10 (worst) before and after each session.</p>"
        '<p>Week of: <span class="exl-fill"></span></p>'
        f'<table class="exl-log"><tr><th class="exl-name">Exercise</th><th>Side</th>{head}</tr>'
        + "".join(rows)
        + "</table>"
    )
    return _page(safety, title, paper, body)


def _ticks(items: Sequence[str]) -> str:
    return "".join(f'<li><span class="exl-box">☐</span> {escape(item)}</li>' for item in items)


def _screening_body(safety: SafetyRules) -> str:
    signs = safety.warning_signs
    levels = "".join(
        f'<div class="exl-sheet-block"><h2>{escape(level.heading)}: do not exercise today</h2>'
        f'<ul class="exl-tick-list">{_ticks(level.items)}</ul></div>'
        for level in signs.levels
    )
    return (
        '<p class="exl-sheet-intro">Please fill this in before the session and give it to the '
        "trainer. It stays private and is handed back or destroyed afterwards.</p>"
        '<p>Name: <span class="exl-fill"></span> Date: <span class="exl-fill" style="min-width:8em">'
        "</span></p>"
        '<p>Someone to call in an emergency (name and phone): <span class="exl-fill" '
        'style="min-width:20em"></span></p>'
        f"<p><strong>Do you have back pain with any of these today? Tick any that apply.</strong> "
        f"{escape(signs.intro)}</p>{levels}"
        f'<div class="exl-sheet-block"><h2>{escape(safety.ask_first.intro)}</h2>'
        f'<ul class="exl-tick-list">{_ticks(safety.ask_first.items)}</ul>'
        "<p>If you tick one of these, watch today or do the chair set, until your doctor or "
        "physio says yes.</p></div>"
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


def screening_form_html(safety: SafetyRules, *, paper: str = "a4") -> str:
    """The form each person fills in before a workshop: warning signs, "ask first", signature."""
    return _page(safety, "Before you join in", paper, _screening_body(safety))


def trainer_pack_html(
    catalog: Catalog,
    guide_html: str,
    *,
    title: str = "Trainer pack",
    lessons: Sequence[str] = (),
    paper: str = "a4",
) -> str:
    """The trainer's pack: the guide, what to watch for in each move, the quiz answers of
    the lessons named, and one screening form to copy."""
    watch = "".join(
        f'<div class="exl-sheet-block" data-exercise="{escape(e.id)}">'
        f"<h2>{escape(e.name)}{' (advanced)' if e.advanced else ''}</h2>"
        f"<p><strong>Watch for:</strong></p><ul>{''.join(f'<li>{escape(m)}</li>' for m in e.common_mistakes)}</ul>"
        f"<p><strong>Cautions to say:</strong></p><ul>{''.join(f'<li>{escape(c)}</li>' for c in e.cautions)}</ul>"
        "</div>"
        for e in catalog
    )
    keys = "".join(
        f"<h3>Lesson {escape(name[:2])}</h3>{answer_key_html(catalog.quiz(name))}"
        for name in lessons
        if name in catalog.quizzes
    )
    body = (
        f'<div class="exl-guide">{guide_html}</div>'
        f'<section class="exl-page-break"><h2>What to watch for, move by move</h2>{watch}</section>'
        f'<section class="exl-page-break"><h2>Quiz answers</h2>{keys}</section>'
        '<section class="exl-page-break"><h2>Screening form (copy one per person)</h2>'
        f"{_screening_body(catalog.safety)}</section>"
    )
    return _page(catalog.safety, title, paper, body)
