"""The course notebooks: all collected by nbval, one shape, clean, plain, and driven by data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import textstat
from nbclient import NotebookClient

from exercises_lib.loading import DATA_ENV

from .conftest import REPO

LESSONS = sorted((REPO / "lessons").glob("*.ipynb"))
TOOLS = sorted((REPO / "notebooks").glob("*.ipynb"))
ALL = LESSONS + TOOLS
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "exercises_lesson"}
ALLOWED_CELL_METADATA = {"slideshow", "tags", "jupyter"}


def _markdown(path: Path, *, trainer: bool = False) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [
        c.source
        for c in nb.cells
        if c.cell_type == "markdown" and trainer == ("trainer" in c.metadata.get("tags", []))
    ]


def _plain(markdown: str) -> str:
    """Markdown as prose: no tables, links, code or markup, which skew reading scores."""
    text = "\n".join(line for line in markdown.splitlines() if not line.lstrip().startswith("|"))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"^#+ .*$", "", text, flags=re.M)
    text = re.sub(r"[*_>#]", "", text)
    # A list item is a sentence of its own.
    return re.sub(r"^\s*(?:-|\d+\.)\s+(.*?)[.;:]?$", r"\1.", text, flags=re.M)


def test_notebooks_exist():
    """Both folders hold notebooks: eight lessons and the everyday tools."""
    assert len(LESSONS) >= 8
    assert {"00-index", "todays-session", "routine-builder"} <= {p.stem for p in TOOLS}


def test_every_notebook_is_collected_by_nbval():
    """nbval collects every notebook in lessons/ and notebooks/ (none silently skipped)."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "--nbval-lax",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "lessons",
            "notebooks",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    collected = {line.split("::")[0] for line in out.stdout.splitlines() if "::" in line}
    assert {str(p.relative_to(REPO)) for p in ALL} == collected


def test_contents_link_every_lesson():
    """Lesson 00's contents links every lesson, and every link points at a real file."""
    text = "\n".join(_markdown(REPO / "lessons" / "00-start-here.ipynb"))
    links = set(re.findall(r"\]\(([^)]+\.ipynb)\)", text))
    assert {p.name for p in LESSONS} <= links
    for link in links:
        assert (REPO / "lessons" / link).resolve().is_file(), link


def test_tool_index_links_every_tool():
    """The tools index links every tool notebook, and every link resolves."""
    index = REPO / "notebooks" / "00-index.ipynb"
    links = set(re.findall(r"\]\(([^)]+\.ipynb)\)", "\n".join(_markdown(index))))
    assert {p.name for p in TOOLS if p != index} <= links
    for link in links:
        assert (index.parent / link).resolve().is_file(), link


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_committed_clean(path: Path):
    """Notebooks are committed without outputs, counts or stray metadata."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert set(nb["metadata"]) <= ALLOWED_NOTEBOOK_METADATA
    for cell in nb["cells"]:
        assert set(cell["metadata"]) <= ALLOWED_CELL_METADATA
        if cell["cell_type"] == "code":
            assert ([], None) == (cell["outputs"], cell["execution_count"])


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_import_code_is_hidden_in_one_setup_cell(path: Path):
    """Lessons and tools alike import in one hidden setup cell; the cells learners see only call."""
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert code
    setup, *rest = code
    assert {"setup", "hide-input"} <= set(setup.metadata["tags"])
    assert setup.metadata["jupyter"]["source_hidden"]
    assert "import " in setup.source
    assert [] == [c.source for c in rest if "import " in c.source]


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
class TestLessonShape:
    def test_opening(self, path: Path):
        """A lesson opens with number and title, a one-line purpose, time and objectives."""
        first = _markdown(path)[0]
        assert re.match(rf"# {path.stem[:2]} · \S", first)
        assert re.search(r"^\*[^*].+\*$", first, flags=re.M)
        assert "**Time:** about" in first
        assert "**In this lesson you will:**" in first

    def test_says_how_to_run_it_first(self, path: Path):
        """The first text cell says how to run the lesson, what [*] means, that timers keep going, and how to recover."""
        first = _markdown(path)[0]
        assert "Run → Run All Cells" in first
        assert "`[*]` means a box is still running" in first
        assert "A timer keeps counting, and speaking its cues, if you scroll away." in first
        assert "Restart Kernel and Run All Cells" in first

    def test_marked_as_a_course_lesson(self, path: Path):
        """A lesson carries the mark that lets the handout exporters run it."""
        assert path.stem == nbformat.read(path, as_version=4).metadata["exercises_lesson"]

    def test_sections_and_calls(self, path: Path):
        """Every lesson has a quiz, key points, trainer notes and ends with the safety footer."""
        nb = nbformat.read(path, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        assert code[0].startswith("from exercises_lib.course import Lesson")
        assert f'Lesson("{path.stem}")' in code[0]
        assert "lesson.quiz()" in code
        assert "lesson.footer()" == code[-1]
        assert any(m.startswith("## Key points") for m in _markdown(path))
        assert _markdown(path, trainer=True)

    def test_short_code_cells(self, path: Path):
        """Code cells stay short: learners never read more than a few lines."""
        nb = nbformat.read(path, as_version=4)
        assert all(len(c.source.splitlines()) <= 4 for c in nb.cells if c.cell_type == "code")

    def test_slide_metadata(self, path: Path):
        """Every cell says how it shows in a slide deck; setup code is tagged to hide."""
        nb = nbformat.read(path, as_version=4)
        kinds = {"slide", "subslide", "fragment", "notes", "skip", "-"}
        assert all(c.metadata["slideshow"]["slide_type"] in kinds for c in nb.cells)
        setup = nb.cells[1]
        assert {"setup", "hide-input"} <= set(setup.metadata["tags"])

    def test_reading_grade(self, path: Path):
        """Learner text reads at grade 8 or below (Flesch-Kincaid)."""
        text = "\n".join(_plain(m) for m in _markdown(path))
        assert textstat.flesch_kincaid_grade(text) <= 8.0


def test_data_reads_plainly(catalog):
    """Every exercise's learner text reads at grade 8 or below."""
    for exercise in catalog:
        parts = [exercise.summary, exercise.starting_position, *(s.text for s in exercise.steps)]
        parts += [*exercise.tips, *exercise.cautions, *exercise.common_mistakes]
        text = " ".join(parts)
        assert textstat.flesch_kincaid_grade(text) <= 8.0, exercise.id


@pytest.mark.slow
def test_card_follows_the_data(data_copy: Path):
    """A dose changed in the data shows up on the executed lesson's card."""
    path = data_copy / "exercises" / "bird-dog.yaml"
    path.write_text(path.read_text().replace("hold_seconds: 4", "hold_seconds: 7"))
    nb = nbformat.read(REPO / "lessons" / "04-bird-dog.ipynb", as_version=4)
    client = NotebookClient(
        nb,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(REPO / "lessons")}},
    )
    client.execute(env={**os.environ, DATA_ENV: str(data_copy)})
    card = next(c for c in nb.cells if c.source == 'lesson.card("bird-dog")')
    html = card.outputs[0]["data"]["text/html"]
    assert "7 seconds each time" in html
    assert "4 seconds each time" not in html


def test_lesson_01_shows_the_safety_content(catalog):
    """Lesson 01, run, shows both warning levels, the ask-first list, the feel scale and the floor."""
    from html import escape

    from exercises_lib.notebooks import run_lesson

    nb = run_lesson(REPO / "lessons" / "01-safety-first.ipynb", catalog.data_dir)
    html = " ".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    safety = catalog.safety
    for level in safety.warning_signs.levels:
        assert escape(level.heading) in html
        assert all(escape(sign) in html for sign in level.items)
    assert all(escape(item) in html for item in safety.ask_first.items)
    assert all(escape(level.signs) in html for level in safety.feel.levels)
    assert all(escape(step) in html for step in safety.floor.down + safety.floor.up)
    assert all(escape(item) in html for item in safety.stay_active.see_gp_if)


def test_trainer_guide_safety_block_matches_the_data(catalog):
    """The trainer guide's warning signs are the data's, word for word (exercises guide)."""
    from exercises_lib.guide import sync_guide

    assert sync_guide(REPO / "lessons" / "TRAINER-GUIDE.md", catalog, check=True)
    text = (REPO / "lessons" / "TRAINER-GUIDE.md").read_text(encoding="utf-8")
    for level in catalog.safety.warning_signs.levels:
        assert all(f"- {sign}" in text for sign in level.items)


NO_ABSOLUTES = ("should never hurt", "never hurt", "or rest", "rest today", "nothing we do should")


def test_no_absolute_pain_messages():
    """Lessons, tool notebooks, the guide and the data never say "never hurts" or "rest"."""
    files = [
        *sorted((REPO / "lessons").glob("*.ipynb")),
        *sorted((REPO / "notebooks").glob("*.ipynb")),
        REPO / "lessons" / "TRAINER-GUIDE.md",
        *sorted((REPO / "data").rglob("*.yaml")),
    ]
    assert len(files) > 20
    found = [
        (path.name, phrase)
        for path in files
        for phrase in NO_ABSOLUTES
        if phrase in path.read_text(encoding="utf-8").lower()
    ]
    assert [] == found


def test_lessons_never_type_the_stop_minutes_or_a_dose():
    """Lesson text names no stop-rule minutes and no reps or hold counts: they come from data."""
    import json

    from exercises_lib.validation import typed_stop_minutes

    lessons = sorted((REPO / "lessons").glob("*.ipynb"))
    assert lessons
    for path in lessons:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            assert typed_stop_minutes(text) is None, (path.name, text[:80])
            dose = re.search(r"\b\d+\s+(?:reps|holds|slow reps|seconds to get down)\b", text)
            assert dose is None, (path.name, dose and dose.group(0))


def test_every_exercise_is_taught_practised_and_quizzed_in_a_lesson(catalog):
    """Each exercise in the data has its card, form check and timer in a lesson, and a
    lesson that teaches several names each in its quiz: no move goes untaught."""
    taught: dict[str, set[str]] = {}
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        for call, exercise in re.findall(
            r'lesson\.(card|form_checklist|practice)\("([^"]+)"\)', code
        ):
            taught.setdefault(exercise, set()).add(f"{path.stem}:{call}")
    exercises = list(catalog)
    assert exercises and taught
    for exercise in exercises:
        lessons = {where.split(":")[0] for where in taught.get(exercise.id, ())}
        assert len(lessons) == 1, (exercise.id, lessons)
        (lesson,) = lessons
        calls = {where.split(":")[1] for where in taught[exercise.id]}
        assert {"card", "form_checklist", "practice"} == calls, exercise.id
        questions = catalog.quiz(lesson).questions
        asked = " ".join(q.prompt + " " + " ".join(c.text for c in q.choices) for q in questions)
        several = sum(1 for e, where in taught.items() if any(w.startswith(lesson) for w in where))
        assert asked
        if several > 1:
            assert exercise.name.lower() in asked.lower(), (exercise.id, lesson)
