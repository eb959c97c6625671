"""Slide decks for trainers: each lesson as reveal.js, with speaker notes, working offline.

Two decks per lesson: ``NN-slug.trainer.slides.html`` keeps the trainer cells as speaker
notes (press S in the deck); ``NN-slug.slides.html`` is for participants, without them.
reveal.js is copied beside the decks, so nothing is fetched from the internet.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path

import nbformat
from nbconvert.exporters import SlidesExporter

from ..errors import UsageError
from ..models import Catalog, SafetyRules
from ..notebooks import PrintablePreprocessor, lesson_paths, run_lesson
from ..rendering import warning_signs_short_html
from ..userdata import safe_name, safe_write

__all__ = ["REVEAL_DIR", "build_slides", "deck_footer_html"]

HERE = Path(__file__).resolve().parent
REVEAL_DIR = HERE / "reveal.js"
TEMPLATES = HERE / "templates"


def _exporter() -> SlidesExporter:
    return SlidesExporter(
        template_name="deck",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        reveal_url_prefix="reveal.js",
        reveal_theme="simple",
        reveal_number="c/t",
    )


def _deck_cells(nb: nbformat.NotebookNode, *, trainer: bool) -> nbformat.NotebookNode:
    # Cells must go before nbconvert groups cells into slides: a dropped cell that ended
    # a slide would otherwise merge two slides into one.
    remove = {"setup", "hide-handout"} | (set() if trainer else {"trainer"})
    cleaner = PrintablePreprocessor(remove_tags=remove, keep_notes=trainer)
    return cleaner.preprocess(copy.deepcopy(nb), {})[0]


def deck_footer_html(safety: SafetyRules) -> str:
    """The line every slide carries: the stop rule and both levels of warning signs."""
    return (
        f"<p><strong>Stop rule:</strong> {escape(safety.stop_rule)}</p>"
        f"{warning_signs_short_html(safety)}"
        f"<p>{escape(safety.short_disclaimer)} Based on {escape(safety.credit.citation)}.</p>"
    )


def build_slides(
    out_dir: Path,
    catalog: Catalog,
    *,
    lessons: Iterable[str] | None = None,
    lessons_dir: Path | None = None,
    progress: Callable[[str], object] = lambda _: None,
) -> list[Path]:
    """Build a trainer deck and a participant deck for each chosen lesson; return the files."""
    paths = lesson_paths(lessons_dir or Path.cwd() / "lessons", lessons)
    if not paths:
        raise UsageError(
            "no lesson notebooks found; run from the course folder or pass --lessons-dir"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REVEAL_DIR, out_dir / "reveal.js", dirs_exist_ok=True)
    written = []
    exporter = _exporter()
    footer = deck_footer_html(catalog.safety)
    for path in paths:
        progress(f"running {path.name}")
        nb = run_lesson(path, catalog.data_dir)
        name = safe_name(path.stem)
        for suffix, trainer in ((".trainer.slides.html", True), (".slides.html", False)):
            html, _ = exporter.from_notebook_node(
                _deck_cells(nb, trainer=trainer),
                resources={"metadata": {"name": path.stem}, "deck_footer": footer},
            )
            target = out_dir / f"{name}{suffix}"
            written.append(safe_write(target, html, protected=[catalog.data_dir, *paths]))
    return written
