"""Hostile input: every class of attack gets a clear refusal, and nothing is lost or replaced."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbconvert.exporters import get_exporter

from exercises_lib import load_catalog
from exercises_lib.browser import find_chromium
from exercises_lib.cli import main
from exercises_lib.handouts import clinician_sheet_html, exercise_sheet_html, weekly_log_html
from exercises_lib.handouts.exporters import HandoutExporter
from exercises_lib.handouts.style import print_css
from exercises_lib.progress import LogError, ProgressLog
from exercises_lib.rendering import (
    answer_key_html,
    exercise_card_html,
    routine_html,
    safety_footer_html,
    safety_html,
)
from exercises_lib.slides import deck_footer_html, safety_slide_html
from exercises_lib.userdata import WriteRefused, safe_write
from exercises_lib.widgets import PainCheck, QuizWidget, SafetyChecklist, SessionPlayer, hold_timer

from .conftest import DATA, REPO

BIRD = (DATA / "exercises" / "bird-dog.yaml").read_text(encoding="utf-8")
SAFETY = (DATA / "safety.yaml").read_text(encoding="utf-8")
LABEL = "data/exercises/bird-dog.yaml"

# name: (file in data/, new text, the exact problem reported)
YAML_ATTACKS = {
    "alias-bomb": (
        "exercises/bird-dog.yaml",
        BIRD.replace(
            "targets: [lower-back, core, balance]",
            "targets: &a [x, x, x, x, x, x, x, x, x]\nequipment_notes: &b [*a, *a, *a, *a, *a]",
        ),
        f"{LABEL}:46:22: equipment_notes[0]: uses an alias (*name) to repeat a value; "
        "write the value out instead",
    ),
    "alias-of-a-text": (
        "exercises/bird-dog.yaml",
        BIRD.replace("name: Bird Dog", "name: &n Bird Dog\nsummary_copy: *n"),
        f"{LABEL}:4:15: summary_copy: uses an alias (*name) to repeat a value; "
        "write the value out instead",
    ),
    "deep-nesting": (
        "exercises/bird-dog.yaml",
        BIRD.replace("targets: [lower-back, core, balance]", "targets: " + "[" * 60 + "]" * 60),
        f"{LABEL}:45:49: targets[0][0][0][0][0]…: nested more than 40 levels deep",
    ),
    "duplicate-nested-key": (
        "exercises/bird-dog.yaml",
        BIRD.replace("  hold_seconds: 4\n", "  hold_seconds: 4\n  hold_seconds: 400\n", 1),
        f"{LABEL}:35:3: dose.hold_seconds: 'hold_seconds' is given twice (lines 34 and 35); "
        "keep one",
    ),
    "deep-mapping": (
        "exercises/bird-dog.yaml",
        BIRD.replace(
            "targets: [lower-back, core, balance]",
            "targets: " + "{a: " * 60 + "1" + "}" * 60,
        ),
        f"{LABEL}:45:166: targets.a.a.a.a.a…: nested more than 40 levels deep",
    ),
    "duplicate-top-key": (
        "exercises/bird-dog.yaml",
        BIRD.replace("difficulty: beginner\n", "difficulty: beginner\ndifficulty: advanced\n"),
        f"{LABEL}:5:1: difficulty: 'difficulty' is given twice (lines 4 and 5); keep one",
    ),
    "duplicate-stop-rule": (
        "safety.yaml",
        SAFETY.replace(
            "pain_is_a_signal:", "stop_rule:\n  minutes: 15\n  text: Keep going.\npain_is_a_signal:"
        ),
        "data/safety.yaml:24:1: stop_rule: 'stop_rule' is given twice (lines 20 and 24); keep one",
    ),
    "non-text-key": (
        "exercises/bird-dog.yaml",
        BIRD.replace("difficulty: beginner\n", "difficulty: beginner\n12: x\n"),
        f"{LABEL}:5:1: (file): the key '12' is not text; field names are words, like 'name'",
    ),
    "nan": (
        "exercises/bird-dog.yaml",
        BIRD.replace("hold_seconds: 4", "hold_seconds: .nan", 1),
        f"{LABEL}:34:17: dose.hold_seconds: '.nan' is not a usable number; write a plain number",
    ),
    "infinity": (
        "exercises/bird-dog.yaml",
        BIRD.replace("rest_seconds: 30", "rest_seconds: -.inf", 1),
        f"{LABEL}:39:17: dose.rest_seconds: '-.inf' is not a usable number; write a plain number",
    ),
    "absurd-sets": (
        "exercises/bird-dog.yaml",
        BIRD.replace("sets: 1", "sets: 100000", 1),
        f"{LABEL}:37:9: dose.sets: must be at most 10; got 100000",
    ),
    "absurd-hold": (
        "exercises/bird-dog.yaml",
        BIRD.replace("hold_seconds: 4", "hold_seconds: 1.0e+12", 1),
        f"{LABEL}:34:17: dose.hold_seconds: must be at most 600; got 1000000000000.0",
    ),
    "id-with-newline": (
        "exercises/bird-dog.yaml",
        BIRD.replace("id: bird-dog", 'id: "bird-dog\\n"'),
        f"{LABEL}:2:5: id: expected lowercase words joined by hyphens, like 'bird-dog'; "
        "got 'bird-dog\\n'",
    ),
    "avoid-id-with-newline": (
        "safety.yaml",
        SAFETY.replace("    - id: sit-ups\n", '    - id: "sit-ups\\n"\n'),
        "data/safety.yaml:42:11: avoid_while_in_pain.items[1].id: expected lowercase words "
        "joined by hyphens, like 'bird-dog'; got 'sit-ups\\n'",
    ),
    "id-not-file-name": (
        "exercises/bird-dog.yaml",
        BIRD.replace("id: bird-dog", "id: cat-dog"),
        f"{LABEL}:2:5: id: id 'cat-dog' does not match the file name 'bird-dog.yaml'; "
        "name the file cat-dog.yaml or change the id",
    ),
    "python-tag": (
        "exercises/bird-dog.yaml",
        BIRD.replace("name: Bird Dog", "name: !!python/object/apply:os.system [id]"),
        f"{LABEL}:3:7: (file): could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'; only plain YAML data is allowed "
        "(text, numbers, lists, mappings), never Python objects",
    ),
    "yaml-1.1-base-60": (
        "exercises/bird-dog.yaml",
        BIRD.replace("  hold_seconds: 4\n", "  hold_seconds: 1:30\n", 1),
        f"{LABEL}:34:17: dose.hold_seconds: '1:30' means different things to different YAML "
        "readers (1:30 can be read as 90, 010 as 8, no as false); write a plain number such "
        "as 90, true or false, or put text in quotes",
    ),
    "yaml-1.1-octal": (
        "exercises/bird-dog.yaml",
        BIRD.replace("  hold_seconds: 4\n", "  hold_seconds: 010\n", 1),
        f"{LABEL}:34:17: dose.hold_seconds: '010' means different things to different YAML "
        "readers (1:30 can be read as 90, 010 as 8, no as false); write a plain number such "
        "as 90, true or false, or put text in quotes",
    ),
    "name-with-a-bidi-override": (
        "exercises/bird-dog.yaml",
        BIRD.replace("name: Bird Dog", "name: Bird \u202eDog", 1),
        f"{LABEL}:3:7: name: the name holds a control or text-direction character (U+202E); "
        "type the name again",
    ),
    "name-of-invisible-characters": (
        "exercises/bird-dog.yaml",
        BIRD.replace("name: Bird Dog", 'name: "\u200b\u200b \u2060"', 1),
        f"{LABEL}:3:7: name: the name has no visible letters; give it a name people can read",
    ),
    "name-too-long": (
        "exercises/bird-dog.yaml",
        BIRD.replace("name: Bird Dog", "name: " + "Bird Dog " * 10 + "x", 1),
        f"{LABEL}:3:7: name: the name is 91 characters long; keep it to 80 or fewer",
    ),
    "avoided-move-under-another-id": (
        "exercises/bird-dog.yaml",
        BIRD.replace("name: Bird Dog", "name: SIT UPS", 1),
        f"{LABEL}:3:7: name: 'SIT UPS' is 'sit-ups' under another id, and that is on the "
        "avoid-while-in-pain list (Sitting all the way up makes the hip muscles tug on the low "
        "back. Partial crunches keep the back down instead.); the course does not teach it",
    ),
    "hold-of-a-thousandth-of-a-second": (
        "exercises/bird-dog.yaml",
        BIRD.replace("  hold_seconds: 4\n", "  hold_seconds: 0.001\n", 1),
        f"{LABEL}:34:17: dose.hold_seconds: must be at least 1; got 0.001",
    ),
    "rest-over-ten-minutes": (
        "exercises/bird-dog.yaml",
        BIRD.replace("  rest_seconds: 30\n", "  rest_seconds: 601\n", 1),
        f"{LABEL}:39:17: dose.rest_seconds: must be at most 600; got 601",
    ),
}


@pytest.mark.parametrize("attack", sorted(YAML_ATTACKS), ids=sorted(YAML_ATTACKS))
def test_yaml_attack_is_refused_with_its_place(attack, data_copy, capsys):
    """Each YAML attack exits 1 with exactly one problem: file, line, field and the fix."""
    relative, text, expected = YAML_ATTACKS[attack]
    assert text != (data_copy / relative).read_text(encoding="utf-8"), "the attack changed nothing"
    (data_copy / relative).write_text(text, encoding="utf-8")
    assert 1 == main(["validate", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"1 problem in the exercise data:\n  {expected}\n" in err


# The child's own peak: VmHWM belongs to its memory map alone, where ru_maxrss keeps the
# forking parent's size (a pytest worker that has run many tests) across the exec.
PRINT_PEAK = (
    "import resource, sys\n"
    "try:\n"
    "    status = open('/proc/self/status').read()\n"
    "    peak = int(status.split('VmHWM:')[1].split()[0])\n"
    "except OSError:\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "used = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print('PEAK-KB', peak, 'CPU-S', used.ru_utime + used.ru_stime, file=sys.stderr)\n"
)
# What a hostile input may cost, measured by the child itself: memory at its peak, and
# processor time (not wall time, which a busy machine stretches). RLIMIT_CPU in
# _limited stops a runaway long before a test's timeout.
MAX_MB, MAX_CPU_SECONDS = 200, 5


def _peak_of(result: subprocess.CompletedProcess[str]) -> float:
    """The child's peak memory in MB, from the line PRINT_PEAK wrote."""
    return int(result.stderr.split("PEAK-KB ")[1].split()[0]) / 1024


def _cpu_of(result: subprocess.CompletedProcess[str]) -> float:
    """The child's processor seconds, from the line PRINT_PEAK wrote."""
    return float(result.stderr.split("CPU-S ")[1].split()[0])


def assert_bounded(result: subprocess.CompletedProcess[str]) -> None:
    """The child stayed under MAX_MB and MAX_CPU_SECONDS."""
    assert _peak_of(result) < MAX_MB, result.stderr[-500:]
    assert _cpu_of(result) < MAX_CPU_SECONDS, result.stderr[-500:]


def _limited() -> None:
    limit = 600 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (20, 20))


@pytest.mark.parametrize("attack", ["alias-bomb", "deep-nesting"])
def test_bombs_stay_small_and_quick(attack, data_copy):
    """A billion-laughs file and deep nesting are refused in a capped child, under 200 MB."""
    relative, _, _ = YAML_ATTACKS[attack]
    layers = "\n".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 12))
    bomb = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + layers
    text = BIRD + "\n" + bomb + "\n" if attack == "alias-bomb" else YAML_ATTACKS[attack][1]
    (data_copy / relative).write_text(text, encoding="utf-8")
    child = (
        "import resource, sys\n"
        "from exercises_lib.cli import main\n"
        f"code = main(['validate', '--data', {str(data_copy)!r}])\n"
        f"{PRINT_PEAK}"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child],
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        timeout=60,
    )
    assert 1 == result.returncode, result.stderr
    assert "Traceback" not in result.stderr
    assert "1 problem in the exercise data" in result.stderr
    assert_bounded(result)


def test_fifo_is_not_read(data_copy, capsys):
    """A named pipe called x.yaml is reported, not waited on."""
    os.mkfifo(data_copy / "exercises" / "pipe.yaml")
    assert 1 == main(["validate", "--data", str(data_copy)])
    assert (
        "data/exercises/pipe.yaml: (file): not a regular file; data files must be plain .yaml files"
        in capsys.readouterr().err
    )


def test_big_file_is_not_read(data_copy, capsys):
    """A data file over 1 MB is refused with its size."""
    (data_copy / "exercises" / "big.yaml").write_text("# " + "x" * 1_200_000 + "\n")
    assert 1 == main(["validate", "--data", str(data_copy)])
    assert "big.yaml: (file): file is too big (1.2 MB); a data file is at most 1 MB" in (
        capsys.readouterr().err
    )


# -- markup injection -------------------------------------------------------------------------

PAYLOAD = "</style><script>alert(1)</script><img src=x onerror=alert(2)>\"'"
# The same markup without a digit, for the words that may name no number.
_NO_DIGITS = "</style><script>alert(one)</script><img src=x onerror=alert(two)>\"'"
# Fields whose values the schemas restrict to ids, enums or joint names: no free text there.
_FIXED = {
    "id",
    "role",
    "kind",
    "difficulty",
    "exercise",
    "lesson",
    "level",
    "contacts",
    "highlight",
    "motion",
    "anchor",
    "equipment",
    "$schema",
    "week",
    "gentle_day",
    "code",
    "number",
    "better",  # a check-in's scoring direction, its ids and worked examples
    "language",
    "commercial_use",
    "subscale",
    "examples",
}


def _poison(value, key=""):
    if isinstance(value, dict):
        return {
            k: (v if k in _FIXED or (k == "source" and isinstance(v, str)) else _poison(v, k))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str):
        if key == "name":  # a name keeps within its 80 characters
            return value[: 79 - len(PAYLOAD)] + " " + PAYLOAD
        return value + " " + PAYLOAD
    return value


@pytest.fixture
def poisoned(data_copy):
    """The course data with the payload added to every free-text field, still valid."""
    files = sorted(data_copy.rglob("*.yaml"))
    assert files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poison(data)
        if path.name == "safety.yaml":  # the stop rule must still name its minutes
            poisoned["stop_rule"]["text"] = data["stop_rule"]["text"] + " " + PAYLOAD
        if path.name == "regions.yaml":  # neutral words name no number, so no digits here
            poisoned["neutral"] = {k: v + " " + _NO_DIGITS for k, v in data["neutral"].items()}
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True), encoding="utf-8")
    return load_catalog(data_copy)


def _assert_clean(html: str, where: str) -> None:
    assert "<script>alert(1)" not in html, where
    assert "<img src=x" not in html, where
    assert "</style><script" not in html, where


def test_no_payload_reaches_any_page(poisoned):
    """Cards, routines, safety boxes, sheets, print CSS, decks and print views escape every field."""
    catalog = poisoned
    assert PAYLOAD in catalog["bird-dog"].name
    selection = [(e, e.dose) for e in catalog]
    pages = {
        "cards": "".join(exercise_card_html(e) for e in catalog),
        "routines": "".join(routine_html(r) for r in catalog.routines.values()),
        "safety": safety_html(catalog.safety) + safety_footer_html(catalog.safety),
        "exercise sheet": exercise_sheet_html(selection, catalog.safety),
        "doctor's sheet": clinician_sheet_html(selection, catalog.safety),
        "weekly log": weekly_log_html(selection, catalog.safety),
        "deck": deck_footer_html(catalog.safety) + safety_slide_html(catalog.safety),
        "answer keys": "".join(answer_key_html(q) for q in catalog.quizzes.values()),
        "print views": "".join(
            widget.print_html()
            for widget in (
                SafetyChecklist(catalog.safety),
                PainCheck(catalog.safety),
                hold_timer(catalog["bird-dog"]),
                SessionPlayer(catalog.routine("starter")),
                QuizWidget(catalog.quiz("01-safety-first")),
            )
        ),
    }
    for where, html in pages.items():
        _assert_clean(html, where)
        assert "&lt;/style&gt;&lt;script&gt;" in html, where  # shown as text, not dropped


def test_print_css_never_holds_markup(poisoned):
    """Safety texts and a hostile title reach the @page CSS only as escaped characters."""
    css = print_css(poisoned.safety, "Lesson " + PAYLOAD)
    assert "<" not in css and ">" not in css
    assert '\\"' not in css  # a quote never appears as itself


def test_hostile_notebook_prints_without_scripts(tmp_path):
    """Scripts in a notebook's markdown and HTML outputs never reach the handout."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Title\n\n<script>alert(1)</script><b onclick=x()>bold</b>"
        ),
        nbformat.v4.new_code_cell(
            "1",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/html": '<p>ok</p><script>alert(3)</script><a href="javascript:x">l</a>'
                    },
                )
            ],
        ),
        nbformat.v4.new_raw_cell("<script>alert(4)</script>", metadata={"format": "text/html"}),
    ]
    html, _ = HandoutExporter().from_notebook_node(nb, resources={"metadata": {"name": "x"}})
    body = html[html.index("<main>") :]
    assert "<script" not in body
    assert "javascript:" not in body and "onclick" not in body
    assert "<b>bold</b>" in body and "<p>ok</p>" in body
    assert (
        f"more than {load_catalog(DATA).safety.stop_minutes} minutes" in body
    )  # a stranger's notebook always gets the safety box


def test_a_notebook_cannot_hide_or_cover_the_safety_box():
    """No `<style>` and no placing style from a notebook reaches the page; the box is printed."""
    hide = "<style>.exl-footer, .exl-safety { display: none !important }</style>"
    cover = (
        '<div class="exl-footer" style="position:fixed;top:0;left:0;width:100%;height:100%;'
        'z-index:99;background-color:white;color:red">All clear, no limits.</div>'
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\n" + hide),
        nbformat.v4.new_code_cell(
            "1",
            outputs=[
                nbformat.v4.new_output("display_data", data={"text/html": hide + cover}),
            ],
        ),
    ]
    html, _ = HandoutExporter().from_notebook_node(nb, resources={"metadata": {"name": "x"}})
    body = html[html.index("<main>") :]
    assert ".exl-footer, .exl-safety" not in html
    assert [] == re.findall(r"position|z-index|height:|width:", body)
    assert "color:red" in body.replace(" ", "")  # harmless properties stay
    minutes = load_catalog(DATA).safety.stop_minutes
    assert f"more than {minutes} minutes" in body


def _to_handout(path: Path) -> None:
    """As JupyterLab's File > Save and Export As > Handout does it, inside the server's
    process: nbconvert's exporter found by its entry-point name, run on the file, the page
    written beside it. (`jupyter nbconvert --to handout` has its own test in test_handouts.)"""
    html, _resources = get_exporter("handout")().from_filename(str(path))
    path.with_suffix(".html").write_text(html, encoding="utf-8")


def test_exporter_runs_only_course_lessons(tmp_path):
    """`--to handout` never runs the code of a notebook that is not a course lesson."""
    marker = tmp_path / "ran"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').write('x')")]
    path = tmp_path / "stranger.ipynb"
    nbformat.write(nb, path)
    _to_handout(path)
    assert not marker.exists()


def _planted(lesson: Path, marker: Path, *, mark: bool) -> nbformat.NotebookNode:
    """A course lesson with one line of a stranger's code added to its setup cell."""
    nb = nbformat.read(lesson, as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    setup.source += f"\nopen({str(marker)!r}, 'w').write('x')"
    if not mark:
        nb.metadata.pop("exercises_lesson", None)
    return nb


@pytest.mark.slow
def test_metadata_never_decides_that_a_notebook_runs(tmp_path):
    """A lesson's mark and name on a changed notebook run nothing; the unchanged lesson runs."""
    from exercises_lib.coursefiles import is_course_lesson

    lesson = REPO / "lessons" / "04-bird-dog.ipynb"
    marker = tmp_path / "ran"
    planted = _planted(lesson, marker, mark=True)
    assert "04-bird-dog" == planted.metadata["exercises_lesson"]
    assert not is_course_lesson(planted)
    assert is_course_lesson(nbformat.read(lesson, as_version=4))
    path = tmp_path / "04-bird-dog.ipynb"
    nbformat.write(planted, path)
    _to_handout(path)
    assert not marker.exists()
    html = (tmp_path / "04-bird-dog.html").read_text(encoding="utf-8")
    minutes = load_catalog(DATA).safety.stop_minutes
    assert f"more than {minutes} minutes" in html  # the exporter's own safety box


@pytest.mark.slow
def test_a_lessons_folder_runs_only_the_course_s_own_lessons(tmp_path, capsys):
    """`handouts --lessons-dir` prints a planted notebook without running it."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    marker = tmp_path / "ran"
    nbformat.write(
        _planted(REPO / "lessons" / "02-why-sitting-hurts.ipynb", marker, mark=False),
        folder / "02-why-sitting-hurts.ipynb",
    )
    out = tmp_path / "out"
    command = ["handouts", "--lessons", "02", "--lessons-dir", str(folder), "--out", str(out)]
    assert 0 == main([*command, "--format", "html"])
    assert not marker.exists()
    assert [] != list(out.glob("lesson-02*.html"))


# -- writes that destroy ----------------------------------------------------------------------


class TestSafeWrite:
    def test_symlink_is_written_through(self, tmp_path):
        """Writing to a symlink replaces its target's content; the link stays a link."""
        target = tmp_path / "real.csv"
        target.write_text("old")
        link = tmp_path / "link.csv"
        link.symlink_to(target)
        safe_write(link, "new")
        assert (True, "new") == (link.is_symlink(), target.read_text())

    def test_a_link_out_of_its_folder_is_refused(self, tmp_path):
        """A link planted where an output goes, pointing elsewhere, is never written through."""
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        precious = elsewhere / ".bashrc"
        precious.write_text("mine")
        out = tmp_path / "out"
        out.mkdir()
        (out / "exercise-sheet.html").symlink_to(precious)
        with pytest.raises(WriteRefused, match="a link to a file in another folder"):
            safe_write(out / "exercise-sheet.html", "<html>")
        assert "mine" == precious.read_text()

    def test_a_planted_link_stops_a_handout_build(self, tmp_path, capsys):
        """`exercises handouts` meets a planted link: one line, exit 1, the target untouched."""
        precious = tmp_path / "notes.txt"
        precious.write_text("mine")
        out = tmp_path / "out"
        out.mkdir()
        (out / "exercise-sheet.html").symlink_to(precious)
        args = ["handouts", "--out", str(out), "--exercises", "bird-dog", "--format", "html"]
        code, _, err = _run(args, capsys)
        assert 1 == code
        assert "a link to a file in another folder" in err
        assert "mine" == precious.read_text()

    def test_device_is_refused(self, tmp_path):
        """A file that is not a regular one (a device, a pipe) is never replaced.

        The test owns what it aims at: a FIFO is refused with the same words as a device,
        so a broken guard fails here without harming the machine's /dev."""
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe)
        with pytest.raises(WriteRefused, match="not a regular file"):
            safe_write(pipe, "x")
        assert stat.S_ISFIFO(os.stat(pipe).st_mode)

    def test_folder_is_refused(self, tmp_path):
        """A folder given as the output file is refused with what to give instead."""
        with pytest.raises(WriteRefused, match="give the name of a file"):
            safe_write(tmp_path, "x")

    def test_mode_follows_the_umask_and_keeps_an_old_mode(self, tmp_path):
        """A new file gets 0o644 under umask 022; a replaced file keeps its own mode."""
        old = os.umask(0o022)
        try:
            fresh = safe_write(tmp_path / "new.txt", "x")
            kept = tmp_path / "kept.txt"
            kept.write_text("x")
            kept.chmod(0o600)
            safe_write(kept, "y")
        finally:
            os.umask(old)
        assert (0o644, 0o600) == (
            stat.S_IMODE(fresh.stat().st_mode),
            stat.S_IMODE(kept.stat().st_mode),
        )

    def test_protected_input_is_refused(self, tmp_path):
        """A path the command reads, or one inside a protected folder, is never replaced."""
        log = tmp_path / "progress.sqlite"
        log.write_bytes(b"precious")
        with pytest.raises(WriteRefused, match="which this command reads"):
            safe_write(log, "x", protected=[log])
        with pytest.raises(WriteRefused):
            safe_write(tmp_path / "data" / "safety.yaml", "x", protected=[tmp_path / "data"])
        assert b"precious" == log.read_bytes()


# -- the command line and the progress log ----------------------------------------------------


def _run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


class TestCommandLine:
    @pytest.mark.parametrize(
        "victim",
        ["lesson", "tool", "routine", "log"],
    )
    def test_no_output_replaces_a_course_or_learner_file(
        self, victim, tmp_path, capsys, monkeypatch, course
    ):
        """`figure --out` and `log export --csv` aimed at a lesson, a tool notebook, a saved
        routine or the default progress log are refused, and the file is kept.

        The course is a copy the test owns, and a writer that refuses to touch the victim
        stands behind the guard: a broken guard fails the test, never a real lesson."""
        from exercises_lib import coursefiles
        from exercises_lib.userdata import user_dir, user_routines_dir

        monkeypatch.setattr(coursefiles, "course_dir", lambda: course)
        course_dir = coursefiles.course_dir
        monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
        routine = user_routines_dir() / "mine.yaml"
        routine.parent.mkdir(parents=True, exist_ok=True)
        starter = (DATA / "routines" / "starter.yaml").read_text(encoding="utf-8")
        routine.write_text(starter.replace("id: starter", "id: mine"), encoding="utf-8")
        log = user_dir() / "progress.sqlite"
        log.write_bytes(b"precious")
        target = {
            "lesson": course_dir() / "lessons" / "04-bird-dog.ipynb",
            "tool": course_dir() / "notebooks" / "progress.ipynb",
            "routine": routine,
            "log": log,
        }[victim]
        before = target.read_bytes()
        replace = os.replace

        def never_over_the_victim(src, dst, *args, **kwargs):
            assert Path(dst).resolve() != target.resolve(), "the guard let a write through"
            return replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", never_over_the_victim)
        db = tmp_path / "other.sqlite"
        assert 0 == main(["log", "add", "--db", str(db), "--exercise", "bird-dog", "--reps", "5"])
        for args in (
            ["figure", "bird-dog", "--out", str(target)],
            ["log", "export", "--db", str(db), "--csv", str(target)],
        ):
            code, _, err = _run(args, capsys)
            assert 1 == code, args
            assert "will not write" in err
        assert before == target.read_bytes()

    def test_file_names_reach_the_terminal_without_escapes(self, tmp_path, capsys):
        """A file name carrying an escape sequence or a bidi override is printed defused."""
        name = tmp_path / "\x1b[2J\x1b]0;owned\x07\u202eevil.svg"
        code, out, err = _run(["figure", "bird-dog", "--out", str(name)], capsys)
        assert 0 == code
        assert name.is_file()
        for text in (out, err):
            assert not any(c in text for c in "\x1b\x07\u202e")
        assert "?[2J?]0;owned??evil.svg" in out

    def test_export_onto_the_log_is_refused(self, tmp_path, capsys):
        """`log export --csv` pointed at the log itself refuses and keeps the log."""
        db = tmp_path / "progress.sqlite"
        assert 0 == main(["log", "add", "--db", str(db), "--exercise", "bird-dog", "--reps", "5"])
        before = db.read_bytes()
        code, _, err = _run(["log", "export", "--db", str(db), "--csv", str(db)], capsys)
        assert 1 == code
        assert "which this command reads" in err
        assert before == db.read_bytes()

    def test_reminders_onto_the_log_are_refused(self, tmp_path, capsys):
        """`log reminders --ics` pointed at the log itself refuses and keeps the log."""
        db = tmp_path / "progress.sqlite"
        assert 0 == main(["log", "add", "--db", str(db), "--exercise", "bird-dog", "--reps", "5"])
        before = db.read_bytes()
        args = ["log", "reminders", "--db", str(db), "--ics", str(db), "--days", "mon"]
        code, _, err = _run([*args, "--time", "07:30"], capsys)
        assert 1 == code
        assert "which this command reads" in err
        assert before == db.read_bytes()

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--reps", "99999999999999999999"], "reps must be from 1 to 100"),
            (["--reps", "-3"], "reps must be from 1 to 100"),
            (["--hold-seconds", "nan"], "seconds must be from 0.5 to 600"),
            (["--hold-seconds", "inf"], "seconds must be from 0.5 to 600"),
        ],
    )
    def test_bad_numbers_are_usage_errors(self, args, expected, tmp_path, capsys):
        """Absurd or non-finite numbers exit 2 with the allowed range; nothing is written."""
        db = tmp_path / "log.sqlite"
        with pytest.raises(SystemExit) as stopped:
            main(["log", "add", "--db", str(db), "--exercise", "bird-dog", *args])
        assert 2 == stopped.value.code
        assert expected in capsys.readouterr().err
        assert not db.exists()

    @pytest.mark.parametrize(
        "out", ["{tmp}/a-file/x.csv", "/proc/version"], ids=["under-a-file", "read-only"]
    )
    def test_unwritable_output_is_a_clear_message(self, out, tmp_path, capsys):
        """An output that cannot be written gives one line naming it, exit 1, no traceback."""
        (tmp_path / "a-file").write_text("a file, not a folder", encoding="utf-8")
        out = out.format(tmp=tmp_path)
        db = tmp_path / "log.sqlite"
        assert 0 == main(["log", "add", "--db", str(db), "--exercise", "bird-dog", "--reps", "5"])
        code, _, err = _run(["log", "export", "--db", str(db), "--csv", out], capsys)
        assert 1 == code
        assert err.startswith("exercises: ")
        assert 1 == len(err.strip().splitlines())

    def test_choices_ignore_case(self, tmp_path):
        """--paper A4 and --format HTML work as well as their lower-case forms."""
        assert 0 == main(
            [
                "handouts",
                "--exercises",
                "bird-dog",
                "--format",
                "HTML",
                "--paper",
                "A4",
                "--out",
                str(tmp_path),
            ]
        )

    def test_every_option_has_help(self):
        """Every option of every command says what it is for."""
        from exercises_lib.cli import build_parser

        def walk(parser):
            for action in parser._actions:
                if action.choices and isinstance(action.choices, dict):
                    for sub in action.choices.values():
                        yield from walk(sub)
                elif action.option_strings and action.dest != "help":
                    yield parser.prog, action

        actions = list(walk(build_parser()[0]))
        assert len(actions) > 20
        assert [] == [f"{prog} {a.option_strings[0]}" for prog, a in actions if not a.help]

    def test_csv_cells_never_start_a_formula(self, tmp_path, capsys):
        """Notes that begin with = + - @ or a tab are exported with a leading quote."""
        db = tmp_path / "log.sqlite"
        notes = ["=1+2", "+SUM(A1)", "-2", "@cmd", "\tx", "fine"]
        for note in notes:
            assert 0 == main(
                [
                    "log",
                    "add",
                    "--db",
                    str(db),
                    "--exercise",
                    "bird-dog",
                    "--reps",
                    "2",
                    "--note",
                    note,
                ]
            )
        out = tmp_path / "log.csv"
        assert 0 == main(["log", "export", "--db", str(db), "--csv", str(out)])
        cells = [row["note"] for row in csv.DictReader(io.StringIO(out.read_text()))]
        assert ["'=1+2", "'+SUM(A1)", "'-2", "'@cmd", "'\tx", "fine"] == cells

    def test_a_note_cannot_fake_a_log_line_or_colour_the_terminal(self, tmp_path, capsys):
        """A note with a line break or terminal codes lists as one plain line."""
        db = tmp_path / "log.sqlite"
        note = "ok\n2026-01-01T00:00:00  fake entry\x1b[31m red"
        assert 0 == main(
            ["log", "add", "--db", str(db), "--exercise", "bird-dog", "--reps", "2", "--note", note]
        )
        capsys.readouterr()
        code, out, _ = _run(["log", "list", "--db", str(db)], capsys)
        assert 0 == code
        assert 1 == len(out.strip().splitlines())
        assert "\x1b" not in out

    def test_reminder_days_with_spaces(self, tmp_path, capsys):
        """--days 'mon wed fri' keeps all three days; a made-up day is refused."""
        ics = tmp_path / "back.ics"
        code, _out, _ = _run(
            ["log", "reminders", "--ics", str(ics), "--days", "mon wed fri", "--time", "07:30"],
            capsys,
        )
        assert 0 == code
        assert "BYDAY=MO,WE,FR" in ics.read_text()
        code, _, err = _run(
            ["log", "reminders", "--ics", str(ics), "--days", "mon,funday", "--time", "07:30"],
            capsys,
        )
        assert (1, True) == (code, "'funday'" in err)

    def test_reminder_time_offset_refused_and_zone_written(self, tmp_path, capsys):
        """A time with an offset is refused; --tz writes a VTIMEZONE block."""
        ics = tmp_path / "back.ics"
        code, _, err = _run(
            ["log", "reminders", "--ics", str(ics), "--days", "mon", "--time", "07:30+01:00"],
            capsys,
        )
        assert (1, False) == (code, ics.exists())
        assert "without an offset" in err
        args = ["--days", "mon", "--time", "07:30", "--tz", "Europe/London"]
        assert 0 == main(["log", "reminders", "--ics", str(ics), *args])
        text = ics.read_text()
        assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/London" in text

    def test_quiet_handout_run(self, tmp_path):
        """Building a lesson handout prints no kernel transport warning."""
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "exercises_lib",
                "handouts",
                "--lessons",
                "04",
                "--format",
                "html",
                "--out",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert 0 == result.returncode, result.stderr
        assert "without encryption" not in result.stderr
        assert [] == re.findall(r"WARNING", result.stderr)


class TestProgressLog:
    def test_reading_never_creates_a_log(self, tmp_path, capsys):
        """`log list --db typo.sqlite` says there is no log there and creates nothing."""
        typo = tmp_path / "typo.sqlite"
        code, _, err = _run(["log", "list", "--db", str(typo)], capsys)
        assert 1 == code
        assert "no progress log at" in err
        assert [] == list(tmp_path.iterdir())

    def test_empty_file_is_reported_not_replaced(self, tmp_path, capsys):
        """A 0-byte file is reported by read commands and left as it was."""
        empty = tmp_path / "empty.sqlite"
        empty.write_bytes(b"")
        code, _, err = _run(["log", "summary", "--db", str(empty)], capsys)
        assert (1, b"") == (code, empty.read_bytes())
        assert "is empty, not a progress log" in err

    def test_damaged_log_is_not_written(self, tmp_path, capsys):
        """`log add` on a damaged file refuses, says how to recover, and changes nothing."""
        damaged = tmp_path / "progress.sqlite"
        damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
        before = damaged.read_bytes()
        code, _, err = _run(
            ["log", "add", "--db", str(damaged), "--exercise", "bird-dog", "--reps", "5"], capsys
        )
        assert 1 == code
        assert "is damaged or not a progress log" in err
        assert "exercises log export --csv FILE" in err
        assert before == damaged.read_bytes()

    def test_newer_log_is_refused_before_any_change(self, tmp_path, capsys):
        """A log from a newer course is refused before its journal mode or content change."""
        newer = tmp_path / "progress.sqlite"
        db = sqlite3.connect(newer)
        db.execute("PRAGMA user_version = 99")
        db.close()
        before = newer.read_bytes()
        code, _, err = _run(
            ["log", "add", "--db", str(newer), "--exercise", "bird-dog", "--reps", "5"], capsys
        )
        assert 1 == code
        assert "newer version of the course" in err
        assert before == newer.read_bytes()
        assert not (tmp_path / "progress.sqlite-wal").exists()

    def test_reading_leaves_the_file_as_it_was(self, tmp_path):
        """list, summary and export open the log read-only: its bytes do not change."""
        db = tmp_path / "progress.sqlite"
        with ProgressLog(db) as log:
            log.add("bird-dog", reps=5)
        before = db.read_bytes()
        assert 0 == main(["log", "list", "--db", str(db)])
        assert 0 == main(["log", "summary", "--db", str(db)])
        assert before == db.read_bytes()

    def test_handouts_make_no_progress_log(self, tmp_path, monkeypatch):
        """Building handouts never creates a progress file as a side effect."""
        monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
        monkeypatch.delenv("EXERCISES_DB", raising=False)
        assert 0 == main(
            [
                "handouts",
                "--exercises",
                "bird-dog",
                "--format",
                "html",
                "--out",
                str(tmp_path / "o"),
            ]
        )
        assert [] == list((tmp_path / "home").rglob("*.sqlite"))


def test_corrupt_lesson_is_a_clear_message(tmp_path, capsys):
    """A lesson file that is not JSON gives one clear line, not a traceback."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "04-bird-dog.ipynb").write_text("{ not json")
    code, _, err = _run(
        [
            "handouts",
            "--lessons",
            "04",
            "--lessons-dir",
            str(lessons),
            "--format",
            "html",
            "--out",
            str(tmp_path / "out"),
        ],
        capsys,
    )
    assert 1 == code
    errors = [line for line in err.splitlines() if line.startswith("exercises: ")]
    assert 1 == len(errors)
    assert "04-bird-dog.ipynb is not a readable notebook" in errors[0]


@pytest.mark.parametrize("handler", ["onclick", "onmouseover", "onload", "onfocus", "ONERROR"])
def test_no_event_handler_passes_the_sanitiser(handler):
    """Every on* attribute is dropped, on HTML and SVG tags alike."""
    from exercises_lib.sanitize import clean_html

    for tag in ("p", "a", "svg", "circle", "animate", "details", "input"):
        cleaned = clean_html(f'<{tag} {handler}="alert(1)" class="ok">x</{tag}>')
        assert "alert(1)" not in cleaned, (tag, cleaned)
        assert handler.lower() not in cleaned.lower(), (tag, cleaned)


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None, reason="no Chromium found: run `make browser`")
def test_printing_a_pdf_asks_no_server_for_anything():
    """A page that pulls an image, a stylesheet and a font from a server prints without
    one request reaching it."""
    import http.server
    import threading

    from exercises_lib.handouts.pdf import PdfRenderer

    asked: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *_args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = (
        f'<!DOCTYPE html><html lang="en"><head><title>t</title>'
        f'<link rel="stylesheet" href="{base}/style.css">'
        f"<style>@font-face{{font-family:x;src:url({base}/font.woff)}}body{{font-family:x}}</style>"
        f'</head><body><h1>Hi</h1><img src="{base}/pixel.png" alt=""></body></html>'
    )
    try:
        with PdfRenderer() as renderer:
            pdf = renderer.render(page)
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF")
    assert [] == asked


# -- learner files ----------------------------------------------------------------------------


class TestSavedRoutines:
    @pytest.fixture
    def routines(self, tmp_path, monkeypatch) -> Path:
        """A private learner folder with a routines folder in it."""
        from exercises_lib.userdata import user_routines_dir

        monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
        folder = user_routines_dir()
        folder.mkdir(parents=True)
        return folder

    def test_a_broken_saved_routine_is_left_out_with_a_warning(self, routines, tmp_path, capsys):
        """A saved routine that is not valid YAML, or lists an avoided move, is left out:
        listing and logging go on, and validate warns with file, line and the fix."""
        starter = (DATA / "routines" / "starter.yaml").read_text(encoding="utf-8")
        (routines / "broken.yaml").write_text("id: [\n")
        avoided = starter.replace("id: starter", "id: bad")
        avoided = avoided.replace("exercise: bird-dog", "exercise: toe-touches", 1)
        (routines / "bad.yaml").write_text(avoided)
        code, out, _ = _run(["list"], capsys)
        assert 0 == code and "Bird Dog" in out
        db = tmp_path / "log.sqlite"
        assert 0 == main(["log", "add", "--db", str(db), "--exercise", "bird-dog", "--reps", "5"])
        code, _, err = _run(["validate"], capsys)
        assert 0 == code
        assert "broken.yaml:2:1: (file): YAML syntax error" in err
        assert "bad.yaml:15:15: items[1].exercise: 'toe-touches' is on the avoid" in err
        assert err.count("this saved routine is left out until it is fixed") == 2

    @pytest.mark.parametrize(
        ("made", "said"),
        [
            (lambda f: f.chmod(0o666), "anyone can change it"),
            (lambda f: f.parent.chmod(0o777), "anyone can replace the files"),
        ],
        ids=["anyone can change it", "in a shared folder"],
    )
    def test_a_saved_routine_others_could_have_written_is_left_out(
        self, made, said, routines, capsys
    ):
        """A saved routine that another person could have written is not the learner's:
        it is left out with the fix, even when the course loaded it (and cached it) before."""
        from exercises_lib.loading import course_catalog

        starter = (DATA / "routines" / "starter.yaml").read_text(encoding="utf-8")
        mine = routines / "mine.yaml"
        mine.write_text(starter.replace("id: starter", "id: mine"), encoding="utf-8")
        assert "mine" in course_catalog().routines  # cached as the learner's
        made(mine)
        assert "mine" not in course_catalog().routines
        code, out, _ = _run(["list"], capsys)
        assert 0 == code and "Bird Dog" in out
        code, _, err = _run(["validate"], capsys)
        assert 0 == code and said in err and "chmod o-w" in err and "Traceback" not in err

    def test_a_saved_routine_with_a_shipped_id_keeps_working(self, routines, capsys):
        """A saved routine that reuses the starter's id is listed under its own id and name."""
        from exercises_lib.loading import course_catalog

        starter = (DATA / "routines" / "starter.yaml").read_text(encoding="utf-8")
        (routines / "starter.yaml").write_text(starter.replace("name: ", "name: My ", 1))
        catalog = course_catalog()
        assert catalog.routine("starter").name != catalog.routine("starter-mine").name
        assert catalog.routine("starter-mine").name.endswith("(yours)")
        code, _, err = _run(["validate"], capsys)
        assert 0 == code and "is listed as 'starter-mine'" in err


def test_a_data_file_linked_from_elsewhere_is_refused_unread(data_copy, tmp_path, capsys):
    """A data file that is a link out of its folder is refused, and nothing of the file it
    points at appears in the message."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: bird-dog\npassword: hunter2\n")
    (data_copy / "exercises" / "leak.yaml").symlink_to(secret)
    code, out, err = _run(["validate", "--data", str(data_copy)], capsys)
    assert 1 == code
    assert "leak.yaml: (file): is a link to a file outside its folder" in err
    assert "hunter2" not in out + err


def test_editor_leftovers_are_ignored(data_copy, capsys):
    """Emacs locks and autosaves, Vim swap files and backups beside the data are passed over."""
    folder = data_copy / "exercises"
    (folder / ".#bird-dog.yaml").symlink_to("someone@host.4242:1700000000")
    (folder / "#bird-dog.yaml#").write_text("id: [")
    (folder / ".bird-dog.yaml.swp").write_bytes(b"\0\1")
    (folder / "bird-dog.yaml~").write_text("id: [")
    (folder / "bird-dog.yaml.bak").write_text("id: [")
    code, _, err = _run(["validate", "--data", str(data_copy)], capsys)
    assert 0 == code
    assert "bird-dog" not in err


def test_a_quiz_for_a_missing_lesson_is_warned_about(data_copy, capsys):
    """A quiz whose lesson does not exist passes, with a warning that it will not be seen."""
    quizzes = data_copy / "quizzes"
    text = (quizzes / "04-bird-dog.yaml").read_text(encoding="utf-8")
    (quizzes / "09-no-such-lesson.yaml").write_text(
        text.replace("04-bird-dog", "09-no-such-lesson"), encoding="utf-8"
    )
    code, _, err = _run(["validate", "--data", str(data_copy)], capsys)
    assert 0 == code
    assert "warning: quiz 09-no-such-lesson: no lesson 09-no-such-lesson.ipynb" in err


def test_a_log_note_is_at_most_500_characters(tmp_path, capsys):
    """`log add --note` refuses a note over 500 characters, before the log is made."""
    db = tmp_path / "log.sqlite"
    args = ["log", "add", "--db", str(db), "--exercise", "bird-dog", "--reps", "5"]
    with pytest.raises(SystemExit):
        main([*args, "--note", "x" * 501])
    assert "a note is at most 500 characters; this one has 501" in capsys.readouterr().err
    assert not db.exists()


def test_the_builder_says_when_a_save_fails(catalog, tmp_path):
    """A save the disk refuses is told in the widget, never as a success."""
    from exercises_lib.widgets import RoutineBuilder

    folder = tmp_path / "routines"
    folder.mkdir()
    builder = RoutineBuilder(catalog, folder=folder)
    builder.name.value = "Morning"
    builder.add("bird-dog", 5)
    (folder / "morning.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    builder.replace.value = True
    assert builder.save() is None
    assert "Could not save" in builder.message.value
    assert "Saved to" not in builder.message.value


@pytest.mark.parametrize(
    ("option", "said"),
    [
        ("--exercises", "no exercises named; give at least one id, from: bird-dog"),
        ("--lessons", "no lessons named; give lesson numbers such as 03,04, or 'all'"),
    ],
)
def test_an_empty_choice_of_handouts_is_refused(option, said, tmp_path, capsys):
    """`handouts --exercises ""` (or --lessons " , ") says what to give and writes nothing."""
    out = tmp_path / "out"
    code, _, err = _run(["handouts", "--out", str(out), option, " , ", "--format", "html"], capsys)
    assert 1 == code
    assert said in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["log", "list", "--since", "1999-12-31"], "give a date from 2000-01-01 to 2100-12-31"),
        (["plan", "today", "--date", "9999-12-31"], "give a date from 2000-01-01 to 2100-12-31"),
    ],
)
def test_dates_outside_the_course_s_years_are_refused(args, said, tmp_path, capsys):
    """A date before 2000 or past 2100 is refused at the option, with the range."""
    with pytest.raises(SystemExit):
        main([*args, "--db", str(tmp_path / "log.sqlite")])
    assert said in capsys.readouterr().err


def test_a_plan_cannot_start_more_than_a_year_ahead(tmp_path, capsys):
    """`plan start --date` more than a year ahead is refused, and no log is made."""
    from datetime import date, timedelta

    db = tmp_path / "log.sqlite"
    far = (date.today() + timedelta(days=400)).isoformat()
    code, _, err = _run(["plan", "start", "--db", str(db), "--date", far], capsys)
    assert 1 == code
    assert "a plan starts at most a year from today" in err
    assert not db.exists()


# -- the progress log in any state ------------------------------------------------------------

# state: (what is done to a good log, or to a new file for another program's database,
#         what the refusal says)
LOG_STATES = {
    "version rolled back": ("PRAGMA user_version = 2", "does not match its version number (2)"),
    "version zeroed": ("PRAGMA user_version = 0", "does not match its version number (0)"),
    "table dropped": ("DROP TABLE plans", "missing tables: plans"),
    "column added": (
        "ALTER TABLE entries ADD COLUMN planted TEXT",
        "entries has columns the course did not make: planted",
    ),
    "another program's": (
        "CREATE TABLE customers (id INTEGER, name TEXT)",
        "is not a progress log",
    ),
    "another program's, version 3": (
        "CREATE TABLE customers (id INTEGER, name TEXT); PRAGMA user_version = 3",
        "is not a progress log",
    ),
}


def _log_in_state(path: Path, state: str) -> None:
    """A log in ``state`` (see LOG_STATES): another program's file, or a good log changed."""
    if not state.startswith("another"):
        with ProgressLog(path) as log:
            log.add("bird-dog", reps=5)
    db = sqlite3.connect(path)
    db.executescript(LOG_STATES[state][0])
    db.close()


LOG_COMMANDS = {
    "log add": ["log", "add", "--exercise", "bird-dog", "--reps", "5"],
    "log list": ["log", "list"],
    "plan today": ["plan", "today"],
}


@pytest.mark.parametrize("command", LOG_COMMANDS)
@pytest.mark.parametrize("state", LOG_STATES)
def test_a_log_in_any_state_gets_one_line_and_no_change(state, command, tmp_path, capsys):
    """Each odd state of the log is named in one line, and the file is left as it was."""
    path = tmp_path / "progress.sqlite"
    _log_in_state(path, state)
    before = path.read_bytes()
    code, _, err = _run([*LOG_COMMANDS[command], "--db", str(path)], capsys)
    assert (1, before) == (code, path.read_bytes())
    assert LOG_STATES[state][1] in err
    assert 1 == len(err.strip().splitlines())
    assert "damaged" not in err


def test_another_program_s_database_is_never_given_the_log_s_tables(tmp_path):
    """Opening another program's SQLite file to write refuses it and adds no table."""
    path = tmp_path / "shop.sqlite"
    _log_in_state(path, "another program's")
    with pytest.raises(LogError, match="is not a progress log"):
        ProgressLog(path)
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    assert (["customers"], 0) == (tables, version)


def test_the_widgets_say_when_the_log_cannot_be_written(catalog, tmp_path):
    """A pain check over another program's file says it was not saved; the verdict still shows."""
    from exercises_lib.recording import SessionRecorder

    path = tmp_path / "shop.sqlite"
    _log_in_state(path, "another program's")
    before = path.read_bytes()
    check = PainCheck(catalog.safety)
    SessionRecorder(path).watch_pain_check(check)
    check.before.value, check.after.value = 2, 2
    check.save_button.click()
    assert "Not saved in your progress log" in check.problem.value
    assert 'role="alert"' in check.problem.value
    assert "" != check.message.value  # what the scores mean is shown all the same
    assert "Saved." not in check.message.value
    assert before == path.read_bytes()


def test_starting_the_plan_over_a_foreign_file_says_so(catalog, tmp_path):
    """Today's session's "Start the plan" over another program's file shows why, in the widget."""
    from exercises_lib.course import TodaySession

    path = tmp_path / "shop.sqlite"
    _log_in_state(path, "another program's")
    today = TodaySession(catalog, db=path)
    today.start_plan()
    assert "The plan was not started." in today.plan_box.value
    assert "is not a progress log" in today.plan_box.value


@pytest.mark.parametrize(
    ("journal", "command"), [("wal", "log add"), ("delete", "log add"), ("delete", "log list")]
)
def test_a_busy_log_is_waited_for_then_said_to_be_busy(
    journal, command, tmp_path, capsys, monkeypatch
):
    """A log another writer holds is waited for, then reported as busy (never as damaged)."""
    monkeypatch.setattr(ProgressLog, "BUSY_SECONDS", 0.2)
    path = tmp_path / "progress.sqlite"
    with ProgressLog(path) as log:
        log.add("bird-dog", reps=5)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute(f"PRAGMA journal_mode={journal}")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = _run([*LOG_COMMANDS[command], "--db", str(path)], capsys)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert 1 == code
    assert "is busy" in err
    assert "damaged" not in err
    assert 0 == main([*LOG_COMMANDS[command], "--db", str(path)])  # free again: it works


def test_a_read_only_log_is_read_and_never_written(tmp_path, capsys):
    """A log the learner may not write is listed; `log add` says it is read-only."""
    path = tmp_path / "progress.sqlite"
    with ProgressLog(path) as log:
        log.add("bird-dog", reps=5)
    path.chmod(0o444)
    before = path.read_bytes()
    # root may write any file it can read: for root the file is made immutable instead
    if os.geteuid() == 0 and subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("no way to make a file read-only for root on this file system")
    try:
        listed = _run(["log", "list", "--db", str(path)], capsys)
        added = _run(
            ["log", "add", "--exercise", "bird-dog", "--reps", "3", "--db", str(path)], capsys
        )
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)])
    assert (0, 1) == (listed[0], len(listed[1].strip().splitlines()))
    assert 1 == added[0]
    assert "is read-only, so nothing was written" in added[2]
    assert before == path.read_bytes()


# -- the workspace ----------------------------------------------------------------------------


def _nothing_written(monkeypatch) -> None:
    from exercises_lib import workspace

    def refuse(path, *_args, **_kwargs):
        raise AssertionError(f"wrote {path}")

    monkeypatch.setattr(workspace, "safe_write", refuse)


@pytest.mark.parametrize("where", ["/", "course", "course/lessons", "course/data/x"])
def test_the_workspace_is_never_over_the_course(where, course, monkeypatch):
    """`/`, the course folder and a folder inside it are refused before anything is written."""
    from exercises_lib.errors import UsageError
    from exercises_lib.workspace import sync_workspace

    _nothing_written(monkeypatch)
    workspace = Path("/") if where == "/" else course.parent / where
    with pytest.raises(UsageError, match="over the course's own files"):
        sync_workspace(course, workspace)


def test_update_into_the_course_folder_is_refused_from_the_command_line(capsys, monkeypatch):
    """`exercises update` with the workspace set to the course's own folder changes nothing."""
    from exercises_lib.coursefiles import course_dir

    lessons = sorted((course_dir() / "lessons").glob("*.ipynb"))
    assert lessons
    before = [p.read_bytes() for p in lessons]
    monkeypatch.setenv("EXERCISES_WORKSPACE", str(course_dir()))
    code, _, err = _run(["update"], capsys)
    assert 1 == code
    assert "over the course's own files" in err
    assert before == [p.read_bytes() for p in lessons]


def test_copies_are_not_written_through_a_planted_link(course, tmp_path):
    """A workspace whose lessons/ is a link elsewhere is refused; nothing lands there."""
    from exercises_lib.errors import UsageError
    from exercises_lib.workspace import sync_workspace

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    workspace = tmp_path / "mine"
    workspace.mkdir()
    (workspace / "lessons").symlink_to(elsewhere)
    with pytest.raises(UsageError, match="is a link"):
        sync_workspace(course, workspace)
    assert [] == list(elsewhere.iterdir())


def _course_changes(course: Path, name: str, words: str) -> None:
    lesson = nbformat.read(course / "lessons" / name, as_version=4)
    lesson.cells[0].source += f"\n\n{words}"
    nbformat.write(lesson, course / "lessons" / name)


def _edit(path: Path, words: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += f"\n\n{words}"
    nbformat.write(nb, path)


def test_an_edited_new_copy_is_kept_too(course, tmp_path):
    """A learner who edits NAME.new.ipynb keeps it; the next version goes to NAME.new-2.ipynb."""
    from exercises_lib.workspace import sync_workspace

    workspace, name = tmp_path / "mine", "04-bird-dog.ipynb"
    sync_workspace(course, workspace)
    _edit(workspace / "lessons" / name, "My note.")
    _course_changes(course, name, "Course change one.")
    sync_workspace(course, workspace, update=True)
    first = workspace / "lessons" / "04-bird-dog.new.ipynb"
    _edit(first, "My note in the new copy.")
    _course_changes(course, name, "Course change two.")
    report = sync_workspace(course, workspace, update=True)
    assert [(f"lessons/{name}", "lessons/04-bird-dog.new-2.ipynb")] == report.kept
    assert "My note in the new copy." in nbformat.read(first, as_version=4).cells[0].source
    second = nbformat.read(workspace / "lessons" / "04-bird-dog.new-2.ipynb", as_version=4)
    assert "Course change two." in second.cells[0].source
    assert [] == sync_workspace(course, workspace, update=True).lines()  # said once


@pytest.mark.parametrize("manifest", ["[1, 2]", '{"lessons/04-bird-dog.ipynb": 5}', "not json"])
def test_an_odd_manifest_or_a_broken_copy_keeps_the_learner_s_files(manifest, course, tmp_path):
    """A manifest of the wrong shape and a copy that is not JSON are kept, the new one beside."""
    from exercises_lib.workspace import MANIFEST, sync_workspace

    workspace = tmp_path / "mine"
    sync_workspace(course, workspace)
    broken = workspace / "lessons" / "04-bird-dog.ipynb"
    broken.write_text("{ my half-saved notes", encoding="utf-8")
    (workspace / MANIFEST).write_text(manifest, encoding="utf-8")
    _course_changes(course, "04-bird-dog.ipynb", "Course change.")
    report = sync_workspace(course, workspace, update=True)
    assert "{ my half-saved notes" == broken.read_text(encoding="utf-8")
    assert ("lessons/04-bird-dog.ipynb", "lessons/04-bird-dog.new.ipynb") in report.kept
    assert [] == report.updated


# -- caches -----------------------------------------------------------------------------------


def test_a_cache_folder_others_can_write_to_is_emptied_and_made_private(cold_caches):
    """A group- or world-writable cache folder loses what may have been planted, then is 0700."""
    from exercises_lib.userdata import cache_dir, cache_folder

    shared = cache_dir() / "validators"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    (shared / "exercise_planted.cpython-311.pyc").write_bytes(b"planted")
    assert shared == cache_folder("validators")
    assert ([], 0o700) == (list(shared.iterdir()), stat.S_IMODE(shared.stat().st_mode))


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_owned_by_someone_else_is_never_used(cold_caches):
    """Another user's cache folder is left alone and the catalog loads without a cache."""
    from exercises_lib.userdata import cache_dir, cache_folder

    theirs = cache_dir() / "catalogs"
    theirs.mkdir(parents=True)
    (theirs / "planted.marshal").write_bytes(b"planted")
    os.chown(theirs, 65534, 65534)
    assert cache_folder("catalogs") is None
    assert 0 < len(load_catalog(DATA))
    assert ["planted.marshal"] == [p.name for p in theirs.iterdir()]


def test_old_lesson_runs_are_pruned(tmp_path):
    """Only a lesson's most recently used runs stay in the cache; other lessons' are kept."""
    from exercises_lib.handouts.pack import RUNS_KEPT, _prune_runs

    for n in range(RUNS_KEPT + 3):
        run = tmp_path / f"04-bird-dog-{n:02d}.ipynb"
        run.write_text("{}", encoding="utf-8")
        os.utime(run, (1_000_000 + n, 1_000_000 + n))
    other = tmp_path / "05-bridge-overhead-reach-00.ipynb"
    other.write_text("{}", encoding="utf-8")
    unnamed = tmp_path / f"{'0a' * 16}.ipynb"  # a run cached before runs carried their lesson
    unnamed.write_text("{}", encoding="utf-8")
    _prune_runs(tmp_path, Path("04-bird-dog.ipynb"))
    kept = sorted(p.name for p in tmp_path.glob("04-bird-dog-*.ipynb"))
    expected = [f"04-bird-dog-{n:02d}.ipynb" for n in range(3, RUNS_KEPT + 3)]
    assert (expected, True, False) == (kept, other.exists(), unnamed.exists())


# -- many problems, long values ---------------------------------------------------------------


def test_thousands_of_problems_are_located_from_one_parse(data_copy, monkeypatch):
    """3,000 unknown moves: one node tree for the file, one "did you mean" index, 50 shown."""
    from exercises_lib import datachecks, validation
    from exercises_lib.errors import CatalogError

    count = 3000
    routine = data_copy / "routines" / "demo.yaml"
    head = routine.read_text(encoding="utf-8").split("items:")[0]
    items = "".join(f"  - exercise: not-a-move-{i}\n" for i in range(count))
    routine.write_text(f"{head}items:\n{items}", encoding="utf-8")
    composed, indexes = [], []
    real_compose, real_index = validation.compose, validation.Suggestions

    def counted_compose(text):
        composed.append(len(text))
        return real_compose(text)

    class CountedIndex(real_index):
        def __init__(self, choices):
            indexes.append(1)
            super().__init__(choices)

    monkeypatch.setattr(validation, "compose", counted_compose)
    monkeypatch.setattr(validation, "Suggestions", CountedIndex)
    monkeypatch.setattr(datachecks, "Suggestions", CountedIndex)
    with pytest.raises(CatalogError) as caught:
        load_catalog(data_copy)
    assert count == len(caught.value.problems)
    assert 1 == len(composed)
    assert len(indexes) < 50  # one per file or check, never one per problem
    lines = str(caught.value).splitlines()
    shown = CatalogError.SHOWN
    assert (shown + 2, f"  … and {count - shown} more") == (len(lines), lines[-1])


def test_a_huge_value_is_shortened_in_messages(capsys):
    """A 5,000-character id is named by its start and its length, not printed whole."""
    code, _, err = _run(["show", "x" * 5000], capsys)
    assert 1 == code
    assert re.search(r"x… \(500\d characters\)", err)
    assert len(err) < 600


def _run_bounded(code: str, cwd: Path | None = None) -> None:
    """``code`` in a child, which must raise nothing and stay within the bounds."""
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\n{PRINT_PEAK}"],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=180,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert_bounded(result)


def test_a_1_mb_option_stays_small():
    """A 1 MB exercise id, lesson name or region is refused within the bounds."""
    code = (
        "from exercises_lib.cli import main\n"
        "big = 'a' * 1_000_000\n"
        "for args in (['show', big], ['handouts', '--lessons', big, '--format', 'html'],"
        " ['list', '--region', big]):\n"
        "    assert main(args) == 1\n"
    )
    _run_bounded(code)


def test_a_notebook_with_1_mb_outputs_prints_in_under_200_mb(tmp_path):
    """A stranger's notebook with 1 MB outputs and text becomes a handout within the bounds."""
    nb = nbformat.v4.new_notebook()
    text = nbformat.v4.new_markdown_cell("# Notes\n\n" + "word " * 200_000)
    cell = nbformat.v4.new_code_cell("print('x')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * 1_000_000),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>" + "y" * 1_000_000}),
    ]
    nb.cells = [text, cell]
    nbformat.write(nb, tmp_path / "big.ipynb")
    code = (
        "from nbconvert.nbconvertapp import main\n"
        "try:\n    main(['--to', 'handout', 'big.ipynb'])\nexcept SystemExit:\n    pass\n"
    )
    _run_bounded(code, cwd=tmp_path)
    assert (tmp_path / "big.html").stat().st_size > 1_000_000


def test_a_plan_that_starts_later_says_when(tmp_path, capsys):
    """`plan today` before the start day says when the plan starts, and shows week 1."""
    from datetime import date, timedelta

    db = str(tmp_path / "log.sqlite")
    later = date.today() + timedelta(days=3)
    assert 0 == main(["plan", "start", "--db", db, "--date", later.isoformat()])
    capsys.readouterr()
    code, out, _ = _run(["plan", "today", "--db", db, "--format", "json"], capsys)
    day = json.loads(out)
    assert (0, True, 1) == (code, day["waiting"], day["week"])
    assert later.isoformat() in day["status"]


@pytest.mark.parametrize(
    "manifest",
    ['{"outputs": [1, 2]}', '{"outputs": {"bird-dog.html": 5}, "lessons": "../../etc"}', "[]"],
)
def test_an_odd_handouts_manifest_is_rebuilt_not_trusted(manifest, tmp_path, capsys):
    """A handouts folder's manifest of the wrong shape is dropped; the sheet is made again."""
    out = tmp_path / "pack"
    out.mkdir()
    (out / ".handouts.json").write_text(manifest, encoding="utf-8")
    args = ["handouts", "--exercises", "bird-dog", "--format", "html", "--out", str(out)]
    code, _, _ = _run(args, capsys)
    assert 0 == code
    assert "exercise-sheet.html" in [p.name for p in out.iterdir()]
    assert isinstance(json.loads((out / ".handouts.json").read_text())["outputs"], dict)


@pytest.mark.parametrize("command", ["present", "lab"])
@pytest.mark.parametrize("port", ["0", "70000", "-1", "http"])
def test_ports_out_of_range_are_refused(command, port, capsys):
    """A port that is not 1 to 65535 stops present and lab before any server starts."""
    with pytest.raises(SystemExit) as stopped:
        main([command, "--no-browser", "--port", port])
    assert 2 == stopped.value.code
    assert "port" in capsys.readouterr().err
