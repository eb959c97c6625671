"""Slide decks for trainers: each lesson as reveal.js, with speaker notes, working offline.

Two decks per lesson: ``NN-slug.trainer.slides.html`` keeps the trainer cells as speaker
notes (press S in the deck); ``NN-slug.slides.html`` is for participants, without them.
reveal.js is copied beside the decks, so nothing is fetched from the internet.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

import nbformat
from nbconvert.exporters import SlidesExporter

from ..coursefiles import lessons_dir as course_lessons
from ..coursefiles import protected_paths
from ..i18n import _, current_language
from ..models import Catalog, Exercise
from ..notebooks import (
    PrintablePreprocessor,
    answer_keys,
    lesson_paths,
    lesson_title,
    nbconvert_templates,
    run_lesson,
    tidy_nbconvert_css,
)
from ..rendering import (
    briefing_text,
    course_css,
    exercise_card_parts,
    warning_signs_short_html,
)
from ..safetymodels import SafetyRules
from ..steps import NO_PROGRESS, Progress, Step
from ..userdata import WriteRefused, safe_name, safe_write
from .notes import LessonCall, call_notes, card_part_notes, prose_notes

__all__ = [
    "REVEAL_DIR",
    "build_slides",
    "deck_footer_html",
    "safety_slide_html",
]

HERE = Path(__file__).resolve().parent
REVEAL_DIR = HERE / "reveal.js"
TEMPLATES = HERE / "templates"
FIT_SLIDES_JS = HERE / "fit-slides.js"


def _exporter() -> SlidesExporter:
    with nbconvert_templates():
        return SlidesExporter(
            template_name="deck",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            reveal_url_prefix="reveal.js",
            reveal_theme="simple",
            reveal_number="c/t",
            # 16:9, the shape of today's projectors: lines wrap less than at the 4:3 default.
            reveal_width="1280",
            reveal_height="720",
            language_code=current_language(),
        )


def _deck_cells(
    nb: nbformat.NotebookNode, catalog: Catalog, *, trainer: bool, links: dict[str, str]
) -> nbformat.NotebookNode:
    # Cells must go before nbconvert groups cells into slides: a dropped cell that ended
    # a slide would otherwise merge two slides into one.
    nb = copy.deepcopy(nb)
    for cell in nb.cells:  # a quiz's answer key rides in its outputs; cleaning drops it
        if keys := answer_keys(cell):
            cell.metadata[_ANSWERS] = "".join(keys)
    remove = {"setup", "hide-handout"} | (set() if trainer else {"trainer"})
    cleaner = PrintablePreprocessor(remove_tags=remove, keep_notes=trainer)
    nb = cleaner.preprocess(nb, {"link_targets": links})[0]
    cells = [_safety_slide(catalog.safety)]
    if trainer:  # the trainer guide's safety briefing, to read out before anyone moves
        said = escape(_("Read this out before anyone moves:"))
        brief = escape(briefing_text(catalog.safety))
        cells.append(_notes_cell(f"<p><strong>{said}</strong></p><p>{brief}</p>"))
    for cell in nb.cells:
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", []))
        card = _CARD.search(html)
        if card:
            exercise = catalog.exercise(card.group(1))
            for n, part in enumerate(_card_slides(cell, exercise), 1):
                cells.append(part)
                if trainer:
                    cells.append(_notes_cell(card_part_notes(catalog, exercise, n)))
            continue
        cells.append(cell)
        if trainer:
            cells += _cell_notes(cell, catalog)
    nb.cells = _every_slide_noted(cells) if trainer else cells
    return nb


def _cell_notes(cell: nbformat.NotebookNode, catalog: Catalog) -> list[nbformat.NotebookNode]:
    """The speaker notes a cell brings: a quiz's answers, or what its call shows."""
    if answers := cell.metadata.pop(_ANSWERS, ""):
        label = escape(_("Quiz answers:"))
        return [_notes_cell(f"<p><strong>{label}</strong></p>{answers}")]
    call = LessonCall.read(cell.source) if cell.cell_type == "code" else None
    note = call_notes(catalog, call) if call else ""
    return [_notes_cell(note)] if note else []


def _every_slide_noted(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """``cells`` with a note for every slide of lesson text that has none of its own."""
    out: list[nbformat.NotebookNode] = []
    noted = True
    for cell in cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("slide", "subslide"):
            if not noted:
                out.append(_notes_cell(prose_notes()))
            noted = False
        noted = noted or kind == "notes"
        out.append(cell)
    if not noted:
        out.append(_notes_cell(prose_notes()))
    return out


_CARD = re.compile(r'<article class="exl-card" data-exercise="([a-z0-9-]+)"')
_ANSWERS = "exercises_answers"


def _card_slides(cell: nbformat.NotebookNode, exercise: Exercise) -> list[nbformat.NotebookNode]:
    """A card too tall for one slide, as one slide per part ("Bird Dog, 2 of 4")."""
    parts = exercise_card_parts(exercise)
    slides = []
    for n, part in enumerate(parts, 1):
        heading = "" if n == 1 else f"<h2>{escape(exercise.name)}, {n} of {len(parts)}</h2>"
        html = (
            f'<article class="exl-card exl-card-part" data-exercise="{escape(exercise.id)}"'
            + f' data-part="{n}">{heading}{part}</article>'
        )
        slide_type = (
            cell.metadata.get("slideshow", {}).get("slide_type", "-") if n == 1 else "slide"
        )
        output = nbformat.v4.new_output("display_data", data={"text/html": html})
        slides.append(
            nbformat.v4.new_code_cell(
                source="", outputs=[output], metadata={"slideshow": {"slide_type": slide_type}}
            )
        )
    return slides


def _script_string(text: str) -> str:
    """``text`` as a JavaScript string inside a <script>: no tag, comment or entity can
    end the script early, whatever a translation says."""
    quoted = json.dumps(text)
    return quoted.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _notes_cell(html: str) -> nbformat.NotebookNode:
    output = nbformat.v4.new_output("display_data", data={"text/html": html})
    return nbformat.v4.new_code_cell(
        source="", outputs=[output], metadata={"slideshow": {"slide_type": "notes"}}
    )


def safety_slide_html(safety: SafetyRules) -> str:
    """The deck's first slide, whole: the stop rule and both levels of warning signs with
    the region's routes. Every slide's footer points here; the lesson's last slide says
    what the course is not, and where it comes from."""
    rule, title = _("Stop rule:"), _("Before we start: when to stop and get help")
    return (
        f'<div class="exl-stop exl-safety-slide"><h2>{escape(title)}</h2>'
        f"<p><strong>{escape(rule)}</strong> {escape(safety.stop_rule)}</p>"
        f'<div class="exl-safety-levels">{warning_signs_short_html(safety)}</div></div>'
    )


def _safety_slide(safety: SafetyRules) -> nbformat.NotebookNode:
    output = nbformat.v4.new_output("display_data", data={"text/html": safety_slide_html(safety)})
    return nbformat.v4.new_code_cell(
        source="", outputs=[output], metadata={"slideshow": {"slide_type": "slide"}}
    )


def deck_footer_html(safety: SafetyRules) -> str:
    """The one line every slide carries: the stop rule in short, and where the warning
    signs are (the deck's first slide carries them whole)."""
    line = _(
        "Pain lasting over {minutes} minutes: stop and contact a doctor. Warning signs: slide 1."
    ).format(minutes=safety.stop_minutes)
    return f"<p><strong>{escape(line)}</strong></p>"


def _copy_reveal(folder: Path, protected: list[Path]) -> None:
    """reveal.js beside the decks, each file written safely; a file already the same is kept.

    A folder on the way that is a link is refused, as a linked file is by ``safe_write``:
    a planted ``reveal.js`` link cannot send the copy somewhere else.
    """
    for source in sorted(REVEAL_DIR.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(REVEAL_DIR)
        target = folder / relative
        # the folder and each one inside it on the way to the file, outermost first
        for where in (folder, *(folder / up for up in list(relative.parents)[-2::-1])):
            if where.is_symlink():
                raise WriteRefused(
                    _("will not write into {folder}: it is a link; remove it").format(folder=where)
                )
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        if not target.is_symlink() and target.is_file() and target.read_bytes() == data:
            continue
        safe_write(target, data, protected=protected, durable=False)


def build_slides(
    out_dir: Path,
    catalog: Catalog,
    *,
    lessons: Iterable[str] | None = None,
    lessons_dir: Path | None = None,
    protected: Iterable[Path] = (),
    progress: Progress = NO_PROGRESS,
) -> list[Path]:
    """Build a trainer deck and a participant deck for each chosen lesson; return the files."""
    paths = lesson_paths(lessons_dir or course_lessons(), lessons)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    exporter = _exporter()
    protected = protected_paths(catalog.data_dir, *paths, *protected)
    _copy_reveal(out_dir / "reveal.js", protected)
    footer = deck_footer_html(catalog.safety)
    fit_js = FIT_SLIDES_JS.read_text(encoding="utf-8")
    decks = (
        (".trainer.slides.html", True, _("{lesson}: trainer's slides")),
        (".slides.html", False, _("{lesson}: slides")),
    )
    # A link to another lesson leads to that lesson's deck of the same kind, if built here.
    links = {
        trainer: {p.stem: f"{safe_name(p.stem)}{suffix}" for p in paths}
        for suffix, trainer, _title in decks
    }
    for done, path in enumerate(paths):
        progress(Step(_("running {lesson}").format(lesson=path.name), done, len(paths)))
        nb = run_lesson(path, catalog.data_dir, catalog.region.code if catalog.region else None)
        name = safe_name(path.stem)
        title = lesson_title(path)
        for suffix, trainer, deck in decks:
            html, _resources = exporter.from_notebook_node(
                _deck_cells(nb, catalog, trainer=trainer, links=links[trainer]),
                resources={
                    "metadata": {"name": path.stem},
                    "deck_footer": footer,
                    "deck_footer_name": _("Safety reminders"),
                    "deck_fit_js": fit_js,
                    "deck_continued": _script_string(_("(continued)")),
                    "deck_css": course_css(),
                },
            )
            # nbconvert's own <title> is "NAME slides"; this one is in the learner's language
            heading = escape(deck.format(lesson=title))
            html = re.sub(r"<title>.*?</title>", f"<title>{heading}</title>", html, count=1)
            html = tidy_nbconvert_css(html)
            target = out_dir / f"{name}{suffix}"
            written.append(safe_write(target, html, protected=protected))
    return written
