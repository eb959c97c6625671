"""How fast are handouts, each against a floor measured in the same run?

  whole pack:   `build_handouts()` (every lesson run once, HTML and PDF, one browser for
                all PDFs, plus the exercise sheets) against one `jupyter nbconvert
                --execute --to handout` and `--to handout_pdf` per lesson.  Goal <= 0.5x.
  warm rebuild: the same pack again with nothing changed, against the cold build.
                Goal <= 0.2x.
  one exercise: `exercises handouts --exercises bird-dog --format pdf` in a fresh process
                (its three sheets) against a fresh process that starts Chromium through
                Playwright and prints one page.  Goal <= 3x.
The caches start empty (a private EXERCISES_HOME, no EXERCISES_CACHE). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quick import add_quick, empty_caches  # bench/ is the script's own folder

from exercises_lib import load_catalog
from exercises_lib.handouts import build_handouts

REPO = Path(__file__).resolve().parent.parent


def baseline(lessons: list[Path], out: Path, targets: tuple[str, ...]) -> int:
    runs = 0
    for lesson in lessons:
        for target in targets:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "jupyter",
                    "nbconvert",
                    "--execute",
                    "--to",
                    target,
                    "--output-dir",
                    str(out),
                    str(lesson),
                ],
                check=True,
                capture_output=True,
            )
            runs += 1
    return runs


ONE_PAGE = """
from playwright.sync_api import sync_playwright
from exercises_lib.browser import launch_options
with sync_playwright() as p:
    browser = p.chromium.launch(**launch_options())
    page = browser.new_page()
    page.set_content("<h1>One page</h1><p>Printed once.</p>")
    page.pdf()
    browser.close()
"""


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_quick(parser)
    args = parser.parse_args()
    lessons = sorted((REPO / "lessons").glob("[0-9][0-9]-*.ipynb"))
    if args.quick:
        lessons = lessons[:1]
    tries = 1 if args.quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        empty_caches(Path(tmp) / "home")  # a cold build
        catalog = load_catalog()
        start = time.perf_counter()
        # quick: one lesson and one exercise in HTML (the one-exercise run below prints a PDF)
        chosen = (
            {"lessons": [p.stem for p in lessons], "exercises": ["bird-dog"], "formats": ("html",)}
            if args.quick
            else {}
        )
        written = build_handouts(
            Path(tmp) / "ours", catalog, lessons_dir=REPO / "lessons", **chosen
        )
        ours = time.perf_counter() - start
        start = time.perf_counter()
        build_handouts(Path(tmp) / "ours", catalog, lessons_dir=REPO / "lessons", **chosen)
        warm = time.perf_counter() - start
        one = min(
            _timed(
                [
                    sys.executable,
                    "-m",
                    "exercises_lib",
                    "handouts",
                    "--exercises",
                    "bird-dog",
                    "--format",
                    "pdf",
                    "--force",
                    "--out",
                    str(Path(tmp) / "one"),
                ],
                REPO,
            )
            for _ in range(tries)
        )
        one_floor = min(_timed([sys.executable, "-c", ONE_PAGE], REPO) for _ in range(tries))
        start = time.perf_counter()
        targets = ("handout",) if args.quick else ("handout", "handout_pdf")
        runs = baseline(lessons, Path(tmp) / "baseline", targets)
        base = time.perf_counter() - start
    ratio, warm_ratio, one_ratio = ours / base, warm / ours, one / one_floor
    print(f"lessons:                          {len(lessons)}")
    print(f"baseline: {runs} nbconvert runs      {base:.1f} s")
    print(
        f"ours: build_handouts, {len(written)} files   {ours:.1f} s  (lessons + sheets, HTML + PDF)"
    )
    print(f"ratio ours/baseline:              {ratio:.2f}x   (goal <= 0.5x)")
    print(
        f"warm rebuild:                     {warm:.2f} s   {warm_ratio:.3f}x of cold (goal <= 0.2x)"
    )
    print(
        f"one exercise to PDF:              {one:.2f} s   floor {one_floor:.2f} s   {one_ratio:.2f}x (goal <= 3x)"
    )
    print(
        json.dumps(
            {
                "bench": "handouts",
                "lessons": len(lessons),
                "baseline_runs": runs,
                "baseline_s": round(base, 2),
                "ours_files": len(written),
                "ours_s": round(ours, 2),
                "ratio": round(ratio, 3),
                "goal_ratio": 0.5,
                "warm_s": round(warm, 3),
                "warm_ratio": round(warm_ratio, 4),
                "goal_warm_ratio": 0.2,
                "one_exercise_s": round(one, 3),
                "one_page_floor_s": round(one_floor, 3),
                "one_exercise_ratio": round(one_ratio, 3),
                "goal_one_exercise_ratio": 3.0,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
