"""Handouts on paper: type sizes, large print, page fill, figures, the doctor's sheet, access.

The PDFs are read back with pdfplumber (sizes and positions of every character), so
these tests check what a printer prints, not what the HTML asks for.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from functools import cache
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from exercises_lib.browser import find_chromium
from exercises_lib.handouts import build_handouts
from exercises_lib.handouts.style import page_footer_text, page_margins_mm

from .conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_chromium() is None, reason="no Chromium found: run `make browser` to install one"
    ),
]

CHOSEN = ["bird-dog", "partial-crunch", "hamstring-stretch"]
MM = 72 / 25.4  # PDF points per millimetre


def _build(out: Path, catalog, paper: str, large: bool) -> Path:
    build_handouts(
        out,
        catalog,
        formats=("pdf", "html"),
        lessons=["04"],
        exercises=CHOSEN,
        trainer=True,
        paper=paper,
        large_print=large,
        lessons_dir=REPO / "lessons",
    )
    return out


@pytest.fixture(scope="module", params=["a4", "letter"])
def normal(request, tmp_path_factory, catalog) -> Path:
    """Lesson 04, three exercises' sheets and the trainer pack, in normal print."""
    return _build(tmp_path_factory.mktemp(f"normal-{request.param}"), catalog, request.param, False)


@pytest.fixture(scope="module")
def large(tmp_path_factory, catalog) -> Path:
    """The same handouts in large print, on A4."""
    return _build(tmp_path_factory.mktemp("large"), catalog, "a4", True)


def _pdfs(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.pdf"))
    assert len(found) >= 6, [p.name for p in found]
    return found


# Each PDF is parsed once for the whole module: the tests below only read what was parsed.
@cache
def _layout(path: Path) -> tuple[float, list[list[dict]], list[dict]]:
    """A PDF's page height, every visible character of every page (with its size and
    position), and every word of every page (with its size), parsed once."""
    with pdfplumber.open(path) as pdf:
        height = pdf.pages[0].height
        chars = [[c for c in page.chars if c["text"].strip()] for page in pdf.pages]
        words = [
            {**w, "page": n}
            for n, page in enumerate(pdf.pages)
            for w in page.extract_words(extra_attrs=["size"])
        ]
    return height, chars, words


def _height(path: Path) -> float:
    return _layout(path)[0]


def _chars(path: Path) -> list[list[dict]]:
    """Every visible character of every page, with its size and position."""
    return _layout(path)[1]


def _words(path: Path) -> list[dict]:
    """Every word of every page, with its size, position and page number."""
    return _layout(path)[2]


@cache
def _page_texts(path: Path) -> list[str]:
    """The text of each page, as pypdf reads it."""
    return [page.extract_text() for page in PdfReader(path).pages]


def _body(page_chars: list[dict], height: float, large: bool) -> list[dict]:
    """The characters inside print_css's page margins: no running header or footer."""
    top, bottom = (m * MM for m in page_margins_mm(large))
    return [c for c in page_chars if c["top"] > top and c["bottom"] < height - bottom]


def test_type_is_big_enough(normal):
    """Nothing prints under 8 pt, footers and figure labels included; most text is 10.5 pt or more."""
    for path in _pdfs(normal):
        sizes = [c["size"] for page in _chars(path) for c in page]
        assert sizes, path.name
        assert min(sizes) >= 8 - 0.05, (path.name, min(sizes))
        assert statistics.median(sizes) >= 10.5 - 0.05, (path.name, statistics.median(sizes))


def test_large_print_is_large(large):
    """Large print sets most text at 14 pt or more, and nothing under 10 pt."""
    pdfs = [p for p in _pdfs(large) if p.stem.endswith("-large-print")]
    assert len(pdfs) == len(list(large.glob("*.pdf")))
    for path in pdfs:
        sizes = [c["size"] for page in _chars(path) for c in page]
        assert statistics.median(sizes) >= 14 - 0.05, (path.name, statistics.median(sizes))
        assert min(sizes) >= 10 - 0.05, (path.name, min(sizes))


def test_large_print_puts_each_exercise_on_its_own_page(large, catalog):
    """In large print every exercise card starts a new page, at its top."""
    height = _height(large / "exercise-sheet-large-print.pdf")
    pages = [
        " ".join(c["text"] for c in _body(page, height, True)).replace(" ", "")
        for page in _chars(large / "exercise-sheet-large-print.pdf")
    ]
    for exercise_id in CHOSEN:
        name = catalog[exercise_id].name.replace(" ", "")
        assert any(text.startswith(name) for text in pages), name


def test_large_print_leaves_no_page_near_empty(large):
    """No large-print page before the last holds only a few lines (the tail of a box or card)."""
    for path in _pdfs(large):
        height = _height(path)
        top, bottom = (m * MM for m in page_margins_mm(True))
        for n, page in enumerate(_chars(path)[:-1], 1):
            body = _body(page, height, True)
            assert body, (path.name, n)
            fill = (max(c["bottom"] for c in body) - top) / (height - bottom - top)
            assert fill >= 0.4, (path.name, n, round(fill, 2))


# Large print's page budgets for the three chosen exercises: two pages open the exercise
# sheet (the safety box, how to do it safely), then each exercise starts a page and takes
# two at most; the log and the flare-up plan take the safety box's page and one more.
LARGE_BUDGETS = {
    "exercise-sheet-large-print.pdf": 2 + 2 * len(CHOSEN),
    "clinician-review-large-print.pdf": 6,
    "weekly-log-large-print.pdf": 2,
    "flare-up-plan-large-print.pdf": 2,
}


def test_large_print_keeps_its_page_budgets(large):
    """Large print wastes no paper: each sheet keeps to its budget (it had 9, 6, 3 and 2)."""
    for name, budget in LARGE_BUDGETS.items():
        pages = len(_chars(large / name))
        assert pages <= budget, (name, pages, budget)


def _drawn_bottoms(page) -> list[float]:
    """Where each box edge, rule or filled shade on a page ends (white fills are paper)."""

    def paper(shape) -> bool:
        colour = shape.get("non_stroking_color")
        return (
            bool(shape.get("fill"))
            and not shape.get("stroke")
            and colour is not None
            and (
                all(abs(c - 1) < 0.01 for c in (colour if isinstance(colour, tuple) else (colour,)))
            )
        )

    return [s["bottom"] for s in page.rects + page.curves + page.lines if not paper(s)]


def _footer_top(page, footer: str) -> float:
    """Where the running footer starts: the top of its first words, the lowest of their
    copies on the page (the safety box may say the same words; sheets and lessons have
    margins of their own)."""
    chars = [c for c in page.chars if c["text"].strip()]
    text = "".join(c["text"] for c in chars)
    start = re.sub(r"\s+", "", footer)[:20]
    tops = [chars[m.start()]["top"] for m in re.finditer(re.escape(start), text)]
    assert tops, text[-200:]
    return max(tops)


def _boxes_clear_of_the_footer(folder: Path, footer: str) -> None:
    for path in _pdfs(folder):
        with pdfplumber.open(path) as pdf:
            for n, page in enumerate(pdf.pages, 1):
                top = _footer_top(page, footer)
                drawn = [b for b in _drawn_bottoms(page) if b < top + 40]  # not the footer's own
                if drawn:
                    gap = (top - max(drawn)) / MM
                    assert gap >= 2, (path.name, n, round(gap, 1))


def test_no_box_runs_into_the_footer(normal, catalog):
    """On every page of every print, a box split by the page break closes at least 2 mm
    above the running footer's first line (it met the footer before)."""
    _boxes_clear_of_the_footer(normal, page_footer_text(catalog.safety))


def test_no_box_runs_into_the_footer_in_large_print(large, catalog):
    _boxes_clear_of_the_footer(large, page_footer_text(catalog.safety))


def test_doctor_reads_each_caution_on_one_wide_line(large, catalog):
    """In large print the doctor's sheet sets each caution full width: a short caution on one line."""
    with pdfplumber.open(large / "clinician-review-large-print.pdf") as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    cautions = [c for e in CHOSEN for c in catalog[e].cautions if len(c) <= 60]
    assert cautions
    for caution in cautions:
        assert any(caution in line for line in lines), caution


def test_a_printed_quiz_question_keeps_its_choices(normal, catalog):
    """Each question of lesson 04's quiz prints on the same page as its last choice."""
    quiz = catalog.quiz("04-bird-dog")
    pages = [
        re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page))
        for page in _page_texts(normal / "lesson-04-bird-dog.pdf")
    ]
    questions = quiz.questions
    assert questions
    for question in questions:
        prompt = re.sub(r"\s+", " ", question.prompt)
        last = re.sub(r"\s+", " ", question.choices[-1].text)
        asked = [i for i, text in enumerate(pages) if prompt in text]
        assert asked, prompt
        assert any(last in pages[i] for i in asked), prompt


def test_paper_says_what_to_do_with_the_sheet(normal):
    """A printed lesson drops "press Start" and "pick an answer" for what to do on paper."""
    text = re.sub(
        r"\s+",
        " ",
        " ".join(_page_texts(normal / "lesson-04-bird-dog.pdf")),
    )
    html = (normal / "lesson-04-bird-dog.html").read_text(encoding="utf-8")
    for page in (text, html):
        assert "press Start" not in page.replace("<strong>", "").replace("</strong>", "")
        assert "Pick an answer" not in page
        assert "With a pen: tick the answer you think is right." in page
        assert "On paper: time each hold with a clock or a phone" in page


def test_no_page_before_the_last_is_half_empty(normal):
    """Blocks move to the next page only when they do not fit: every page but the last is at least half full."""
    for path in _pdfs(normal):
        height = _height(path)
        pages = _chars(path)
        top, bottom = page_margins_mm()
        top, bottom = top * MM, height - bottom * MM
        for n, page in enumerate(pages[:-1], 1):
            body = _body(page, height, False)
            assert body, (path.name, n)
            fill = (max(c["bottom"] for c in body) - top) / (bottom - top)
            assert fill >= 0.5, (path.name, n, round(fill, 2))


def test_three_exercises_print_on_four_pages(normal):
    """Three chosen exercises, with the at-a-glance table, take at most four pages."""
    pages = _page_texts(normal / "exercise-sheet.pdf")
    assert 2 <= len(pages) <= 4


def test_the_flare_up_plan_prints_on_one_page(normal):
    """The flare-up plan is one page to keep at hand, warning signs and all."""
    pages = _page_texts(normal / "flare-up-plan.pdf")
    assert len(pages) == 1
    assert "warning sign" in pages[0] and "pharmacist" in pages[0]


def test_safety_box_never_stands_alone_on_the_last_page(normal, catalog):
    """The last page always holds more than the safety box."""
    safety = catalog.safety
    boxed = [
        safety.stop_rule,
        safety.disclaimer,
        *(sign for level in safety.warning_signs.levels for sign in level.short),
        *safety.ask_first.items,
        safety.credit.citation,
    ]
    for path in _pdfs(normal):
        last = re.sub(r"\s+", " ", _page_texts(path)[-1])
        for text in boxed:
            last = last.replace(re.sub(r"\s+", " ", text), "")
        left = re.sub(r"Page \d+ of \d+|A stronger lower back|[^A-Za-z]", "", last)
        assert len(left) > 80, (path.name, last[:200])


def test_figures_are_wide_with_readable_labels(normal):
    """Start and end poses sit side by side, each at least 5 cm wide, labelled in 8 pt or more."""
    pairs = []
    every = _words(normal / "exercise-sheet.pdf")
    for n in sorted({w["page"] for w in every}):
        words = [w for w in every if w["page"] == n]
        # a figure's label, not the at-a-glance column "Start at"
        after = {id(w): nxt["text"] for w, nxt in pairwise(words)}
        starts = [w for w in words if w["text"] == "Start" and after.get(id(w)) != "at"]
        ends = [w for w in words if w["text"] == "End"]
        for start in starts:
            end = next(e for e in ends if abs(e["top"] - start["top"]) < 2)  # side by side
            pairs.append((start, end))
    assert len(CHOSEN) == len(pairs)
    for start, end in pairs:
        centre_gap = (end["x0"] + end["x1"]) / 2 - (start["x0"] + start["x1"]) / 2
        assert centre_gap >= 50 * MM, centre_gap / MM
        assert min(start["size"], end["size"]) >= 8 - 0.05


def test_doctor_signs_on_the_page_of_the_last_exercise(normal, catalog):
    """The signature shares a page with the last exercise's review block."""
    pages = _page_texts(normal / "clinician-review.pdf")
    last_name = catalog[CHOSEN[-1]].name
    signed = [i for i, text in enumerate(pages) if "Signature:" in text]
    reviewed = [i for i, text in enumerate(pages) if f"{last_name} (level:" in text]
    assert 1 == len(signed) and signed == reviewed
    assert len(CHOSEN) == " ".join(pages).count("OK to try")


def test_every_print_carries_both_warning_levels(normal, large, catalog):
    """Every sheet and lesson handout, normal or large, prints both levels of warning signs."""
    for path in [*_pdfs(normal), *_pdfs(large)]:
        text = re.sub(r"\s+", " ", " ".join(_page_texts(path)))
        for level in catalog.safety.warning_signs.levels:
            short = all(re.sub(r"\s+", " ", sign) in text for sign in level.short)
            full = all(re.sub(r"\s+", " ", sign) in text for sign in level.items)
            assert short or full, (path.name, level.heading)


def test_pdfs_are_tagged_for_screen_readers(normal):
    """Chromium tags the PDFs (a structure tree a screen reader can follow) and adds bookmarks."""
    for path in _pdfs(normal):
        root = PdfReader(io.BytesIO(path.read_bytes())).trailer["/Root"]
        assert "/StructTreeRoot" in root, path.name
        assert root["/MarkInfo"]["/Marked"], path.name


def test_warning_signs_print_at_10_pt_or_more(normal, catalog):
    """On every sheet the short warning signs print one a line, at 10 pt or more."""
    sign = catalog.safety.warning_signs.urgent.short[0]
    first_word = sign.split()[0]
    checked = 0
    for path in _pdfs(normal):
        words = _words(path)
        text = " ".join(w["text"] for w in words)
        if sign not in text:
            continue  # a page that lists the signs in full instead (screening form, pack)
        start = text.index(sign)
        offset = len(text[:start].split())
        assert first_word == words[offset]["text"], path.name
        sizes = [w["size"] for w in words[offset : offset + len(sign.split())]]
        assert min(sizes) >= 10 - 0.05, (path.name, min(sizes))
        checked += 1
    assert checked >= 3


def test_the_feel_scale_on_the_exercise_sheet_prints_at_10_pt_or_more(normal, catalog):
    """Safety text on paper is 10 pt or more: the feel scale's words on the exercise sheet
    (they were 9.5 pt) as well as the warning signs."""
    levels = catalog.safety.feel.levels
    assert levels
    sheets = [p for p in _pdfs(normal) if p.stem.startswith("exercise-sheet")]
    assert sheets
    for path in sheets:
        words = _words(path)
        for level in levels:
            first = level.signs.split()[:3]
            found = [
                n for n in range(len(words) - 3) if [w["text"] for w in words[n : n + 3]] == first
            ]
            assert found, (path.name, level.signs)
            sizes = [w["size"] for w in words[found[0] : found[0] + 3]]
            assert min(sizes) >= 10 - 0.05, (path.name, level.level, min(sizes))
