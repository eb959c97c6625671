"""Build the handout pack in one process, remaking only what changed.

Every output is keyed by a hash of what it shows: for a data sheet, its HTML; for a
lesson, the notebook and the data files whose content it showed last time (found from
the ``data-exercise`` and ``data-routine`` marks in its outputs, plus the safety rules
and its quiz), with the paper size and the library's version. The keys of the files in
a folder live in ``.handouts.json`` beside them: an output whose key has not changed
and whose file is there is left alone, a lesson whose key has not changed is not run
again (its run is cached), and Chromium starts only if some PDF must be printed; all
PDFs then print side by side in that one browser. ``force`` remakes everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..browser import launch_options
from ..coursefiles import lessons_dir as course_lessons
from ..coursefiles import protected_paths
from ..errors import ExercisesError, UsageError
from ..i18n import _, catalogue_path, current_language, ngettext
from ..lessonwords import words_path
from ..models import Catalog
from ..overlays import overlay_path
from ..progress_view import ProgressReport
from ..rulebook import starting_dose
from ..steps import NO_PROGRESS, Progress, Step
from ..userdata import cache_folder, held, read_learner_json, safe_name, safe_write
from .review import review_sheet_html
from .sheets import (
    Selection,
    clinician_sheet_html,
    exercise_sheet_html,
    flare_up_sheet_html,
    plan_sheet_html,
    screening_form_html,
    trainer_pack_html,
    weekly_log_html,
)

if TYPE_CHECKING:
    import nbformat

__all__ = ["MANIFEST", "Handout", "build_handouts"]

FORMATS = ("html", "pdf")
MANIFEST = ".handouts.json"
_SHOWN = re.compile(r'data-(exercise|routine)="([a-z0-9-]+)"')


@dataclass(frozen=True)
class Handout:
    """One document of the pack, as HTML, with the key of what it shows."""

    name: str
    html: str
    key: str


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()[:32]


LARGE_SUFFIX = "-large-print"


def _handouts(pages: list[tuple[str, str]], large: bool) -> list[Handout]:
    suffix = LARGE_SUFFIX if large else ""
    return [Handout(name + suffix, html, _digest(html)) for name, html in pages]


def _sheets(
    selection: Selection,
    catalog: Catalog,
    prefix: str,
    paper: str,
    large: bool,
    days_a_week: int = 3,
    rungs: Mapping[str, int] | None = None,
) -> list[Handout]:
    safety = catalog.safety
    options: dict[str, Any] = {"paper": paper, "large": large}
    # the dose each move starts at in the plan, beside the dose to build up to
    starts = {e.id: starting_dose(catalog, e) for e, _dose in selection}
    program = next(iter(catalog.programs.values()), None)
    review = clinician_sheet_html(
        selection, safety, days_a_week=days_a_week, starts=starts, program=program, **options
    )
    pages = [
        (
            f"{prefix}exercise-sheet",
            exercise_sheet_html(selection, safety, starts=starts, rungs=rungs, **options),
        ),
        (f"{prefix}clinician-review", review),
        (f"{prefix}weekly-log", weekly_log_html(selection, safety, **options)),
        (f"{prefix}flare-up-plan", flare_up_sheet_html(safety, **options)),
    ]
    return _handouts(pages, large)


class _Lessons:
    """Lesson handouts: run (or reuse a run), export, and remember what each showed."""

    def __init__(self, catalog: Catalog, paper: str, large: bool, manifest: dict[str, Any]):
        from .exporters import HandoutExporter  # nbconvert is slow to import: only for lessons

        self.catalog = catalog
        self.paper = paper
        self.large = large
        self.shows = manifest["lessons"] = _trusted(manifest.get("lessons"))
        self.exporter = HandoutExporter(paper=paper, large_print=large, safety=catalog.safety)
        # A link to another lesson leads to its handout when this build makes it.
        self.links: dict[str, str] = {}

    def link_to(self, paths: Iterable[Path]) -> None:
        """Build these lessons' handouts together, so each links to the others."""
        self.links = {path.stem: f"{self.name(path)}.html" for path in paths}

    def run_key(self, path: Path) -> str | None:
        """The key of a lesson's run from what it showed last time; None if never run.

        A run depends on the notebook, the data it showed, the language and the region,
        not on paper, type size or links, so every handout of the lesson shares it. What
        a run showed is remembered in the cache as well as beside the handouts, so a new
        output folder reuses runs made for another.
        """
        shown = self.shows.get(path.stem) or _shown_in_cache().get(_notebook_digest(path))
        if shown is None:
            return None
        data, lang = self.catalog.data_dir, current_language()
        # what the lesson showed, in English and in the reader's language, and the routes
        files = [data / rel for rel in (*shown, "regions.yaml")]
        files += [overlay_path(data, f, lang) for f in files]
        files.append(words_path(path, lang))  # the lesson's own words in that language
        files.append(catalogue_path(lang))  # and the course's own words
        contents = [f.read_bytes() if f.is_file() else b"" for f in files]
        return _digest(self._region or "", lang, path.read_bytes(), *shown, *contents)

    def key(self, path: Path) -> str | None:
        """The key of a lesson's handout: its run's, with the paper, type size and links."""
        run = self.run_key(path)
        if run is None:
            return None
        return _digest(run, self.paper, str(self.large), json.dumps(self.links, sort_keys=True))

    @property
    def _region(self) -> str | None:
        return self.catalog.region.code if self.catalog.region else None

    def build(self, path: Path) -> Handout:
        nb = self._run(path)
        html, _resources = self.exporter.from_notebook_node(
            nb, resources={"metadata": {"name": path.stem}, "link_targets": self.links}, ran=True
        )
        return Handout(self.name(path), html, self.key(path) or "")

    def name(self, path: Path) -> str:
        return f"lesson-{safe_name(path.stem)}" + (LARGE_SUFFIX if self.large else "")

    def cached_run(self, path: Path) -> Path | None:
        """The file of this lesson's last run, when it can be reused; None: it must run."""
        key, folder = self.run_key(path), cache_folder("lessons")
        cached = _run_file(folder, path, key) if folder and key else None
        return cached if cached is not None and cached.is_file() else None

    def _run(self, path: Path) -> nbformat.NotebookNode:
        import nbformat

        from ..notebooks import run_lesson

        folder = cache_folder("lessons")
        cached = self.cached_run(path)
        if cached is not None:
            try:
                nb = nbformat.read(cached, as_version=4)
            except (OSError, ValueError):
                pass  # a damaged cache: run the lesson again
            else:
                with contextlib.suppress(OSError):
                    os.utime(cached)  # used now: the last to be pruned
                return nb
        nb = run_lesson(path, self.catalog.data_dir, self._region)
        self.shows[path.stem] = shown = self._shown(path, nb)
        if folder is None:
            return nb  # no private cache folder: the next build runs the lesson again
        with contextlib.suppress(OSError, ExercisesError):
            safe_write(_run_file(folder, path, self.run_key(path)), nbformat.writes(nb))
            _prune_runs(folder, path)
            known = {**_shown_in_cache(), _notebook_digest(path): shown}
            safe_write(
                _shown_cache_path(folder),
                json.dumps(known, indent=1, sort_keys=True),
                durable=False,
            )
        return nb

    def _shown(self, path: Path, nb: nbformat.NotebookNode) -> list[str]:
        """The data files a lesson's outputs show, relative to the data folder."""
        html = " ".join(
            str(output.get("data", {}).get("text/html", ""))
            for cell in nb.cells
            if cell.cell_type == "code"
            for output in cell.get("outputs", [])
        )
        folders = {"exercise": "exercises", "routine": "routines"}
        shown = {f"{folders[kind]}/{name}.yaml" for kind, name in _SHOWN.findall(html)}
        shown |= {"safety.yaml", f"quizzes/{path.stem}.yaml"}
        return sorted(shown)


# Runs kept per lesson: a trainer may print it in two languages, for two regions.
RUNS_KEPT = 4


def _run_file(folder: Path, path: Path, key: str | None) -> Path:
    return folder / f"{safe_name(path.stem)}-{key}.ipynb"


def _prune_runs(folder: Path, path: Path) -> None:
    """Keep a lesson's ``RUNS_KEPT`` most recently used runs; older ones go, and so do
    runs named before the lesson's name was part of the file name."""
    runs = sorted(
        folder.glob(f"{safe_name(path.stem)}-*.ipynb"),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    unnamed = [p for p in folder.glob("*.ipynb") if re.fullmatch(r"[0-9a-f]{32}\.ipynb", p.name)]
    for old in runs[RUNS_KEPT:] + unnamed:
        old.unlink(missing_ok=True)


def _shown_cache_path(folder: Path) -> Path:
    return folder / "shown.json"


def _shown_in_cache() -> dict[str, list[str]]:
    """What each lesson notebook (by its content's digest) showed when it last ran."""
    folder = cache_folder("lessons")
    if folder is None:
        return {}
    try:
        known = json.loads(_shown_cache_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return _trusted(known)


def _trusted(shown: object) -> dict[str, list[str]]:
    """Only lists of data files inside the data folder: nothing else is taken from a
    cache or a manifest (no ``../``, no absolute paths)."""
    if not isinstance(shown, dict):
        return {}
    return {
        key: files
        for key, files in shown.items()
        if isinstance(files, list)
        and all(isinstance(f, str) and _SAFE_DATA_FILE.fullmatch(f) for f in files)
    }


def _notebook_digest(path: Path) -> str:
    return _digest(path.read_bytes())


_SAFE_DATA_FILE = re.compile(r"(exercises|routines|quizzes)/[a-z0-9-]+\.yaml|safety\.yaml")


def _trainer_sheets(catalog: Catalog, lessons_dir: Path, paper: str, large: bool) -> list[Handout]:
    """The trainer pack (the guide and what goes with it) and the screening form."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    from ..guide import translated_guide, with_blocks
    from ..notebooks import lesson_paths
    from ..sanitize import clean_html, relink

    guide = lessons_dir / "TRAINER-GUIDE.md"
    in_language = translated_guide(guide, current_language())
    if in_language.is_file():  # the guide in the trainer's language, when it has been written
        guide = in_language
    try:
        markdown = guide.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            _(
                "cannot read the trainer guide {file}: {problem}; pass --lessons-dir with the "
                "folder that holds it, or leave it out to use the course's own"
            ).format(file=guide, problem=exc.strerror)
        ) from None
    markdown = with_blocks(markdown, catalog, guide)  # the blocks name the catalog's region
    heading = re.search(r"^#\s+(.+)$", markdown, re.M)  # a translation opens with a comment
    title = heading.group(1).strip() if heading else _("Trainer pack")
    # no "¶" anchor after each heading: a link to itself means nothing on paper
    renderer = IPythonRenderer(escape=False, exclude_anchor_links=True)
    source = markdown[heading.end() :] if heading else markdown
    body = clean_html(MarkdownWithMath(renderer=renderer).render(source))
    body = relink(body, {})  # the guide's links to the README lead nowhere beside the pack
    lessons = [p.stem for p in lesson_paths(lessons_dir, None)]
    options: dict[str, Any] = {"paper": paper, "large": large}
    pages = [
        ("trainer-pack", trainer_pack_html(catalog, body, title=title, lessons=lessons, **options)),
        ("screening-form", screening_form_html(catalog.safety, **options)),
    ]
    return _handouts(pages, large)


def _read_manifest(out_dir: Path) -> dict[str, Any]:
    """What the last build made here, in the shape it is written in; anything else is
    dropped, so the handouts concerned are simply made again."""
    manifest = read_learner_json(out_dir / MANIFEST)
    if not isinstance(manifest, dict):
        return {}
    outputs = manifest.get("outputs")
    return {
        "lessons": _trusted(manifest.get("lessons")),
        "outputs": {k: v for k, v in outputs.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(outputs, dict)
        else {},
    }


def _write_manifest(out_dir: Path, manifest: dict[str, Any], protected: list[Path]) -> None:
    """Add what this build made to the folder's manifest, one build at a time: a build
    beside this one keeps what it wrote there too."""
    with held(out_dir / MANIFEST):
        merged = _read_manifest(out_dir)
        for key in ("outputs", "lessons"):
            merged[key] = {**merged.get(key, {}), **manifest.get(key, {})}
        safe_write(
            out_dir / MANIFEST, json.dumps(merged, indent=1, sort_keys=True), protected=protected
        )


def build_handouts(
    out_dir: Path,
    catalog: Catalog,
    *,
    formats: Iterable[str] = FORMATS,
    lessons: Iterable[str] | None = None,
    exercises: Iterable[str] | None = None,
    routine: str | None = None,
    plan: str | None = None,
    rungs: Mapping[str, int] | None = None,
    review: ProgressReport | None = None,
    plan_scores: str = "",
    trainer: bool = False,
    paper: str = "a4",
    large_print: bool = False,
    lessons_dir: Path | None = None,
    force: bool = False,
    protected: Iterable[Path] = (),
    progress: Progress = NO_PROGRESS,
) -> list[Path]:
    """Build the chosen handouts from a loaded catalog; return every file of the pack.

    With no selection, the whole pack: every lesson plus sheets for every exercise.
    ``lessons`` picks lessons; ``exercises`` or ``routine`` picks the sheets' exercises;
    ``plan`` adds a programme's one-page plan sheet; ``rungs`` (exercise id: the
    learner's rung, from their log) draws the exercise sheets' ladders around the
    learner's own version, and ``plan_scores`` puts their goals and check-ins on the plan
    sheet; ``review`` (the learner's log, read) adds the review sheet for their doctor or
    physio; ``trainer`` adds the trainer pack
    (guide, what to watch for, quiz answers) and the screening form. ``large_print`` sets
    every handout in large type (files end in ``-large-print``).
    Files whose content would not change are left as they are (``force`` remakes them).
    Every file is written whole or not at all, so a failed build leaves earlier files.
    No file replaces a lesson, a tool notebook, the learner's files (``protected_paths``),
    the data or anything in ``protected``.
    """
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(_("unknown format {bad!r}; choose from: html, pdf, both").format(bad=bad))
    if "pdf" in formats:
        launch_options()  # no browser: say how to get one before any work is done
    everything = (
        lessons is None
        and exercises is None
        and routine is None
        and plan is None
        and review is None
        and not trainer
    )
    # An empty choice ("--exercises ''") would print sheets of nothing: say what to give.
    exercises = None if exercises is None else list(exercises)
    if exercises == []:
        raise UsageError(
            _("no exercises named; give at least one id, from: {valid}").format(
                valid=", ".join(catalog.exercises)
            )
        )
    lessons = None if lessons is None else list(lessons)
    if lessons == []:
        raise UsageError(_("no lessons named; give lesson numbers such as 03,04, or 'all'"))
    lessons_dir = lessons_dir or course_lessons()
    wanted_lessons: list[Path] = []
    if everything or lessons is not None:
        from ..notebooks import lesson_paths

        wanted_lessons = lesson_paths(lessons_dir, None if everything else lessons)
    sheets: list[Handout] = []
    if routine is not None:
        chosen = catalog.routine(routine)
        selection = [(item.exercise, item.dose) for item in chosen.items]
        prefix = f"routine-{safe_name(chosen.id)}-"
        sheets += _sheets(
            selection, catalog, prefix, paper, large_print, chosen.sessions_per_week, rungs
        )
    if plan is not None:
        html = plan_sheet_html(
            catalog.program(plan),
            catalog.safety,
            paper=paper,
            large=large_print,
            scores=plan_scores,
        )
        sheets += _handouts([(f"plan-{safe_name(plan)}", html)], large_print)
    if review is not None:
        html = review_sheet_html(review, catalog, paper=paper, large=large_print)
        sheets += _handouts([("review-for-your-doctor", html)], large_print)
    if trainer:
        sheets += _trainer_sheets(catalog, lessons_dir, paper, large_print)
    if exercises is not None or everything:
        ids = list(exercises) if exercises is not None else list(catalog.exercises)
        picked = [catalog[i] for i in ids]  # unknown ids raise with the valid ones
        selection = [(e, e.dose) for e in picked]
        sheets += _sheets(selection, catalog, "", paper, large_print, rungs=rungs)

    manifest = {} if force else _read_manifest(out_dir)
    built: dict[str, str] = manifest.setdefault("outputs", {})

    def stale(name: str, key: str | None) -> list[str]:
        """The formats of one handout that must be made."""
        return [
            f
            for f in formats
            if key is None
            or built.get(f"{name}.{f}") != key
            or not (out_dir / f"{name}.{f}").is_file()
        ]

    todo: list[tuple[Handout, list[str]]] = []
    pack = [out_dir / f"{h.name}.{f}" for h in sheets for f in formats]
    lesson_maker = _Lessons(catalog, paper, large_print, manifest) if wanted_lessons else None
    if lesson_maker is not None:
        lesson_maker.link_to(wanted_lessons)
    stale_lessons = []
    for path in wanted_lessons:
        assert lesson_maker is not None
        name = lesson_maker.name(path)
        pack += [out_dir / f"{name}.{f}" for f in formats]
        need = stale(name, lesson_maker.key(path))
        if need:
            stale_lessons.append((path, need))
    for done, (path, need) in enumerate(stale_lessons):
        assert lesson_maker is not None
        doing = (
            _("making the handout of {lesson}")
            if lesson_maker.cached_run(path)
            else _("running {lesson}")
        )
        progress(Step(doing.format(lesson=path.name), done, len(stale_lessons)))
        todo.append((lesson_maker.build(path), need))
    todo += [(h, need) for h in sheets if (need := stale(h.name, h.key))]

    protected = protected_paths(catalog.data_dir, *wanted_lessons, *protected)
    written = len(built)
    try:
        for handout, need in todo:
            if "html" in need:
                safe_write(out_dir / f"{handout.name}.html", handout.html, protected=protected)
                built[f"{handout.name}.html"] = handout.key
        printing = [handout for handout, need in todo if "pdf" in need]
        if printing:
            from .pdf import PdfRenderer

            count = len(printing)
            what = ngettext("printing {count} PDF", "printing {count} PDFs", count).format(
                count=count
            )
            progress(Step(what, 0, count))
            with PdfRenderer() as renderer:
                pdfs = renderer.render_many(
                    [h.html for h in printing], printed=lambda n: progress(Step(what, n, count))
                )
            for handout, pdf in zip(printing, pdfs, strict=True):
                safe_write(out_dir / f"{handout.name}.pdf", pdf, protected=protected)
                built[f"{handout.name}.pdf"] = handout.key
    finally:
        # The manifest goes only where handouts were written: a refused folder gets none.
        if todo and (len(built) > written or (out_dir / MANIFEST).is_file()):
            _write_manifest(out_dir, manifest, protected)
    up_to_date = len(pack) - sum(len(need) for _handout, need in todo)
    if up_to_date:
        said = ngettext(
            "{count} file already up to date", "{count} files already up to date", up_to_date
        )
        progress(Step(said.format(count=up_to_date)))
    return pack
