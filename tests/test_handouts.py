"""Handouts: nbconvert exporters, sheets from data, the pack, PDFs checked by their text."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from html import escape
from pathlib import Path

import nbformat
import pytest
from nbconvert.exporters import get_export_names, get_exporter
from pypdf import PdfReader

from exercises_lib import load_catalog
from exercises_lib.browser import BROWSER_ENV, find_chromium
from exercises_lib.cli import main
from exercises_lib.errors import UsageError
from exercises_lib.handouts import (
    HandoutExporter,
    HandoutPDFExporter,
    build_handouts,
    clinician_sheet_html,
    exercise_sheet_html,
    weekly_log_html,
)
from exercises_lib.handouts.pack import safe_name
from exercises_lib.notebooks import lesson_paths, lesson_title
from exercises_lib.rendering import dose_line

from .conftest import DATA, REPO, all_sheets

STOP_MINUTES = load_catalog(DATA).safety.stop_minutes

needs_browser = pytest.mark.skipif(
    find_chromium() is None, reason="no Chromium found: run `make browser` to install one"
)
# What must never reach paper: code, widget debris, and a heading's "¶" self-link (m6).
LEAKS = ("import ", "In [", "VBox(", "HBox(", "widget-view", "Loading widget", "Traceback", "¶")


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class TestExporters:
    def test_entry_points(self):
        """nbconvert finds both exporters by name, which JupyterLab's export menu shows;
        the course's settings add no second set of entries."""
        assert {"handout", "handout_pdf"} <= set(get_export_names())
        overrides = json.loads(
            (REPO / "exercises_lib" / "jupyterlab" / "overrides.json").read_text()
        )
        assert "jp-mainmenu-file-notebookexport" not in json.dumps(overrides)
        assert HandoutExporter is get_exporter("handout")
        assert HandoutPDFExporter is get_exporter("handout_pdf")
        assert "Handout (PDF)" == HandoutPDFExporter.export_from_notebook

    def test_lesson_html_is_clean(self):
        """An unexecuted lesson is run, then exported with cards and footer but no code or scripts."""
        nb = nbformat.read(REPO / "lessons" / "04-bird-dog.ipynb", as_version=4)
        html, _ = HandoutExporter().from_notebook_node(
            nb, resources={"metadata": {"name": "04-bird-dog", "path": str(REPO / "lessons")}}
        )
        assert 'data-exercise="bird-dog"' in html
        first = catalog_first_reps("bird-dog")
        assert f"Bird Dog — hold 4 s — left {'☐' * first} " in html
        assert 1 == len(re.findall(r'class="exl-footer[ "]', html))
        assert "<script" not in html
        assert "@jupyter-widgets/html-manager" not in html
        assert "Trainer notes" not in html
        assert "from exercises_lib" not in html

    def test_large_print_option(self, catalog):
        """`--HandoutExporter.large_print=True` sets the handout in large type, one card a page."""
        nb = nbformat.read(REPO / "lessons" / "06-gentle-extras.ipynb", as_version=4)
        normal, _ = HandoutExporter(safety=catalog.safety).from_notebook_node(nb)
        large, _ = HandoutExporter(large_print=True, safety=catalog.safety).from_notebook_node(nb)
        body = (
            'font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: {}'
        )
        assert body.format("11pt") in normal and body.format("14.5pt") in large
        assert "body.exl-handout .exl-card + .exl-card { break-before: page; }" in large


class TestSheets:
    def test_exercise_sheet_holds_exactly_the_selection(self, catalog):
        """The exercise sheet has the chosen cards and no others."""
        chosen = [catalog[i] for i in ("bird-dog", "partial-crunch", "pelvic-tilt")]
        html = exercise_sheet_html([(e, e.dose) for e in chosen], catalog.safety)
        found = re.findall(r'data-exercise="([^"]+)"', html)
        assert ["bird-dog", "partial-crunch", "pelvic-tilt"] == found

    def test_clinician_sheet_boxes(self, catalog):
        """Each exercise gets OK to try / Not yet / with changes, and there is a signature line."""
        chosen = [catalog[i] for i in ("bird-dog", "pelvic-tilt")]
        html = clinician_sheet_html([(e, e.dose) for e in chosen], catalog.safety)
        assert 2 == html.count("☐ OK to try")
        assert 2 == html.count("☐ Not yet")
        assert "Signature:" in html

    def test_weekly_log_grid(self, catalog):
        """The log has 7 days for left and right of a per-side move, pain, the stop rule and notes."""
        bird = catalog["bird-dog"]
        html = weekly_log_html([(bird, bird.dose)], catalog.safety)
        assert 14 == html.count('<td class="exl-box">☐</td>')
        for row in (
            "Pain before the session (0-10)",
            "Pain after the session (0-10)",
            f"Pain lasted over {STOP_MINUTES} minutes? Y / N",
            "Notes",
        ):
            assert f"<strong>{row}</strong>" in html
        yes_no_rows = ("Pain lasted over", "Sharp, shooting or spreading", "worse the next morning")
        assert all(row in html for row in yes_no_rows)
        assert 7 * len(yes_no_rows) == html.count('<td class="exl-yn">Y / N</td>')
        stop = html.index(f"<strong>Stop rule:</strong> {catalog.safety.stop_rule}")
        assert stop < html.index('<table class="exl-log">')

    def test_clinician_sheet_has_what_a_doctor_needs(self, catalog):
        """Patient questions, each exercise's source, dose fields to change, and the version."""
        from exercises_lib import __version__

        chosen = [(catalog[i], catalog[i].dose) for i in ("bird-dog", "hamstring-stretch")]
        html = clinician_sheet_html(chosen, catalog.safety, printed=date(2026, 11, 27))
        for field in (
            "Medicines:",
            "Health conditions:",
            "Past injuries or operations:",
            "worse, or better:",
        ):
            assert field in html
        assert "from the article by Joan E. Wilder" in html
        assert "from general back-care practice, not the article" in html
        assert 2 == html.count("<th>Change to</th>")
        assert 2 == html.count("<tr><th>Days a week</th><td>3</td><td>3</td><td></td></tr>")
        assert 4 == html.count('class="exl-lines"')
        assert f"version {__version__}, printed 2026-11-27" in html
        keep = html.index('<div class="exl-keep">')
        assert html.index('data-exercise="hamstring-stretch"') > keep
        assert html.index("Signature:") > keep

    def test_the_doctor_sees_where_each_move_starts_and_how_the_plan_moves(self, catalog):
        """N-W9, N-M4: start and build-up doses side by side, and the plan's rules to change."""
        from exercises_lib.rulebook import starting_dose

        bird = catalog["bird-dog"]
        start = starting_dose(catalog, bird)
        assert start.reps != bird.dose.reps  # the plan starts lower than the card
        program = catalog.program("six-weeks")
        html = clinician_sheet_html(
            [(bird, bird.dose)], catalog.safety, starts={bird.id: start}, program=program
        )
        reps = f"<tr><th>Reps</th><td>{start.reps} on each side</td><td>{bird.dose.reps} on each side</td>"
        assert reps in html
        assert program.rules
        for rule in program.rules:
            assert escape(rule.text) in html
        assert len(program.rules) == html.count("Change to:")
        sheet = exercise_sheet_html([(bird, bird.dose)], catalog.safety, starts={bird.id: start})
        assert dose_line(start) in sheet and dose_line(bird.dose) in sheet

    def test_every_sheet_carries_safety(self, catalog):
        """Every sheet has the disclaimer, stop rule, avoid list, both warning levels and credit."""
        bird = catalog["bird-dog"]
        for make in (exercise_sheet_html, clinician_sheet_html, weekly_log_html):
            html = make([(bird, bird.dose)], catalog.safety)
            for text in (
                "not a substitute",
                f"more than {STOP_MINUTES} minutes",
                "toe touches",
                "Joan E. Wilder",
                *(
                    escape(sign)
                    for level in catalog.safety.warning_signs.levels
                    for sign in level.short
                ),
            ):
                assert text in html, (make.__name__, text)


class TestPack:
    def test_names_are_sanitised(self):
        """Output names keep only lowercase letters, digits and hyphens."""
        assert "etc-passwd" == safe_name("../../etc/passwd")
        assert "03-bird-dog" == safe_name("03-Bird Dog")

    def test_unknown_lesson_lists_choices(self):
        """An unknown lesson number is refused with the valid ones."""
        with pytest.raises(ValueError, match="04-bird-dog"):
            lesson_paths(REPO / "lessons", ["42"])

    def test_a_folder_without_lessons_never_lists_nothing(self, tmp_path):
        """An empty lessons folder is refused by name, with the option that fixes it."""
        with pytest.raises(
            UsageError, match=f"no lesson notebooks .* in {tmp_path}; pass --lessons-dir"
        ):
            lesson_paths(tmp_path, ["04"])

    def test_new_copies_are_not_lessons_and_titles_come_from_the_heading(self, tmp_path):
        """`NN-name.new.ipynb` beside a learner's copy is not listed; a lesson's title is its heading."""
        for path in sorted((REPO / "lessons").glob("0[0-4]-*.ipynb")):
            shutil.copy(path, tmp_path / path.name)
        shutil.copy(REPO / "lessons" / "04-bird-dog.ipynb", tmp_path / "04-bird-dog.new.ipynb")
        found = lesson_paths(tmp_path)
        assert ["00", "01", "02", "03", "04"] == [p.name[:2] for p in found]
        assert "04 · Bird Dog" == lesson_title(tmp_path / "04-bird-dog.ipynb")

    def test_html_only_pack_for_a_routine(self, tmp_path, catalog):
        """A routine's sheets are named after it and hold its exercises at its doses."""
        written = build_handouts(
            tmp_path, catalog, formats=("html",), routine="starter", lessons_dir=REPO / "lessons"
        )
        names = sorted(p.name for p in written)
        expected = [
            "routine-starter-clinician-review.html",
            "routine-starter-exercise-sheet.html",
            "routine-starter-flare-up-plan.html",
            "routine-starter-weekly-log.html",
        ]
        assert expected == names
        sheet = (tmp_path / "routine-starter-exercise-sheet.html").read_text()
        bird = next(i for i in catalog.routine("starter").items if i.exercise.id == "bird-dog")
        assert bird.dose.reps.target != catalog["bird-dog"].dose.reps.target
        assert (
            f"{bird.dose.reps.target} on each side" in sheet
        )  # the routine's dose, not the card's

    def test_failed_build_keeps_earlier_files(self, tmp_path, monkeypatch, catalog):
        """If a build fails part way, files from the last build stay whole."""
        earlier = tmp_path / "exercise-sheet.html"
        earlier.write_text("earlier build")
        from exercises_lib.handouts import pack

        def broken(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(pack, "safe_write", broken)
        with pytest.raises(RuntimeError):
            build_handouts(tmp_path, catalog, formats=("html",), exercises=["bird-dog"])
        assert "earlier build" == earlier.read_text()
        assert [earlier] == list(tmp_path.iterdir())

    def test_safe_write_leaves_no_half_file(self, tmp_path, monkeypatch):
        """safe_write either replaces the file whole or leaves it as it was."""
        from exercises_lib import userdata

        target = tmp_path / "a.html"
        target.write_text("old")

        def full_disk(fd):
            raise OSError("no space left on device")

        monkeypatch.setattr(userdata.os, "fsync", full_disk)
        with pytest.raises(userdata.WriteRefused, match="no space left on device"):
            userdata.safe_write(target, "new")
        assert ("old", ["a.html"]) == (target.read_text(), [p.name for p in tmp_path.iterdir()])


class TestCli:
    def test_unknown_exercise(self, tmp_path, capsys):
        """An unknown exercise id is refused with a suggestion, exit 1, nothing written."""
        assert 1 == main(
            ["handouts", "--out", str(tmp_path), "--format", "html", "--exercises", "bird-dgo"]
        )
        assert "Did you mean 'bird-dog'?" in capsys.readouterr().err
        assert [] == list(tmp_path.iterdir())

    def test_missing_browser_says_how_to_get_one(self, tmp_path, capsys, monkeypatch):
        """Without a browser, PDF building stops at once with the install commands."""
        monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-such-chrome"))
        assert 1 == main(["handouts", "--out", str(tmp_path / "out"), "--exercises", "bird-dog"])
        err = capsys.readouterr().err
        assert "apt-get install chromium" in err and "playwright install chromium" in err
        assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def pack(tmp_path_factory, catalog):
    """Lesson 04 and the sheets for three exercises, as PDF on Letter paper, built once."""
    out = tmp_path_factory.mktemp("pack")
    build_handouts(
        out,
        catalog,
        formats=("pdf",),
        lessons=["04"],
        exercises=["bird-dog", "partial-crunch", "pelvic-tilt"],
        paper="letter",
        lessons_dir=REPO / "lessons",
    )
    return out


@needs_browser
@pytest.mark.slow
class TestPdf:
    def test_pack_files(self, pack):
        """The pack holds the lesson and the four sheets as PDF (and the keys that remake them)."""
        names = sorted(p.name for p in pack.glob("*.pdf"))
        assert (pack / ".handouts.json").is_file()
        expected = [
            "clinician-review.pdf",
            "exercise-sheet.pdf",
            "flare-up-plan.pdf",
            "lesson-04-bird-dog.pdf",
            "weekly-log.pdf",
        ]
        assert expected == names

    def test_every_page_has_stop_rule_and_credit(self, pack):
        """Each page of each PDF carries the disclaimer, the stop rule and the source."""
        files = sorted(pack.glob("*.pdf"))
        assert files
        for path in files:
            pages = _pdf_pages(path)
            assert pages, path
            for number, text in enumerate(pages, 1):
                flat = _flat(text)
                for part in (
                    "not a substitute",
                    f"more than {STOP_MINUTES} minutes",
                    "Joan E. Wilder",
                ):
                    assert part in flat, (path.name, number, part)

    def test_lesson_pdf_content_and_no_leaks(self, pack):
        """The lesson PDF shows name, dose and avoid list, and no code or widget debris."""
        text = _flat(" ".join(_pdf_pages(pack / "lesson-04-bird-dog.pdf")))
        for part in (
            "Bird Dog",
            "4 seconds each time",
            "10 on each side",
            "toe touches, sit-ups, leg lifts",
        ):
            assert part in text
        for leak in LEAKS:
            assert leak not in text

    def test_every_pdf_carries_both_warning_levels(self, pack, catalog):
        """Every handout PDF gives both levels of warning signs, word for word from the data."""
        files = sorted(pack.glob("*.pdf"))
        assert files
        for path in files:
            text = _flat(" ".join(_pdf_pages(path)))
            for level in catalog.safety.warning_signs.levels:
                for sign in level.short:
                    assert _flat(sign) in text, (path.name, sign)

    def test_lesson_pdf_ends_with_answer_key(self, pack, catalog):
        """A printed lesson's last page is its quiz's answer key."""
        pages = _pdf_pages(pack / "lesson-04-bird-dog.pdf")
        last = _flat(pages[-1])
        assert "Answer key" in last
        assert "4 seconds, 10 times on each side" in last

    def test_letter_paper(self, pack):
        """--paper letter gives US Letter pages (612 x 792 points)."""
        page = PdfReader(io.BytesIO((pack / "weekly-log.pdf").read_bytes())).pages[0]
        assert (612, 792) == (round(float(page.mediabox.width)), round(float(page.mediabox.height)))

    def test_nbconvert_command_line(self, tmp_path):
        """`jupyter nbconvert --to handout_pdf` works on a lesson."""
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "handout_pdf",
                "--output-dir",
                str(tmp_path),
                str(REPO / "lessons" / "05-bridge-overhead-reach.ipynb"),
            ],
            capture_output=True,
            text=True,
        )
        assert 0 == out.returncode, out.stderr
        text = _flat(" ".join(_pdf_pages(tmp_path / "05-bridge-overhead-reach.pdf")))
        assert "Bridge with Overhead Reach" in text


class TestPicker:
    def test_nothing_chosen(self, tmp_path, catalog):
        """With nothing chosen, the picker says what to do and writes nothing."""
        from exercises_lib.widgets.picker import HandoutPicker

        picker = HandoutPicker(catalog, course_dir=REPO)
        picker.out.value = str(tmp_path)
        assert [] == picker.build()
        assert "Choose at least one" in picker.status.value

    def test_builds_chosen_sheets_with_links(self, tmp_path, catalog):
        """Chosen exercises as HTML give the three sheets, listed as links."""
        from exercises_lib.widgets.picker import HandoutPicker

        picker = HandoutPicker(catalog, course_dir=REPO)
        picker.out.value = str(tmp_path)
        picker.exercises.value = ("pelvic-tilt",)
        picker.format.value = "html"
        picker.build_button.click()
        assert 4 == len(list(tmp_path.glob("*.html")))
        assert 4 == picker.status.value.count("<a href=")


def test_lesson_handout_uses_the_chosen_data(data_copy, tmp_path):
    """With --data, the lesson handout's page footer comes from that folder's safety rules."""
    safety = data_copy / "safety.yaml"
    safety.write_text(
        safety.read_text().replace(
            "stop exercising and contact a doctor.", "stop and call your doctor now."
        )
    )
    build_handouts(
        tmp_path / "out",
        load_catalog(data_copy),
        formats=("html",),
        lessons=["02"],
        lessons_dir=REPO / "lessons",
    )
    html = (tmp_path / "out" / "lesson-02-why-sitting-hurts.html").read_text()
    assert "stop and call your doctor now." in html
    assert "stop exercising and contact a doctor" not in html


def catalog_first_reps(exercise_id: str) -> int:
    """The reps a lesson's timer starts an exercise at (the plan's first dose)."""
    from exercises_lib import load_catalog
    from exercises_lib.rulebook import starting_dose

    catalog = load_catalog(REPO / "data")
    return starting_dose(catalog, catalog[exercise_id]).reps.target


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
def test_every_sheet_keeps_its_styles_in_the_head(catalog, large):
    """No <style> stands between </head> and <body>, or in the body: that is a parse error."""
    sheets = all_sheets(catalog, large=large)
    assert sheets
    late = {
        name: html.count("<style", html.index("</head>"))
        for name, html in sheets.items()
        if "<style" in html[html.index("</head>") :]
    }
    assert {} == late
    assert "landscape" in sheets["weekly log"].split("</head>")[0] or not large
