"""How fast is the handout pack against one nbconvert run per notebook and format?

In one run, from the course folder:
  baseline: for each lesson, `jupyter nbconvert --execute --to handout` and
            `--to handout_pdf` (a process, a kernel and, for PDF, a browser each);
  ours:     `build_handouts()` in this process: every lesson run once, HTML and PDF
            from the same run, one browser for all PDFs, plus the exercise sheets
            (extra work the baseline does not do).
Goal: ours <= 0.5 x baseline. The last line is one JSON object.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exercises_lib import load_catalog
from exercises_lib.handouts import build_handouts

REPO = Path(__file__).resolve().parent.parent


def baseline(lessons: list[Path], out: Path) -> int:
    runs = 0
    for lesson in lessons:
        for target in ("handout", "handout_pdf"):
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


def main() -> int:
    lessons = sorted((REPO / "lessons").glob("[0-9][0-9]-*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        written = build_handouts(Path(tmp) / "ours", load_catalog(), lessons_dir=REPO / "lessons")
        ours = time.perf_counter() - start
        start = time.perf_counter()
        runs = baseline(lessons, Path(tmp) / "baseline")
        base = time.perf_counter() - start
    ratio = ours / base
    print(f"lessons:                          {len(lessons)}")
    print(f"baseline: {runs} nbconvert runs      {base:.1f} s")
    print(
        f"ours: build_handouts, {len(written)} files   {ours:.1f} s  (lessons + sheets, HTML + PDF)"
    )
    print(f"ratio ours/baseline:              {ratio:.2f}x   (goal <= 0.5x)")
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
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
