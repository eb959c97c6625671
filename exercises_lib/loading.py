"""Read a data folder into a checked, immutable Catalog, or report every problem in it."""

from __future__ import annotations

import hashlib
import marshal
import math
import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml

from ._version import __version__
from .errors import CatalogError, ExercisesError, Problem, UnknownIdError
from .models import (
    AvoidItem,
    Catalog,
    ChecklistItem,
    Credit,
    Cues,
    Dose,
    Exercise,
    FeelLevel,
    FeelScale,
    FloorSafety,
    Guidance,
    PlanRule,
    Program,
    ProgramWeek,
    Quiz,
    QuizChoice,
    QuizQuestion,
    Region,
    RepRange,
    Routine,
    RoutineItem,
    Rulebook,
    SafetyRules,
    Source,
    StayActive,
    Step,
    Variation,
    WarningLevel,
    WarningSigns,
)
from .poses import Figure, Pose
from .regions import REGION_WORDS, chosen_region, region_words
from .userdata import cache_dir, safe_write, user_routines_dir
from .validation import (
    PLACEHOLDER,
    SCHEMA_DIR,
    SHIPPED_DATA,
    Document,
    SafeLoader,
    check_document,
    check_exercises,
    check_programs,
    check_prose_numbers,
    check_quizzes,
    check_regions,
    check_routines,
    check_safety,
    compose,
    field_path,
    locate,
    prose_numbers,
)

__all__ = [
    "DATA_ENV",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "check_routine",
    "course_catalog",
    "default_data_dir",
    "load_catalog",
    "parse_yaml",
    "read_yaml",
]

DATA_ENV = "EXERCISES_DATA"
_T = TypeVar("_T")
_SUFFIXES = (".yaml", ".yml")
# The field each kind of file is named after: data/exercises/<id>.yaml, quizzes/<lesson>.yaml.
_ID_FIELDS = {"exercise": "id", "routine": "id", "quiz": "lesson", "program": "id"}
_ID = re.compile(r"[0-9a-z]+(-[0-9a-z]+)*")
_DOSE_FIELDS = ("hold_seconds", "rep_seconds", "sets", "recover_seconds", "rest_seconds")


def default_data_dir() -> Path:
    """The data folder used when none is given: $EXERCISES_DATA, else the shipped one."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return SHIPPED_DATA


# Course data needs neither of these; their absence keeps a hostile file small in memory.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40


class _Refused(Exception):
    """A YAML construct the course refuses, with where it is."""

    def __init__(self, message: str, node: yaml.Node, parts: list[Any], *, alias: bool = False):
        super().__init__(message)
        self.message, self.node, self.parts, self.alias = message, node, parts, alias


def _first_alias(text: str) -> tuple[int, int] | None:
    """Line and column where the first alias is used (a shared node knows only its anchor)."""
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1, event.start_mark.column + 1
    return None


def read_yaml(
    path: Path, label: str | None = None, raw: bytes | None = None
) -> tuple[str, Any, list[Problem]]:
    """Read one YAML file safely: (text, data, problems). Never raises for bad content.

    Only a regular file of at most MAX_FILE_BYTES is read. The data must be plain:
    text, numbers (finite), true/false, lists and mappings with text keys, nested at
    most MAX_DEPTH deep; anchors and aliases (``&a``/``*a``), duplicate keys and
    Python tags are refused, each with its line.
    """
    label = label or str(path)

    def problem(message: str, line: int | None = None, column: int | None = None) -> list[Problem]:
        return [Problem(label, line, column, "", message)]

    if raw is None:  # not read already (for the cache key)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return "", None, problem("not a regular file; data files must be plain .yaml files")
            if info.st_size > MAX_FILE_BYTES:
                size = f"{info.st_size / 1_000_000:.1f} MB"
                return "", None, problem(f"file is too big ({size}); a data file is at most 1 MB")
            with path.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            return "", None, problem(f"cannot read file: {exc.strerror}")
    if len(raw) > MAX_FILE_BYTES:
        return "", None, problem("file is too big; a data file is at most 1 MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        return "", None, problem(message, line, column)
    data, problems = parse_yaml(text, label)
    return text, data, problems


def parse_yaml(text: str, label: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text under the rules of ``read_yaml``: (data, problems)."""

    def problem(message: str, line: int | None = None, column: int | None = None) -> list[Problem]:
        return [Problem(label, line, column, "", message)]

    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _construct(loader, node)
    except _Refused as exc:
        mark = exc.node.start_mark
        line, column = (_first_alias(text) if exc.alias else None) or (
            mark.line + 1,
            mark.column + 1,
        )
        shown = field_path(exc.parts[:6]) + ("…" if len(exc.parts) > 6 else "")
        where = Problem(label, line, column, shown, exc.message)
        return None, [where]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem):
            message = (
                f"{exc.problem}; only plain YAML data is allowed "
                "(text, numbers, lists, mappings), never Python objects"
            )
        else:
            message = f"YAML syntax error: {exc.problem or exc}"
            if exc.context:
                started = exc.context_mark
                at = f" started on line {started.line + 1}" if started else ""
                message += f" ({exc.context}{at})"
        return None, problem(message, line, column)
    except yaml.YAMLError as exc:
        return None, problem(f"YAML error: {exc}")
    finally:
        loader.dispose()
    return data, []


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_BOOLS = {"true": True, "false": False}
# A decimal the way data files write one; anything else (0x1F, 0o17, 1_000, 012) goes to
# PyYAML's constructor, which knows YAML 1.1's other forms.
_PLAIN_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")


def _construct(loader: Any, root: yaml.Node) -> Any:
    """Build plain data from the node tree, refusing aliases, deep nesting and duplicate keys.

    PyYAML would share an aliased node between its places; walked out by a validator or
    a JSON dump, a few lines of aliases become gigabytes ("billion laughs"). Every node
    is visited once; the field path is kept on one stack and copied only for a refusal.
    """
    seen: set[yaml.Node] = set()
    path: list[Any] = []
    constructors = loader.yaml_constructors

    def refuse(message: str, node: yaml.Node, *extra: Any, alias: bool = False) -> _Refused:
        return _Refused(message, node, [*path, *extra], alias=alias)

    def build(node: yaml.Node) -> Any:
        if node in seen:
            raise refuse(
                "uses an alias (*name) to repeat a value; write the value out instead",
                node,
                alias=True,
            )
        seen.add(node)
        tag = node.tag
        if tag == _STR:
            return node.value
        # The common cases, without the constructor's detours.
        if tag == _INT and _PLAIN_INT.fullmatch(node.value):
            return int(node.value)
        if tag == _FLOAT and _PLAIN_FLOAT.fullmatch(node.value):
            return float(node.value)
        if tag == _BOOL and node.value in _BOOLS:
            return _BOOLS[node.value]
        if tag == _MAP:
            if len(path) >= MAX_DEPTH:
                raise refuse(f"nested more than {MAX_DEPTH} levels deep", node)
            out: dict[str, Any] = {}
            lines: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = build(key_node)
                if not isinstance(key, str):
                    raise refuse(
                        f"the key {key_node.value!r} is not text; field names are words, "
                        "like 'name'",
                        key_node,
                    )
                line = key_node.start_mark.line + 1
                if key in out:
                    raise refuse(
                        f"{key!r} is given twice (lines {lines[key]} and {line}); keep one",
                        key_node,
                        key,
                    )
                lines[key] = line
                path.append(key)
                out[key] = build(value_node)
                path.pop()
            return out
        if tag == _SEQ:
            if len(path) >= MAX_DEPTH:
                raise refuse(f"nested more than {MAX_DEPTH} levels deep", node)
            items = []
            for i, child in enumerate(node.value):
                path.append(i)
                items.append(build(child))
                path.pop()
            return items
        if not isinstance(node, yaml.ScalarNode) or tag not in constructors:
            return loader.construct_object(node)  # raises the tag error with its line
        value = constructors[tag](loader, node)
        if isinstance(value, float) and not math.isfinite(value):
            raise refuse(f"{node.value!r} is not a usable number; write a plain number", node)
        return value

    return build(root)


def _load_document(
    path: Path, kind: str, label: str, raw: bytes | None = None
) -> tuple[Document | None, list[Problem]]:
    text, data, problems = read_yaml(path, label, raw)
    if problems:
        return None, problems
    schema = f"data/schema/{kind}.schema.json"
    if data is None:
        return None, [Problem(label, 1, 1, "", f"file is empty; expected the fields of {schema}")]
    if not isinstance(data, dict):
        line, column = locate(compose(text), [])
        found = "a list" if isinstance(data, list) else f"{type(data).__name__} {data!r}"
        message = f"expected a mapping of fields at the top (see {schema}); got {found}"
        return None, [Problem(label, line, column, "", message)]
    problems = check_document(kind, data, label, text)
    document = Document(path, label, kind, text, data)
    key = _ID_FIELDS.get(kind)
    if not problems and key and data[key] != path.stem:
        fix = (
            f"name the file {data[key]}.yaml or change the {key}"
            if _ID.fullmatch(data[key])
            else f"change the {key} to {path.stem!r}"
        )
        message = f"{key} {data[key]!r} does not match the file name {path.name!r}; {fix}"
        problems.append(document.problem([key], message))
    return document, problems


def _label(path: Path, cwd: Path | None = None) -> str:
    """The path as the user can open it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(cwd or Path.cwd()))
    except ValueError:
        return str(path)


def _files(folder: Path, skipped: list[str] | None = None) -> list[Path]:
    """The YAML files of a folder; other visible files are named in ``skipped``."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix in _SUFFIXES:
            found.append(path)
        elif skipped is not None and not path.name.startswith("."):
            skipped.append(
                f"{_label(path)}: not read; only files ending in .yaml or .yml are data files"
            )
    return found


def course_catalog(
    data_dir: str | os.PathLike[str] | None = None, *, region: str | None = None
) -> Catalog:
    """The course's catalog (or the one in ``data_dir``) plus the routines the learner saved."""
    return load_catalog(data_dir, routine_dirs=[user_routines_dir()], region=region)


def load_catalog(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    routine_dirs: Iterable[str | os.PathLike[str]] = (),
    region: str | None = None,
) -> Catalog:
    """Load and check every file in a data folder; raise CatalogError listing all problems.

    The folder holds ``exercises/``, ``routines/``, ``quizzes/`` and ``safety.yaml``;
    ``routine_dirs`` adds more routine folders (the learner's own). Nothing is
    half-loaded: either every file is valid and a Catalog comes back, or one
    CatalogError names every problem in every file.

    A valid catalog is kept in the course's cache folder, keyed by the content of every
    file it was made from (and the library's version), so the next command or kernel
    reads it back instead of checking everything again. Any change to any file makes a
    new key; a damaged cache file is ignored and made again.

    ``region`` (a code from ``regions.yaml``) chooses the emergency routes every safety
    text names; without one, ``$EXERCISES_REGION`` or the learner's saved setting does,
    and with none of them the texts name the routes in neutral words.
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    checked, figures = _cached_or_loaded(root, [Path(d) for d in routine_dirs])
    return _assemble(root.resolve(), checked, figures, chosen_region(region))


def _cached_or_loaded(root: Path, dirs: list[Path]) -> tuple[dict[str, Any], list[Figure | None]]:
    key, contents = _cache_key(root, dirs)
    cached = _read_cached(key) if key else None
    if cached is not None:
        try:
            return cached, [_figure(d.get("figure")) for d in cached["exercises"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not what we wrote: check everything again
    checked, figures = _load(root, dirs, contents)
    if key:
        _write_cached(key, checked)
    return checked, figures


def _cache_key(root: Path, routine_dirs: list[Path]) -> tuple[str | None, dict[Path, bytes]]:
    """A digest of every input file's name and bytes, and those bytes (read once).

    No key when a file cannot be read plainly: the full check says what is wrong.
    """
    root = root.resolve()
    inputs = [root / "safety.yaml", root / "regions.yaml"]
    folders = ("exercises", "routines", "quizzes", "programs")
    for folder in (*(root / f for f in folders), *routine_dirs):
        if folder.is_dir():
            inputs += sorted(folder.iterdir())
    place = f"{__version__} {sys.version} {Path.cwd()} {SCHEMA_DIR} {root} {routine_dirs}"
    digest = hashlib.sha256(place.encode())
    contents: dict[Path, bytes] = {}
    for path in inputs:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None, {}
            contents[path] = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError:
            return None, {}
        digest.update(f"\0{path}\0{len(contents[path])}\0".encode())
        digest.update(contents[path])
    # The first part names the place, the second its content: one file per place is kept.
    key = hashlib.sha256(place.encode()).hexdigest()[:12] + "-" + digest.hexdigest()[:32]
    return key, contents


def _cache_file(key: str) -> Path:
    return cache_dir() / "catalogs" / f"{key}.marshal"


def _read_cached(key: str) -> dict[str, Any] | None:
    """The checked data kept for this key: plain values only (marshal runs no code)."""
    try:
        checked = marshal.loads(_cache_file(key).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing, damaged or foreign: check everything again
    return checked if isinstance(checked, dict) else None


def _write_cached(key: str, checked: dict[str, Any]) -> None:
    folder = _cache_file(key).parent
    try:
        for old in folder.glob(key.split("-")[0] + "-*.marshal"):  # one per place: the newest
            old.unlink(missing_ok=True)
        safe_write(_cache_file(key), marshal.dumps(checked), durable=False)
    except (OSError, ExercisesError, ValueError):
        pass  # no cache folder: every load checks everything, as before


def _load(
    root: Path,
    routine_dirs: Iterable[str | os.PathLike[str]],
    contents: dict[Path, bytes] | None = None,
) -> tuple[dict[str, Any], list[Figure | None]]:
    """Read and check every file: (the checked data, its figures), or raise CatalogError."""
    root = root.resolve()
    cwd = Path.cwd()
    if not root.is_dir():
        fix = "pass --data DIR with a folder that holds exercises/ and safety.yaml"
        raise CatalogError([Problem(str(root), None, None, "", f"no such data folder; {fix}")])
    problems: list[Problem] = []
    documents: dict[str, list[Document]] = {
        kind: [] for kind in ("exercise", "routine", "quiz", "program")
    }
    # Ids of every exercise file that could be read at all, valid or not, so a routine
    # naming an exercise whose file has a typo is not also reported as unknown.
    named_ids: set[str] = set()
    skipped: list[str] = []
    sources = [
        ("exercise", _files(root / "exercises", skipped)),
        (
            "routine",
            _files(root / "routines", skipped)
            + [f for d in routine_dirs for f in _files(Path(d), skipped)],
        ),
        ("quiz", _files(root / "quizzes", skipped)),
        ("program", _files(root / "programs", skipped)),
    ]
    for kind, paths in sources:
        for path in paths:
            raw = contents.get(path) if contents else None
            document, found = _load_document(path, kind, _label(path, cwd), raw)
            problems += found
            if kind == "exercise":  # the file name is the id, even when the file is broken
                named_ids.add(path.stem)
            if document is not None and not found:
                documents[kind].append(document)
    safety_doc = _root_document(
        root / "safety.yaml", "safety", "the safety rules", contents, problems
    )
    regions_doc = _root_document(
        root / "regions.yaml", "regions", "the regions' emergency routes", contents, problems
    )
    if not sources[0][1]:
        message = "no exercise files; add one YAML file per exercise"
        problems.append(Problem(_label(root / "exercises", cwd), None, None, "", message))

    avoid = safety_doc.data["avoid_while_in_pain"]["items"] if safety_doc else []
    avoid_ids = {a["id"]: a for a in avoid}
    if safety_doc is not None:
        problems += check_safety(safety_doc, named_ids)
        prose = [safety_doc, *(d for kind in documents.values() for d in kind)]
        known = {**prose_numbers(safety_doc.data), **dict.fromkeys(REGION_WORDS, "")}
        problems += check_prose_numbers(prose, known)
        if regions_doc is not None:
            problems += check_regions(regions_doc, prose)
    problems += check_exercises(documents["exercise"], avoid_ids, _figure)
    advanced = {d.data["id"] for d in documents["exercise"] if d.data["difficulty"] == "advanced"}
    problems += check_routines(documents["routine"], named_ids, avoid_ids, advanced)
    problems += check_quizzes(documents["quiz"])
    problems += check_programs(documents["program"], named_ids, avoid_ids, advanced)
    if problems:
        raise CatalogError(problems)
    assert safety_doc is not None and regions_doc is not None
    checked = {
        "safety": safety_doc.data,
        "regions": regions_doc.data,
        "exercises": [d.data for d in documents["exercise"]],
        "routines": [d.data for d in sorted(documents["routine"], key=lambda d: d.data["id"])],
        "quizzes": [d.data for d in documents["quiz"]],
        "programs": [d.data for d in sorted(documents["program"], key=lambda d: d.data["id"])],
        "warnings": skipped,
    }
    figures = [d.built for d in documents["exercise"]]
    return checked, figures


def _root_document(
    path: Path,
    kind: str,
    what: str,
    contents: dict[Path, bytes] | None,
    problems: list[Problem],
) -> Document | None:
    """One of the files every data folder needs (safety.yaml, regions.yaml), checked."""
    label = _label(path, Path.cwd())
    if not path.is_file():
        message = f"missing; every data folder needs {what} (copy data/{path.name})"
        problems.append(Problem(label, None, None, "", message))
        return None
    document, found = _load_document(path, kind, label, contents.get(path) if contents else None)
    problems += found
    return None if found else document


def _assemble(
    root: Path, checked: dict[str, Any], figures: list[Figure | None], region: str | None
) -> Catalog:
    """The models from checked data (just loaded, or read back from the cache).

    Prose names the rulebook's numbers as ``{stop_minutes}`` and the region's routes as
    ``{emergency}`` and so on; they are filled in here, so every text says what the
    numbers say and names the routes of the learner's region.
    """
    regions = {r["code"]: _region(r) for r in checked["regions"]["regions"]}
    if region is not None and region not in regions:
        raise UnknownIdError("region", region, list(regions))
    here = regions.get(region) if region else None
    words = region_words(here, checked["regions"]["neutral"], list(regions.values()))
    checked = _fill_numbers(
        {k: v for k, v in checked.items() if k != "regions"},
        {**prose_numbers(checked["safety"]), **words},
    )
    gate = checked["safety"]["clearance_gate"]
    exercises = {
        data["id"]: _exercise(data, gate, figure)
        for data, figure in zip(checked["exercises"], figures, strict=True)
    }
    return Catalog(
        data_dir=root,
        safety=_safety(checked["safety"], exercises, here),
        exercises=MappingProxyType(exercises),
        routines=MappingProxyType({d["id"]: _routine(d, exercises) for d in checked["routines"]}),
        quizzes=MappingProxyType({d["lesson"]: _quiz(d) for d in checked["quizzes"]}),
        programs=MappingProxyType({d["id"]: _program(d, exercises) for d in checked["programs"]}),
        warnings=tuple(checked["warnings"]),
        regions=MappingProxyType(regions),
        region=here,
    )


def check_routine(text: str, label: str, catalog: Catalog) -> list[Problem]:
    """Every problem in one routine file's text, checked against a loaded catalog."""
    data, problems = parse_yaml(text, label)
    if problems:
        return problems
    problems = check_document("routine", data, label, text)
    if problems:
        return problems
    document = Document(Path(label), label, "routine", text, data)
    avoid = {a.id: a.to_dict() for a in catalog.safety.avoid}
    advanced = {e.id for e in catalog if e.advanced}
    return check_routines([document], set(catalog.exercises), avoid, advanced)


def _reps(value: Any) -> RepRange:
    return (
        RepRange(value, value) if isinstance(value, int) else RepRange(value["min"], value["max"])
    )


def _source(data: dict[str, Any]) -> Source:
    return Source(**data)


def _dose(data: dict[str, Any]) -> Dose:
    return Dose(
        reps=_reps(data["reps"]),
        per_side=data["per_side"],
        alternate_sides=data.get("alternate_sides", False),
        lift_seconds=data.get("lift_seconds"),
        hold_seconds=data.get("hold_seconds"),
        rep_seconds=data.get("rep_seconds"),
        sets=data.get("sets", 1),
        recover_seconds=data.get("recover_seconds"),
        rest_seconds=data.get("rest_seconds"),
        tempo=data.get("tempo", ""),
    )


def _texts(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _variations(values: Iterable[dict[str, Any]] | None, gate: str) -> tuple[Variation, ...]:
    return tuple(
        Variation(v["name"], v["description"], gate if v.get("needs_clearance") else "")
        for v in values or ()
    )


def _figure(data: dict[str, Any] | None) -> Figure | None:
    if data is None:
        return None
    poses = {
        name: Pose(
            description=pose["description"],
            angles=MappingProxyType(dict(pose["angles"])),
            contacts=_texts(pose.get("contacts")),
            highlight=_texts(pose.get("highlight")),
            motion=_texts(pose.get("motion")),
        )
        for name, pose in data["poses"].items()
    }
    return Figure(
        poses=MappingProxyType(poses),
        equipment=_texts(data.get("equipment")),
        anchor=data.get("anchor", "hip"),
    )


def _exercise(data: dict[str, Any], gate: str, figure: Figure | None) -> Exercise:
    works = data["works"]
    variations = data["variations"]
    return Exercise(
        id=data["id"],
        name=data["name"],
        difficulty=data["difficulty"],
        summary=data["summary"],
        starting_position=data["starting_position"],
        steps=tuple(Step(**s) for s in data["steps"]),
        dose=_dose(data["dose"]),
        feel=data["feel"],
        works_primary=_texts(works["primary"]),
        works_secondary=_texts(works.get("secondary")),
        targets=_texts(data["targets"]),
        tips=_texts(data["tips"]),
        cautions=_texts(data["cautions"]),
        common_mistakes=_texts(data["common_mistakes"]),
        easier=_variations(variations.get("easier"), gate),
        harder=_variations(variations.get("harder"), gate),
        equipment=_texts(data["equipment"]),
        source=_source(data["source"]),
        figure=figure,
        chair_option=data.get("chair_option", ""),
        ready_check=data.get("ready_check", ""),
        cues=Cues(**data.get("cues", {})),
    )


def _items(data: list[dict[str, Any]], exercises: dict[str, Exercise]) -> tuple[RoutineItem, ...]:
    items = []
    for item in data:
        exercise = exercises[item["exercise"]]
        changes = {k: item[k] for k in _DOSE_FIELDS if k in item}
        if "reps" in item:
            changes["reps"] = _reps(item["reps"])
        items.append(RoutineItem(exercise, exercise.dose.with_changes(**changes)))
    return tuple(items)


def _program(data: dict[str, Any], exercises: dict[str, Exercise]) -> Program:
    return Program(
        id=data["id"],
        name=data["name"],
        description=data["description"],
        rules=tuple(PlanRule(r["text"], r["source"]) for r in data["rules"]),
        add_crunch=data["add_crunch"],
        weeks=tuple(
            ProgramWeek(
                week=w["week"],
                sessions_per_week=w["sessions_per_week"],
                items=_items(w["items"], exercises),
                note=w.get("note", ""),
                review=w.get("review", ""),
            )
            for w in data["weeks"]
        ),
    )


def _routine(data: dict[str, Any], exercises: dict[str, Exercise]) -> Routine:
    items = _items(data["items"], exercises)
    return Routine(
        id=data["id"],
        name=data["name"],
        description=data.get("description", ""),
        items=items,
        sessions_per_week=data.get("sessions_per_week", 3),
        rest_between_exercises_seconds=data.get("rest_between_exercises_seconds", 30),
        note=data.get("note", ""),
        listed=data.get("listed", True),
    )


def _quiz(data: dict[str, Any]) -> Quiz:
    return Quiz(
        lesson=data["lesson"],
        questions=tuple(
            QuizQuestion(
                prompt=q["prompt"],
                choices=tuple(
                    QuizChoice(c["text"], c.get("correct", False), c["feedback"])
                    for c in q["choices"]
                ),
                multiple=q.get("multiple", False),
            )
            for q in data["questions"]
        ),
    )


def _level(data: dict[str, Any]) -> WarningLevel:
    return WarningLevel(
        heading=data["heading"],
        short_heading=data["short_heading"],
        short=_texts(data["short"]),
        items=_texts(data["items"]),
        note=data.get("note", ""),
    )


def _advice(kind: type[_T], data: dict[str, Any], *, lists: tuple[str, ...]) -> _T:
    """A block of advice with its source; ``lists`` names the fields that hold lists."""
    fields = {k: _texts(v) if k in lists else v for k, v in data.items()}
    return kind(**{**fields, "source": _source(data["source"])})


def _fill_numbers(value: Any, numbers: dict[str, int | str]) -> Any:
    """Every ``{name}`` of ``numbers`` in every text, replaced by its number or words."""
    if isinstance(value, str):
        if "{" not in value:
            return value
        return PLACEHOLDER.sub(lambda m: str(numbers.get(m[1], m[0])), value)
    if isinstance(value, dict):
        return {key: _fill_numbers(item, numbers) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill_numbers(item, numbers) for item in value]
    return value


def _region(data: dict[str, Any]) -> Region:
    return Region(
        code=data["code"],
        name=data["name"],
        short_name=data["short_name"],
        number=data["number"],
        also=data.get("also", ""),
        hospital=data["hospital"],
        same_day=data["same_day"],
        checked=f"{data['source']['title']} ({data['source']['site']}): {data['source']['checked']}",
    )


def _rulebook(data: dict[str, Any], exercises: dict[str, Exercise]) -> Rulebook:
    rules = data["rulebook"]
    gentle = tuple(rules["gentle_day"])
    return Rulebook(
        stop_minutes=data["stop_rule"]["minutes"],
        stop_rule=data["stop_rule"]["text"],
        settling_rise=rules["settling_rise"],
        mild_ache_max=rules["mild_ache_max"],
        high_pain_before=rules["high_pain_before"],
        gentle_day=gentle,
        gentle_names=("short walks", *(f"the {exercises[e].name}" for e in gentle)),
        good_week_days=rules["good_week_days"],
        good_week_pain_checks=rules["good_week_pain_checks"],
        pause_after_held_weeks=rules["pause_after_held_weeks"],
        step_back=tuple(
            sorted((step["idle_weeks"], step["weeks_back"]) for step in rules["step_back"])
        ),
        advanced_clean_weeks=rules["advanced_clean_weeks"],
        recent_weeks=rules["recent_weeks"],
    )


def _safety(
    data: dict[str, Any], exercises: dict[str, Exercise], region: Region | None
) -> SafetyRules:
    avoid = data["avoid_while_in_pain"]
    signs = data["warning_signs"]
    feel = data["how_it_should_feel"]
    return SafetyRules(
        credit=Credit(**data["credit"]),
        disclaimer=data["disclaimer"],
        doctor_first=data["doctor_first"],
        stop_minutes=data["stop_rule"]["minutes"],
        stop_rule=data["stop_rule"]["text"],
        pain_is_a_signal=data["pain_is_a_signal"],
        sitting_note=data["sitting_note"],
        not_only_for_pain=data["not_only_for_pain"],
        avoid_intro=avoid["intro"],
        avoid=tuple(AvoidItem(**a) for a in avoid["items"]),
        warning_signs=WarningSigns(
            intro=signs["intro"],
            emergency=_level(signs["emergency"]),
            urgent=_level(signs["urgent"]),
            source=_source(signs["source"]),
        ),
        ask_first=_advice(Guidance, data["ask_first"], lists=("items", "short")),
        clearance_gate=data["clearance_gate"],
        feel=FeelScale(
            intro=feel["intro"],
            levels=tuple(FeelLevel(**level) for level in feel["levels"]),
            source=_source(feel["source"]),
        ),
        stay_active=_advice(StayActive, data["stay_active"], lists=("items", "see_gp_if")),
        floor=_advice(FloorSafety, data["floor_safety"], lists=("down", "up")),
        checklist=tuple(ChecklistItem(**c) for c in data["checklist"]),
        rulebook=_rulebook(data, exercises),
        region=region,
    )
