"""How much does loading a catalog cost over bare YAML parsing of the same files?

Generates 10,000 realistic exercise files (the shipped ones, renamed and with varied
doses), then times in one run:
  baseline: read each file and parse it with the same YAML loader (the floor);
  ours:     load_catalog(), which parses, validates every file and builds the models
            (the catalog cache emptied before each run; the cached load is shown too).
Goal: ours <= 1.5 x baseline. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from quick import add_quick, empty_caches  # bench/ is the script's own folder

from exercises_lib import load_catalog
from exercises_lib.loading import default_data_dir
from exercises_lib.userdata import cache_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def make_data(target: Path, count: int) -> None:
    """``count`` exercise files beside the safety rules and the regions, as a data folder
    needs them. The first copy of each shipped exercise keeps its id, so every id the
    rulebook names (its gentle-day moves) is there."""
    source = default_data_dir()
    for name in ("safety.yaml", "regions.yaml"):
        shutil.copy(source / name, target / name)
    (target / "exercises").mkdir()
    templates = sorted((source / "exercises").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in templates]
    for i in range(count):
        template = templates[i % len(templates)]
        new_id = template.stem if i < len(templates) else f"{template.stem}-{i}"
        text = texts[i % len(texts)].replace(f"id: {template.stem}", f"id: {new_id}")
        text = text.replace("rest_seconds: 30", f"rest_seconds: {10 + i % 50}")
        (target / "exercises" / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def bare_parse(folder: Path) -> int:
    parsed = 0
    for path in sorted((folder / "exercises").glob("*.yaml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=_Loader)
        parsed += 1
    return parsed


def checked_load(folder: Path):
    """A load that checks every file: the catalog cache is emptied first."""
    shutil.rmtree(cache_dir() / "catalogs", ignore_errors=True)
    return load_catalog(folder)


def best_of(repeat: int, fn, *args) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None  # drop the last run's catalog so each run starts from the same memory
        gc.collect()  # and pay the last run's collector debts before the clock starts
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.count, args.repeat = 20, 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty_caches(folder / "home")
        make_data(folder, args.count)
        load_catalog(folder)  # warm the schema compilers and the page cache alike
        bare_parse(folder)
        base, parsed = best_of(args.repeat, bare_parse, folder)
        ours, catalog = best_of(args.repeat, checked_load, folder)
        warm, _ = best_of(args.repeat, load_catalog, folder)  # the cache from the last load
    ratio = ours / base
    print(f"files:                   {args.count}")
    print(f"bare parse (baseline):   {base:.3f} s  ({parsed} files)")
    print(f"load_catalog (ours):     {ours:.3f} s  ({len(catalog)} exercises, validated)")
    print(f"ratio ours/baseline:     {ratio:.2f}x   (goal <= 1.5x)")
    print(f"cached load (next run):  {warm:.3f} s  {warm / base:.2f}x of the baseline")
    print(
        json.dumps(
            {
                "bench": "catalog",
                "files": args.count,
                "baseline_s": round(base, 4),
                "ours_s": round(ours, 4),
                "ratio": round(ratio, 3),
                "goal_ratio": 1.5,
                "cached_s": round(warm, 4),
                "cached_ratio": round(warm / base, 3),
                "yaml_loader": _Loader.__name__,
                "python": sys.version.split()[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
