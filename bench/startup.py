"""How quickly do the command line and a lesson's first cell answer, against bare floors?

Each figure is a fresh interpreter, timed from start to exit, best of several runs after
one warm-up run (so bytecode and the course's caches are there, as for a learner's second
command):

  cli list:     `python -m exercises_lib list`
  floor:        `python -c` that imports yaml and parses the same data files with libyaml
  first cell:   `Lesson("04-bird-dog")` and its card's HTML, as a lesson's first cells do
  floor:        `import ipywidgets` plus the same libyaml parse

Goals: cli list <= 3x its floor; first cell <= 2x its floor. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from quick import add_quick  # bench/ is the script's own folder

REPO = Path(__file__).resolve().parent.parent
PARSE = (
    "import yaml, glob\n"
    "loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    f"for f in sorted(glob.glob({str(REPO / 'data')!r} + '/**/*.yaml', recursive=True)):\n"
    "    yaml.load(open(f, encoding='utf-8').read(), Loader=loader)\n"
)
FIRST_CELL = (
    "from exercises_lib.course import Lesson\n"
    "lesson = Lesson('04-bird-dog')\n"
    "html = lesson.card('bird-dog').data\n"
    "assert lesson.catalog['bird-dog'].name in html\n"
)


# As on a learner's machine: Python keeps compiled bytecode, and the course its caches.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _best(command: list[str], repeat: int) -> float:
    subprocess.run(command, check=True, capture_output=True, cwd=REPO, env=ENV)  # warm caches
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=REPO, env=ENV)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    python = sys.executable
    cli = _best([python, "-m", "exercises_lib", "list"], args.repeat)
    cli_floor = _best([python, "-c", PARSE], args.repeat)
    cell = _best([python, "-c", FIRST_CELL], args.repeat)
    cell_floor = _best([python, "-c", "import ipywidgets\n" + PARSE], args.repeat)
    cli_ratio, cell_ratio = cli / cli_floor, cell / cell_floor
    print(
        f"cli list:           {cli:.3f} s   floor {cli_floor:.3f} s   ratio {cli_ratio:.2f}x (goal <= 3x)"
    )
    print(
        f"lesson first cell:  {cell:.3f} s   floor {cell_floor:.3f} s   ratio {cell_ratio:.2f}x (goal <= 2x)"
    )
    print(
        json.dumps(
            {
                "bench": "startup",
                "cli_list_s": round(cli, 4),
                "cli_floor_s": round(cli_floor, 4),
                "cli_ratio": round(cli_ratio, 3),
                "cli_goal": 3.0,
                "first_cell_s": round(cell, 4),
                "first_cell_floor_s": round(cell_floor, 4),
                "first_cell_ratio": round(cell_ratio, 3),
                "first_cell_goal": 2.0,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
