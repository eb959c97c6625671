"""Does reporting a data folder's problems stay fast, whatever their count?

Writes the shipped data with one routine that names N unknown exercises (300, 3,000 and
30,000 by default), then times in one run, for each N:
  baseline: load the shipped data, checked, with no problem in it, plus parse the
            routine once and compose its node tree once (what finding every problem's
            line needs at the least);
  ours:     load_catalog() up to its CatalogError, every problem located and explained,
            the message built (the first 50 listed, then "and N more").
Goal: ours <= 2.5 x baseline at every size (a "did you mean" for each unknown id is
real work), so the cost grows with the file, not with the problems times the file. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from catalog import best_of  # bench/ is this script's folder: the same timing as the others
from quick import add_quick, empty_caches  # bench/ is the script's own folder

from exercises_lib import load_catalog
from exercises_lib.errors import CatalogError
from exercises_lib.loading import default_data_dir
from exercises_lib.userdata import cache_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
GOAL = 2.5


def make_data(target: Path, unknown: int) -> Path:
    shutil.copytree(default_data_dir(), target, dirs_exist_ok=True)
    routine = target / "routines" / "demo.yaml"
    head = routine.read_text(encoding="utf-8").split("items:")[0]
    items = "".join(f"  - exercise: not-a-move-{i}\n" for i in range(unknown))
    routine.write_text(f"{head}items:\n{items}", encoding="utf-8")
    return routine


def floor(routine: Path) -> int:
    shutil.rmtree(cache_dir() / "catalogs", ignore_errors=True)
    load_catalog(default_data_dir())
    text = routine.read_text(encoding="utf-8")
    yaml.load(text, Loader=_Loader)
    yaml.compose(text, Loader=_Loader)
    return len(text)


def report(folder: Path) -> int:
    shutil.rmtree(cache_dir() / "catalogs", ignore_errors=True)
    try:
        load_catalog(folder)
    except CatalogError as exc:
        str(exc)
        return len(exc.problems)
    raise SystemExit("the bench's data loaded without problems; it should not")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="300,3000,30000")
    parser.add_argument("--repeat", type=int, default=2)
    add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat = "30", 1
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "data"
            empty_caches(Path(tmp) / "home")
            routine = make_data(folder, size)
            base, _ = best_of(args.repeat, floor, routine)
            ours, found = best_of(args.repeat, report, folder)
        rows.append(
            {
                "unknown": size,
                "problems": found,
                "baseline_s": round(base, 4),
                "ours_s": round(ours, 4),
                "ratio": round(ours / base, 3),
            }
        )
        print(
            f"{size:>6} unknown: clean load + parse once (baseline) {base:7.3f} s | "
            f"load_catalog report (ours) {ours:7.3f} s | {found} problems | "
            f"ratio {ours / base:.2f}x (goal <= {GOAL}x)"
        )
    print(
        json.dumps(
            {
                "bench": "problems",
                "sizes": rows,
                "worst_ratio": max(r["ratio"] for r in rows),
                "goal_ratio": GOAL,
                "yaml_loader": _Loader.__name__,
                "python": sys.version.split()[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
