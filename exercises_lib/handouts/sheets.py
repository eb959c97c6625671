"""Printable sheets made straight from the data: exercises, a clinician review, a weekly log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from .._version import __version__
from ..i18n import N_, _, join_or
from ..models import Catalog, Dose, Exercise, Program
from ..rendering import (
    answer_key_html,
    colour_word,
    dose_line,
    exercise_card_html,
    flare_up_html,
    header_row,
    level_word,
    program_html,
    side_word,
    watch_for_html,
)
from ..safetymodels import SafetyRules
from .ladderparts import LADDER_CSS, highest_rung_html, ladder_strip_html, tick_boxes
from .style import COURSE_TITLE, PAPERS, SHEET_CSS, safety_block, sheet_head

__all__ = [
    "Selection",
    "clinician_sheet_html",
    "exercise_sheet_html",
    "flare_up_sheet_html",
    "plan_sheet_html",
    "screening_form_html",
    "sheet_page",
    "trainer_pack_html",
    "weekly_log_html",
    "write_in",
]

Selection = Sequence[tuple[Exercise, Dose]]
# Marked here, translated where the log is printed.
DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def sheet_page(
    safety: SafetyRules,
    title: str,
    paper: str,
    intro: str,
    body: str,
    *,
    large: bool = False,
    lists_in_body: bool = False,
    page_css: str = "",
) -> str:
    """A sheet: title and intro, then the safety box, then the body (``page_css``: the body's
    own styles, which go in the head with the sheets' shared ones).

    The safety box (stop rule, avoid list, both levels of warning signs, "ask first")
    comes first, to be read first, and so it never stands alone on a last page. In
    normal print it takes two columns of 9 pt; in large print, the full width. A body
    that lists the warning signs and "ask first" in full (``lists_in_body``) gets the
    box without them.
    """
    css = "exl-safety-first" if large else "exl-safety-compact"
    return (
        sheet_head(safety, title, paper, large=large, css=SHEET_CSS + LADDER_CSS + page_css)
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
        '<p class="exl-my-numbers">'
        + write_in(_("My emergency number:"), "7em", bold=True)
        + " "
        + write_in(_("My doctor:"), "14em", bold=True)
        + "</p>"
    )


def write_in(label: str, width: str = "14em", *, bold: bool = False) -> str:
    """A label and a line to write on: 'Name: ______'."""
    shown = f"<strong>{escape(label)}</strong>" if bold else escape(label)
    return f"{shown} {_fill(width)}"


def _intro(text: str) -> str:
    return f'<p class="exl-sheet-intro">{escape(text)}</p>'


def exercise_sheet_html(
    selection: Selection,
    safety: SafetyRules,
    *,
    title: str | None = None,
    paper: str = "a4",
    large: bool = False,
    starts: Mapping[str, Dose] | None = None,
    rungs: Mapping[str, int] | None = None,
) -> str:
    """Full cards for the chosen exercises (in large print, each on a page of its own).

    ``starts``: the dose each exercise starts at (the plan's first week that has it),
    shown beside the dose to build up to, so nobody reads the full dose as day one's.
    ``rungs``: the learner's rung of each exercise, from their log; each card's ladder
    is then drawn around it.
    """
    intro = _intro(
        _(
            "Use this sheet at the gym or at home. Before you start, go through it with "
            "{doctor} or a {physio}: they can tell you which exercises suit your back."
        ).format(**safety.care)
    )
    starts = starts or {}
    # one line a move: each card below gives its level and what you need
    rows = "".join(
        f"<tr><td>{escape(e.name)}</td><td>{escape(dose_line(starts.get(e.id, d)))}</td>"
        f"<td>{escape(dose_line(d))}</td></tr>"
        for e, d in selection
    )
    glance = (
        '<section class="exl-sheet-block">'
        + ("<h2>" + escape(_("At a glance")) + '</h2><table class="exl-glance">')
        + header_row(_("Exercise"), _("Start at"), _("Build up to"))
        + f"{rows}</table></section>"
    )
    rungs = rungs or {}
    cards = "".join(
        exercise_card_html(e, d, css=False, more=ladder_strip_html(e, rungs.get(e.id)))
        for e, d in selection
    )
    # In large print the overview closes the sheet, on the last card's page: before the
    # cards, it would push the how-to block over a page by a few lines.
    body = _safely_html(safety) + cards + glance if large else glance + _safely_html(safety) + cards
    return sheet_page(safety, title or _("Your exercises"), paper, intro, body, large=large)


def _safely_html(safety: SafetyRules) -> str:
    """How to do it safely at home or the gym, in one compact block: the feel scale,
    getting down and up, and when to see a GP (the full lists are in lesson 01)."""
    feel = "".join(
        f'<p class="exl-scale-{level.level}"><strong>{escape(level.label)}</strong> '
        f"({escape(colour_word(level.level))}): {escape(level.signs)} {escape(level.action)}</p>"
        for level in safety.feel.levels
    )
    floor, active = safety.floor, safety.stay_active
    lines = (
        (_("Getting down:"), " ".join(floor.down)),
        (_("Getting up:"), " ".join(floor.up)),
        (
            _("See {doctor} or a {physio} if your back pain").format(**safety.care),
            join_or(active.see_gp_if) + ".",
        ),
    )
    return (
        '<section class="exl-safely">'
        + ("<h2>" + escape(_("How to do it safely")) + "</h2>")
        + f'<div class="exl-safely-cols">{feel}'
        + "".join(f"<p><strong>{escape(a)}</strong> {escape(b)}</p>" for a, b in lines)
        + "</div></section>"
    )


def _gated_html(exercise: Exercise) -> str:
    """A tick line for the harder versions that need a doctor's or physio's yes first."""
    gated = [v.name for v in exercise.harder if v.gate]
    if not gated:
        return ""
    which = _("Harder versions ({names}):").format(names=", ".join(gated))
    return (
        f'<p class="exl-verdict"><span>{escape(which)}</span>'
        + tick_boxes(_("Not yet"), _("OK"))
        + "</p>"
    )


def _source_of(exercise: Exercise) -> str:
    if exercise.source.kind == "article":
        return _("the article by {author}").format(author=exercise.source.author)
    if exercise.source.kind == "nhs":
        return _("NHS advice ({title}), not the article").format(title=exercise.source.title)
    return _("general back-care practice, not the article")


def _fill(width: str = "14em") -> str:
    return f'<span class="exl-fill" style="min-width:{width}"></span>'


def clinician_sheet_html(
    selection: Selection,
    safety: SafetyRules,
    *,
    title: str | None = None,
    days_a_week: int = 3,
    paper: str = "a4",
    large: bool = False,
    printed: date | None = None,
    starts: Mapping[str, Dose] | None = None,
    program: Program | None = None,
) -> str:
    """What a doctor needs to say yes, no or "yes, but change this", and to sign.

    A patient section; then per exercise its source, what it is, the dose with room to
    change reps, hold and days a week, the cautions, three boxes and notes lines. The
    signature is kept on the page of the last exercise. The safety box, with the warning
    signs and the "ask first" list, follows. ``starts`` gives each exercise's first dose
    in the plan; ``program``, how the plan moves on, with room to change each rule.
    """
    printed = printed or date.today()
    starts = starts or {}
    patient = (
        '<section class="exl-sheet-block exl-patient">'
        + ("<h2>" + escape(_("About the patient")) + "</h2>")
        + '<div class="exl-patient-grid">'
        + (
            "<p>"
            + write_in(_("Name:"), "12em")
            + "</p><p>"
            + write_in(_("Date of birth:"), "8em")
            + "</p>"
        )
        + ("<p>" + write_in(_("Medicines:"), "12em") + "</p>")
        + ("<p>" + write_in(_("Health conditions:"), "8em") + "</p>")
        + ('<p class="exl-wide">' + write_in(_("Past injuries or operations:"), "24em") + "</p>")
        + (
            '<p class="exl-wide">'
            + write_in(_("What makes the pain worse, or better:"), "19em")
            + "</p>"
        )
        + "</div></section>"
    )
    blocks = []
    for exercise, dose in selection:
        cautions = "".join(f"<li>{escape(c)}</li>" for c in exercise.cautions)
        changes = _dose_table(starts.get(exercise.id, dose), dose, days_a_week)
        about = _("(level: {level}; from {source})").format(
            level=level_word(exercise.difficulty), source=_source_of(exercise)
        )
        steps = _("Steps: see the {name} card on the exercise sheet.").format(name=exercise.name)
        blocks.append(
            f'<section class="exl-sheet-block" data-exercise="{escape(exercise.id)}">'
            f"<h2>{escape(exercise.name)} <small>{escape(about)}</small></h2>"
            f"<p>{escape(exercise.summary)} <em>{escape(steps)}</em></p>"
            f'<div class="exl-review-row">{changes}<div>'
            + ("<p><strong>" + escape(_("Cautions:")) + "</strong></p>")
            + f"<ul>{cautions}</ul></div></div>"
            + '<p class="exl-verdict">'
            + tick_boxes(_("OK to try"), _("Not yet"), _("OK with the changes above"))
            + "</p>"
            + highest_rung_html(exercise)
            + _gated_html(exercise)
            + (
                '<div class="exl-lines">'
                + escape(_("Notes:"))
                + '</div><div class="exl-lines"></div>'
            )
            + "</section>"
        )
    version = _("Course “{course}”, version {version}, printed {day}.").format(
        course=_(COURSE_TITLE), version=__version__, day=printed.isoformat()
    )
    dear = _(
        "Dear doctor or {physio}: your patient would like to try these exercises for "
        "a weak or sore lower back. Please tick a box for each, and write a new dose if you "
        "want them to do more or less."
    ).format(**safety.care)
    header = (
        f'<p class="exl-sheet-intro">{escape(dear)} '
        f'<span class="exl-version">{escape(version)}</span></p>'
    )
    signature = (
        '<div class="exl-signature">'
        + ("<p>" + write_in(_("Reviewed by (name and role):"), "20em") + "</p>")
        + ("<p>" + write_in(_("Signature:")) + " " + write_in(_("Date:"), "8em") + "</p></div>")
    )
    # The last exercise and the signature form one block, so they always share a page.
    *first, last = blocks or [""]
    last = f'<div class="exl-keep">{last}{signature}</div>'
    body = patient + _plan_rules_html(program) + "".join(first) + last
    return sheet_page(
        safety, title or _("Exercise review for your doctor"), paper, header, body, large=large
    )


def _dose_table(start: Dose, dose: Dose, days_a_week: int) -> str:
    """Reps, hold and days a week: where the plan starts, what it builds up to, and a
    column for the doctor's own numbers."""

    def reps(d: Dose) -> str:
        return (_("{reps} on each side") if d.per_side else "{reps}").format(reps=d.reps)

    def hold(d: Dose) -> str:
        if not d.hold_seconds:
            return _("no hold")
        return _("{seconds:g} seconds").format(seconds=d.hold_seconds)

    rows = (
        (_("Reps"), reps(start), reps(dose)),
        (_("Hold"), hold(start), hold(dose)),
        (_("Days a week"), str(days_a_week), str(days_a_week)),
    )
    return (
        '<table class="exl-dose-change">'
        + header_row(_("Dose"), _("Start at"), _("Build up to"), _("Change to"))
        + "".join(
            f"<tr><th>{escape(label)}</th><td>{escape(first)}</td><td>{escape(last)}</td><td></td></tr>"
            for label, first, last in rows
        )
        + "</table>"
    )


def _plan_rules_html(program: Program | None) -> str:
    """How the plan moves on, rule by rule from the data, each with room to change it."""
    if program is None:
        return ""
    change = write_in(_("Change to:"), "20em")
    rules = "".join(f"<li>{escape(rule.text)}<br>{change}</li>" for rule in program.rules)
    return (
        '<section class="exl-sheet-block exl-plan-rules">'
        + ("<h2>" + escape(_("How the plan moves on")) + "</h2>")
        + f"<p>{escape(program.description)}</p><ul>{rules}</ul></section>"
    )


def plan_sheet_html(
    program: Program,
    safety: SafetyRules,
    *,
    paper: str = "a4",
    large: bool = False,
    scores: str = "",
) -> str:
    """A programme on one sheet of paper (both sides): safety, weeks and doses, how it
    moves on; ``scores``, the learner's own goals and check-ins, when it is their plan."""
    body = program_html(program, css=False, title=False) + scores
    return sheet_page(safety, program.name, paper, "", body, large=large)


def weekly_log_html(
    selection: Selection,
    safety: SafetyRules,
    *,
    title: str | None = None,
    paper: str = "a4",
    large: bool = False,
) -> str:
    """Seven days by exercise, with tick boxes, pain before and after, the stop rule and notes."""
    days = [_(day) for day in DAYS]
    head = "".join(f"<th>{escape(d)}</th>" for d in days)
    rows = []
    for exercise, dose in selection:
        label = f"{escape(exercise.name)}<br><small>{escape(dose_line(dose))}</small>"
        sides = tuple(side_word(side).capitalize() if side else _("Done") for side in dose.sides)
        for i, side in enumerate(sides):
            name = f'<td class="exl-name" rowspan="{len(sides)}">{label}</td>' if i == 0 else ""
            cells = "".join('<td class="exl-box">☐</td>' for _day in days)
            rows.append(f"<tr>{name}<td>{escape(side)}</td>{cells}</tr>")
    yes_no = escape(_("Y / N"))
    for text, cell in (
        (_("Pain before the session (0-10)"), "<td></td>"),
        (_("Pain after the session (0-10)"), "<td></td>"),
        (
            _("Pain lasted over {minutes} minutes? Y / N").format(minutes=safety.stop_minutes),
            f'<td class="exl-yn">{yes_no}</td>',
        ),
        (
            _("Sharp, shooting or spreading pain, or pins and needles?"),
            f'<td class="exl-yn">{yes_no}</td>',
        ),
        (_("Back worse the next morning?"), f'<td class="exl-yn">{yes_no}</td>'),
        (_("Notes"), '<td class="exl-notes"></td>'),
    ):
        cells = cell * len(days)
        rows.append(
            f'<tr><td class="exl-name" colspan="2"><strong>{escape(text)}</strong></td>{cells}</tr>'
        )
    intro = _intro(
        _(
            "Tick a box for each exercise done; write your pain (0 none, 10 worst) before and "
            "after. Write Y, stop and contact a doctor if pain lasts over {minutes} minutes, "
            "or is sharp, shooting or spreading, or with pins and needles. Worse the next "
            "morning? Write Y; do less next time."
        ).format(minutes=safety.stop_minutes)
    )
    # The stop rule leads the safety box above and the intro, and the week is written in
    # the grid's corner, so the log keeps to one page on A4 and Letter alike.
    body = (
        '<table class="exl-log"><tr>'
        + ('<th class="exl-name">' + write_in(_("Week of:"), "8em") + "</th><th>")
        + (escape(_("Side")) + "</th>")
        + f"{head}</tr>"
        + "".join(rows)
        + "</table>"
    )
    # seven day columns in large type need the page turned sideways
    # The safety box then takes three columns, its lists free to go on in the next, so
    # it fits the first page whole, and the log keeps to the second.
    sideways = (
        f"@page {{ size: {PAPERS[paper]} landscape; }}"
        ".exl-safety-first .exl-footer{columns:3;column-gap:1.5em}.exl-log{break-inside:avoid}"
        ".exl-safety-first .exl-warn-short{break-inside:auto}"
        "body.exl-large .exl-safety-first .exl-warn-short ul{columns:1}"
        if large
        else ""
    )
    return sheet_page(
        safety, title or _("Weekly log"), paper, intro, body, large=large, page_css=sideways
    )


def flare_up_sheet_html(safety: SafetyRules, *, paper: str = "a4", large: bool = False) -> str:
    """The flare-up plan on a page of its own, to keep where it is found on a bad day: it
    lists both levels of warning signs, so the safety box above it leaves them out."""
    body = flare_up_html(safety, heading=2, title=False, short=True)
    # one page in normal print: the plan's short paragraphs and lists sit close
    tight = (
        ".exl-flare-up p,.exl-flare-up li{margin:.1em 0}.exl-flare-up ul{margin:.1em 0 .3em}"
        "body:not(.exl-large) .exl-flare-steps{columns:2;column-gap:1.5em;line-height:1.3}"
    )
    return sheet_page(
        safety,
        safety.flare_up.title,
        paper,
        "",  # the plan says what it is for in its first lines
        body,
        large=large,
        lists_in_body=True,
        page_css=tight,
    )


def _ticks(items: Sequence[str]) -> str:
    return "".join(f'<li><span class="exl-box">☐</span> {escape(item)}</li>' for item in items)


def _block(heading: str, body: str) -> str:
    return f'<div class="exl-sheet-block"><h2>{escape(heading)}</h2>{body}</div>'


def screening_form_html(safety: SafetyRules, *, paper: str = "a4", large: bool = False) -> str:
    """The form each person fills in before a workshop: warning signs, "ask first", signature."""
    signs = safety.warning_signs
    now = _("Emergency: tell the trainer now. {heading}.").format(heading=signs.emergency.heading)
    today = _("{heading}. Do not exercise today.").format(heading=signs.urgent.heading)
    levels = (
        '<div class="exl-form-levels">'
        + "".join(
            _block(heading, f'<ul class="exl-tick-list">{_ticks(level.items)}</ul>')
            for level, heading in ((signs.emergency, now), (signs.urgent, today))
        )
        + "</div>"
    )
    intro = _intro(
        _(
            "Please fill this in before the session and give it to the trainer. It stays "
            "private and is handed back or destroyed afterwards."
        )
    )
    high = safety.rulebook.high_pain_before
    box = '<span class="exl-box">☐</span>'
    asked = _("Have you asked a doctor or a {physio} about exercising with your back pain?").format(
        **safety.care
    )
    answers = " ".join(f"{box} {escape(a)}" for a in (_("Yes"), _("No"), _("I have no back pain")))
    watch = _(
        "If you answered No, watch today and ask {doctor} or a {physio} first. If your pain "
        "right now is {high} or more, watch today, or do only the gentlest moves the trainer "
        "shows you."
    ).format(high=high, **safety.care)
    questions = _block(
        _("Your back today"),
        f"<p>{escape(asked)} {answers}</p>"
        + ("<p>" + write_in(_("Pain right now, from 0 (none) to 10 (worst):"), "4em") + "</p>")
        + f"<p><em>{escape(watch)}</em></p>",
    )
    tick_these = _("Do you have back pain with any of these today? Tick any that apply.")
    if_ticked = _(
        "If you tick one of these, watch today until a doctor or {physio} says yes."
    ).format(**safety.care)
    promises = (
        _("I know the stop rule: {rule}").format(rule=safety.stop_rule),
        _("I will tell the trainer at once if a move hurts, and stop it."),
    )
    body = (
        ("<p>" + write_in(_("Name:"), "12em") + " " + write_in(_("Date:"), "7em") + "</p>")
        + ("<p>" + write_in(_("Someone to call in an emergency (name, phone):"), "16em") + "</p>")
        + questions
        + f"<p><strong>{escape(tick_these)}</strong> {escape(signs.intro)}</p>{levels}"
        + _block(
            safety.ask_first.intro,
            f'<ul class="exl-tick-list">{_ticks(safety.ask_first.items)}</ul>'
            + f"<p>{escape(if_ticked)}</p>",
        )
        + '<div class="exl-sheet-block"><ul class="exl-tick-list">'
        + _ticks(promises)
        + "</ul>"
        + ("<p>" + write_in(_("Signature:")) + " " + write_in(_("Date:"), "8em") + "</p></div>")
    )
    title = _("Before you join in")
    return sheet_page(safety, title, paper, intro, body, large=large, lists_in_body=True)


def trainer_pack_html(
    catalog: Catalog,
    guide_html: str,
    *,
    title: str | None = None,
    lessons: Sequence[str] = (),
    paper: str = "a4",
    large: bool = False,
) -> str:
    """The trainer's pack: the guide, what to watch for in each move, and the quiz answers
    of the lessons named. The screening form prints on its own, to copy one per person."""
    advanced = " " + _("(advanced)")
    watch = "".join(
        f'<div class="exl-sheet-block" data-exercise="{escape(e.id)}">'
        f"<h2>{escape(e.name)}{escape(advanced) if e.advanced else ''}</h2>{watch_for_html(e)}</div>"
        for e in catalog
    )
    keys = "".join(
        ("<h3>" + escape(_("Lesson {number}").format(number=name[:2])) + "</h3>")
        + answer_key_html(catalog.quiz(name))
        for name in lessons
        if name in catalog.quizzes
    )
    body = (
        f'<div class="exl-guide">{guide_html}</div>'
        + (
            "<section><h2>"
            + escape(_("What to watch for, move by move"))
            + "</h2>"
            + str(watch)
            + "</section>"
        )
        + ("<section><h2>" + escape(_("Quiz answers")) + "</h2>" + str(keys) + "</section>")
    )
    title = title or _("Trainer pack")
    return sheet_page(catalog.safety, title, paper, "", body, large=large, lists_in_body=True)
