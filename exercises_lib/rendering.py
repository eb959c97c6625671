"""HTML and plain-text views of the course data: exercise cards, routines, safety rules.

Every string from the data is HTML-escaped here, in one place, before it reaches a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .figures import figure_pair_svg
from .models import Dose, Exercise, Routine, SafetyRules, Source, Variation

__all__ = [
    "CARD_CSS",
    "avoid_list_html",
    "dose_rows",
    "exercise_card_html",
    "exercise_text",
    "red_flags_html",
    "routine_html",
    "safety_footer_html",
    "safety_html",
    "variations_table_html",
    "works_table_html",
]

ROLE_LABELS = {
    "setup": "Set up",
    "movement": "Move",
    "breathing": "Breathe",
    "form_cue": "Form",
    "safety": "Safety",
}

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
</style>
""".strip()


def _list(items: Iterable[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    body = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f"<ul{cls}>{body}</ul>" if body else "<p>None.</p>"


def dose_rows(dose: Dose) -> list[tuple[str, str]]:
    """The dose as (label, value) rows, for cards, handouts and the CLI alike."""
    rows = [("Repetitions", f"{dose.reps}" + (" on each side" if dose.per_side else ""))]
    if dose.hold_seconds:
        rows.append(("Hold", f"{dose.hold_seconds:g} seconds each time"))
    if dose.per_side:
        rows.append(
            (
                "Sides",
                "switch after every rep" if dose.alternate_sides else "one side, then the other",
            )
        )
    rows.append(("Sets", str(dose.sets)))
    if dose.rest_seconds:
        rows.append(("Rest", f"{dose.rest_seconds:g} seconds after each set"))
    if dose.tempo:
        rows.append(("Pace", dose.tempo))
    return rows


def _source_line(source: Source) -> str:
    text = f"Source: {source.citation}."
    if source.note:
        text += f" {source.note}"
    return f'<p class="exl-source">{escape(text)}</p>'


def _variations_html(variations: Iterable[Variation]) -> str:
    items = "".join(
        f"<li><strong>{escape(v.name)}:</strong> {escape(v.description)}</li>" for v in variations
    )
    return f"<ul>{items}</ul>" if items else "<p>None.</p>"


def _figure_html(exercise: Exercise) -> str:
    if exercise.figure is None:
        return ""
    svg = figure_pair_svg(exercise.figure, title=f"{exercise.name}: start and end positions")
    return f'<div class="exl-figure-row">{svg}</div>'


def exercise_card_html(exercise: Exercise, dose: Dose | None = None, *, css: bool = True) -> str:
    """A complete, printable card for one exercise (the routine's dose when given)."""
    dose = dose or exercise.dose
    e = exercise
    steps = "".join(
        f'<li><span class="exl-role">{escape(ROLE_LABELS[s.role])}</span> {escape(s.text)}</li>'
        for s in e.steps
    )
    dose_table = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in dose_rows(dose)
    )
    works = ", ".join(e.works_primary)
    if e.works_secondary:
        works += f"; also {', '.join(e.works_secondary)}"
    easier = _variations_html(e.easier)
    harder = _variations_html(e.harder)
    level = escape(e.difficulty)
    return (
        (CARD_CSS if css else "") + f'<section class="exl-card" data-exercise="{escape(e.id)}">'
        f"<h2>{escape(e.name)}"
        f'<span class="exl-badge exl-{level}">Level: {level}</span></h2>'
        f"<p>{escape(e.summary)}</p>"
        f'<div class="exl-top"><div class="exl-dose"><table>{dose_table}</table></div>{_figure_html(e)}</div>'
        f"<h3>Starting position</h3><p>{escape(e.starting_position)}</p>"
        f'<h3>Steps</h3><ol class="exl-steps">{steps}</ol>'
        f'<div class="exl-caution"><h3>Caution</h3>{_list(e.cautions)}</div>'
        '<div class="exl-cols">'
        f"<div><h3>Tips</h3>{_list(e.tips)}</div>"
        f"<div><h3>Common mistakes</h3>{_list(e.common_mistakes)}</div>"
        "</div>"
        '<div class="exl-cols">'
        f"<div><h3>Easier</h3>{easier}</div>"
        f"<div><h3>Harder</h3>{harder}</div>"
        "</div>"
        f"<p><strong>Works:</strong> {escape(works)}. "
        f"<strong>You need:</strong> {escape(', '.join(e.equipment) or 'nothing')}.</p>"
        f"{_source_line(e.source)}"
        "</section>"
    )


def routine_html(routine: Routine, *, css: bool = True) -> str:
    """A routine as a short table of exercises and doses."""
    rows = "".join(
        f"<tr><td>{i}</td><td>{escape(item.exercise.name)}</td><td>{escape(item.dose.describe())}</td></tr>"
        for i, item in enumerate(routine.items, 1)
    )
    return (
        (CARD_CSS if css else "")
        + f'<section class="exl-card" data-routine="{escape(routine.id)}">'
        f"<h2>{escape(routine.name)}</h2><p>{escape(routine.description)}</p>"
        f"<p><strong>How often:</strong> {routine.sessions_per_week} days a week, "
        "with a rest day between.</p>"
        f"<table><tr><th>#</th><th>Exercise</th><th>Dose</th></tr>{rows}</table>"
        "</section>"
    )


def _table_card(title: str, headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A card holding one table; cells are HTML already escaped by the caller."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'{CARD_CSS}<section class="exl-card"><h2>{escape(title)}</h2><table><tr>{head}</tr>{body}</table></section>'


def works_table_html(exercises: Iterable[Exercise]) -> str:
    """Each exercise with the muscles it works, from the data."""
    rows = (
        (
            f"<strong>{escape(e.name)}</strong>",
            escape(", ".join(e.works_primary)),
            escape(", ".join(e.works_secondary) or "–"),
        )
        for e in exercises
    )
    return _table_card("What each exercise works", ("Exercise", "Mainly", "Also"), rows)


def variations_table_html(exercises: Iterable[Exercise]) -> str:
    """Easier and harder versions of each exercise, from the data."""
    rows = (
        (
            f"<strong>{escape(e.name)}</strong>",
            _variations_html(e.easier),
            _variations_html(e.harder),
        )
        for e in exercises
    )
    return _table_card("Easier and harder versions", ("Exercise", "Easier", "Harder"), rows)


def avoid_list_html(safety: SafetyRules) -> str:
    """The avoid-while-in-pain list with each reason."""
    items = "".join(
        f"<li><strong>{escape(a.name)}</strong>: {escape(a.reason)}</li>" for a in safety.avoid
    )
    return f"<p>{escape(safety.avoid_intro)}</p><ul>{items}</ul>"


def red_flags_html(safety: SafetyRules) -> str:
    """Red-flag symptoms that need urgent care, with their source."""
    return (
        f'<div class="exl-caution"><h3>Get urgent help</h3><p>{escape(safety.red_flags_intro)}</p>'
        f"{_list(safety.red_flags)}{_source_line(safety.red_flags_source)}</div>"
    )


def safety_html(safety: SafetyRules, *, css: bool = True) -> str:
    """All the safety rules on one card."""
    return (
        (CARD_CSS if css else "") + '<section class="exl-card exl-safety">'
        "<h2>Safety rules</h2>"
        f"<h3>See a doctor first</h3><p>{escape(safety.doctor_first)}</p>"
        f'<div class="exl-caution"><h3>The stop rule</h3><p>{escape(safety.stop_rule)}</p></div>'
        f"<h3>Pain is a signal</h3><p>{escape(safety.pain_is_a_signal)}</p>"
        f"<h3>Leave these out while your back hurts</h3>{avoid_list_html(safety)}"
        f"{red_flags_html(safety)}"
        f"<p>{escape(safety.disclaimer)}</p>"
        "</section>"
    )


def safety_footer_html(safety: SafetyRules, *, css: bool = True) -> str:
    """The footer every lesson and handout carries: disclaimer, stop rule, avoid list, credit."""
    avoid = ", ".join(a.name.lower() for a in safety.avoid)
    return (
        (CARD_CSS if css else "") + '<aside class="exl-footer" role="note">'
        f"<p><strong>Stop rule:</strong> {escape(safety.stop_rule)}</p>"
        f"<p><strong>While your back hurts, avoid:</strong> {escape(avoid)}.</p>"
        f"<p><strong>Not medical advice:</strong> {escape(safety.disclaimer)}</p>"
        f"<p>Based on {escape(safety.credit.citation)}. Written in the course's own words.</p>"
        "</aside>"
    )


def exercise_text(exercise: Exercise) -> str:
    """A plain-text version of the card, for the terminal."""
    e = exercise
    lines = [f"{e.name} ({e.difficulty})", "=" * len(f"{e.name} ({e.difficulty})"), e.summary, ""]
    lines += [f"{k}: {v}" for k, v in dose_rows(e.dose)]
    lines += ["", "Starting position:", f"  {e.starting_position}", "", "Steps:"]
    lines += [f"  {i}. [{ROLE_LABELS[s.role]}] {s.text}" for i, s in enumerate(e.steps, 1)]
    lines += ["", "Caution:"] + [f"  ! {c}" for c in e.cautions]
    lines += ["", "Tips:"] + [f"  - {t}" for t in e.tips]
    lines += ["", "Common mistakes:"] + [f"  - {m}" for m in e.common_mistakes]
    lines += ["", "Easier:"] + [f"  - {v.name}: {v.description}" for v in e.easier]
    lines += ["", "Harder:"] + [f"  - {v.name}: {v.description}" for v in e.harder]
    lines += ["", f"Works: {', '.join(e.works_primary + e.works_secondary)}"]
    lines += [
        f"You need: {', '.join(e.equipment) or 'nothing'}",
        "",
        f"Source: {e.source.citation}.",
    ]
    return "\n".join(lines)
