"""Build the handout pack in one process: lessons executed once, one browser for all PDFs."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from ..browser import launch_options
from ..loading import DATA_ENV, load_catalog
from ..models import Catalog
from ..userdata import atomic_write
from .exporters import HandoutExporter
from .pdf import PdfRenderer
from .sheets import Selection, clinician_sheet_html, exercise_sheet_html, weekly_log_html

__all__ = ["Handout", "build_handouts", "lesson_paths", "run_lesson", "safe_name"]

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Handout:
    """One document of the pack, as HTML, before it is written out."""

    name: str
    html: str


def safe_name(text: str) -> str:
    """A file name with only lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "handout"


def lesson_paths(lessons_dir: Path, wanted: Iterable[str] | None = None) -> list[Path]:
    """The lesson notebooks, all or those whose number or stem is wanted ('03', '03-bird-dog')."""
    every = sorted(lessons_dir.glob("[0-9][0-9]-*.ipynb"))
    if wanted is None:
        return every
    wanted = [w.strip() for w in wanted if w.strip()]
    chosen, unknown = [], []
    for want in wanted:
        match = [p for p in every if p.stem == want or p.stem.split("-", 1)[0] == want.zfill(2)]
        (chosen.extend(match) if match else unknown.append(want))
    if unknown:
        valid = ", ".join(p.stem for p in every)
        raise ValueError(f"unknown lesson {', '.join(map(repr, unknown))}; choose from: {valid}")
    return list(dict.fromkeys(chosen))


def run_lesson(path: Path, data_dir: Path) -> nbformat.NotebookNode:
    """A lesson executed top to bottom against a data folder, so its cards and widgets render."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute(env={**os.environ, DATA_ENV: str(data_dir)})
    return nb


def _lesson_handout(path: Path, data_dir: Path, paper: str) -> Handout:
    nb = run_lesson(path, data_dir)
    exporter = HandoutExporter(paper=paper, data_dir=str(data_dir))
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    return Handout(f"lesson-{safe_name(path.stem)}", html)


def _sheets(selection: Selection, catalog: Catalog, prefix: str, paper: str) -> list[Handout]:
    safety = catalog.safety
    return [
        Handout(f"{prefix}exercise-sheet", exercise_sheet_html(selection, safety, paper=paper)),
        Handout(f"{prefix}clinician-review", clinician_sheet_html(selection, safety, paper=paper)),
        Handout(f"{prefix}weekly-log", weekly_log_html(selection, safety, paper=paper)),
    ]


def build_handouts(
    out_dir: Path,
    *,
    formats: Iterable[str] = FORMATS,
    lessons: Iterable[str] | None = None,
    exercises: Iterable[str] | None = None,
    routine: str | None = None,
    paper: str = "a4",
    data_dir: Path | None = None,
    lessons_dir: Path | None = None,
    progress: Callable[[str], object] = lambda _: None,
) -> list[Path]:
    """Build the chosen handouts; return the files written.

    With no selection, the whole pack: every lesson plus sheets for every exercise.
    ``lessons`` picks lessons; ``exercises`` or ``routine`` picks the sheets' exercises.
    Every file is written whole or not at all, so a failed build leaves earlier files.
    """
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValueError(f"unknown format {bad!r}; choose from: html, pdf, both")
    if "pdf" in formats:
        launch_options()  # no browser: say how to get one before any work is done
    catalog = load_catalog(data_dir)
    everything = lessons is None and exercises is None and routine is None
    lessons_dir = lessons_dir or Path.cwd() / "lessons"
    wanted_lessons: list[Path] = []
    if everything or lessons is not None:
        wanted_lessons = lesson_paths(lessons_dir, None if everything else lessons)
    if everything and not wanted_lessons:
        raise ValueError(
            f"no lesson notebooks in {lessons_dir}; run from the course folder or pass --lessons-dir"
        )
    sheets: list[Handout] = []
    if routine is not None:
        chosen = catalog.routine(routine)
        selection = [(item.exercise, item.dose) for item in chosen.items]
        sheets += _sheets(selection, catalog, f"routine-{safe_name(chosen.id)}-", paper)
    if exercises is not None or everything:
        ids = list(exercises) if exercises is not None else list(catalog.exercises)
        picked = [catalog[i] for i in ids]  # unknown ids raise with the valid ones
        sheets += _sheets([(e, e.dose) for e in picked], catalog, "", paper)

    handouts: list[Handout] = []
    for path in wanted_lessons:
        progress(f"running {path.name}")
        handouts.append(_lesson_handout(path, catalog.data_dir, paper))
    handouts += sheets

    written: list[Path] = []
    if "html" in formats:
        for handout in handouts:
            written.append(atomic_write(out_dir / f"{handout.name}.html", handout.html))
    if "pdf" in formats:
        with PdfRenderer() as renderer:
            for handout in handouts:
                progress(f"printing {handout.name}.pdf")
                written.append(
                    atomic_write(out_dir / f"{handout.name}.pdf", renderer.render(handout.html))
                )
    return written
