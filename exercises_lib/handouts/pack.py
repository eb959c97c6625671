"""Build the handout pack in one process: lessons executed once, one browser for all PDFs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..browser import launch_options
from ..errors import UsageError
from ..models import Catalog
from ..notebooks import lesson_paths, run_lesson, safe_name
from ..userdata import safe_write
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


def _lesson_handout(path: Path, catalog: Catalog, exporter: HandoutExporter) -> Handout:
    nb = run_lesson(path, catalog.data_dir)
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
    catalog: Catalog,
    *,
    formats: Iterable[str] = FORMATS,
    lessons: Iterable[str] | None = None,
    exercises: Iterable[str] | None = None,
    routine: str | None = None,
    paper: str = "a4",
    lessons_dir: Path | None = None,
    progress: Callable[[str], object] = lambda _: None,
) -> list[Path]:
    """Build the chosen handouts from a loaded catalog; return the files written.

    With no selection, the whole pack: every lesson plus sheets for every exercise.
    ``lessons`` picks lessons; ``exercises`` or ``routine`` picks the sheets' exercises.
    Every file is written whole or not at all, so a failed build leaves earlier files.
    """
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"unknown format {bad!r}; choose from: html, pdf, both")
    if "pdf" in formats:
        launch_options()  # no browser: say how to get one before any work is done
    everything = lessons is None and exercises is None and routine is None
    lessons_dir = lessons_dir or Path.cwd() / "lessons"
    wanted_lessons: list[Path] = []
    if everything or lessons is not None:
        wanted_lessons = lesson_paths(lessons_dir, None if everything else lessons)
    if everything and not wanted_lessons:
        raise UsageError(
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
    exporter = HandoutExporter(paper=paper, safety=catalog.safety)
    for path in wanted_lessons:
        progress(f"running {path.name}")
        handouts.append(_lesson_handout(path, catalog, exporter))
    handouts += sheets

    inputs = [catalog.data_dir, *wanted_lessons]  # never replaced, whatever --out says
    written: list[Path] = []
    if "html" in formats:
        for handout in handouts:
            written.append(
                safe_write(out_dir / f"{handout.name}.html", handout.html, protected=inputs)
            )
    if "pdf" in formats:
        with PdfRenderer() as renderer:
            for handout in handouts:
                progress(f"printing {handout.name}.pdf")
                written.append(
                    safe_write(
                        out_dir / f"{handout.name}.pdf",
                        renderer.render(handout.html),
                        protected=inputs,
                    )
                )
    return written
