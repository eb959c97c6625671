"""Read and check every file of a data folder: the schemas, the rules between files and
the translations, giving the checked plain data or a CatalogError naming every problem.

``loading`` turns what this gives into the catalogue's models (and keeps it in a cache).
Nothing here runs in the browser's site, which reads data checked when it was built.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._version import __version__
from .building import build_figure, prose_numbers
from .datachecks import (
    check_exercises,
    check_measure,
    check_programs,
    check_quizzes,
    check_routines,
)
from .errors import CatalogError, Problem
from .i18n import SOURCE_LANGUAGE, _
from .models import Catalog
from .overlays import LOCALES, overlay_path, overlay_problems
from .poses import Figure
from .regions import REGION_WORDS
from .userdata import NotTheirs, check_theirs, leads_out
from .validation import (
    SCHEMA_DIR,
    Document,
    check_document,
    check_prose_numbers,
    check_regions,
    check_safety,
)
from .yamlreader import MAX_FILE_BYTES, compose, locate, parse_yaml, read_yaml

__all__ = ["cache_key", "check_routine", "checked_data", "data_languages"]

# Words prose may name besides the numbers and the region's routes: the gentle-day moves.
COURSE_WORDS = ("gentle_moves",)
_SUFFIXES = (".yaml", ".yml")
# The field each kind of file is named after: data/exercises/<id>.yaml, quizzes/<lesson>.yaml.
_ID_FIELDS = {
    "exercise": "id",
    "routine": "id",
    "quiz": "lesson",
    "program": "id",
    "measure": "id",
}
_ID = re.compile(r"[0-9a-z]+(-[0-9a-z]+)*")


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


# Emacs locks (.#name.yaml) and autosaves (#name.yaml#), Vim swap files, backups (~, .bak).
_EDITOR_LEFTOVER = re.compile(r"^[.#]|~$|\.(swp|swo|swx|bak|orig|tmp)$")


def _files(folder: Path, skipped: list[str] | None = None) -> list[Path]:
    """The YAML files of a folder; other visible files are named in ``skipped``."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if _EDITOR_LEFTOVER.search(path.name):
            continue  # an editor's lock, swap or backup file: not the author's data
        if path.suffix in _SUFFIXES:
            found.append(path)
        elif skipped is not None and not path.name.startswith("."):
            skipped.append(
                f"{_label(path)}: not read; only files ending in .yaml or .yml are data files"
            )
    return found


def data_languages(data_dir: Path) -> list[str]:
    """The languages a data folder has overlays for, e.g. ['es']."""
    folder = data_dir / LOCALES
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _left_out(problem: Problem) -> str:
    return f"{problem}; this saved routine is left out until it is fixed"


def _rename(document: Document, taken: set[str], warnings: list[str]) -> None:
    """Give a saved routine whose id is taken a free id and a name that says whose it is."""
    old = document.data["id"]
    candidates = (f"{old}-mine{n or ''}" for n in range(len(taken) + 1))
    new = next(c for c in candidates if c not in taken)
    document.data["id"] = new
    document.data["name"] = _("{name} (yours)").format(name=document.data["name"])
    warnings.append(
        f"{document.label}: the id {old!r} is the course's own; this saved routine is "
        f"listed as {new!r}"
    )


def cache_key(
    root: Path, routine_dirs: list[Path], lang: str
) -> tuple[str | None, dict[Path, bytes]]:
    """A digest of every input file's name and bytes, and those bytes (read once).

    No key when a file cannot be read plainly: the full check says what is wrong.
    """
    root = root.resolve()
    inputs = [root / "safety.yaml", root / "regions.yaml"]
    folders = ("exercises", "routines", "quizzes", "programs", "measures")
    for folder in (*(root / f for f in folders), *routine_dirs):
        if folder.is_dir():
            inputs += sorted(folder.iterdir())
    if lang != SOURCE_LANGUAGE:
        inputs += _overlay_files(root, lang)
    inputs += sorted(SCHEMA_DIR.glob("*.json"))  # a schema edited in a checkout checks again
    place = f"{__version__} {sys.version} {Path.cwd()} {SCHEMA_DIR} {root} {routine_dirs} {lang}"
    digest = hashlib.sha256(place.encode())
    for folder in routine_dirs:  # a learner's folder that others may now write to: check again
        digest.update(f"\0{folder}\0{_mode(folder)}".encode())
    contents: dict[Path, bytes] = {}
    for path in inputs:
        if leads_out(path):
            return None, {}  # the full check refuses it, without reading it
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None, {}
            contents[path] = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError:
            return None, {}
        # owner and mode too: a learner's file another user could now change is checked again
        digest.update(f"\0{path}\0{len(contents[path])}\0{info.st_uid}\0{info.st_mode}\0".encode())
        digest.update(contents[path])
    # The first part names the place, the second its content: one file per place is kept.
    key = hashlib.sha256(place.encode()).hexdigest()[:12] + "-" + digest.hexdigest()[:32]
    return key, contents


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except OSError:
        return None


def _their_own(paths: list[Path], skipped: list[str]) -> list[Path]:
    """The learner's routine files that are theirs alone; any other is left out, named
    with its fix (a routine someone else could have written is not the learner's)."""
    kept = []
    for path in paths:
        try:
            check_theirs(path)
        except NotTheirs as refused:
            skipped.append(str(refused))
        except OSError:
            continue  # gone since the folder was listed
        else:
            kept.append(path)
    return kept


def checked_data(
    root: Path,
    routine_dirs: Iterable[str | os.PathLike[str]],
    contents: dict[Path, bytes] | None = None,
    lang: str = SOURCE_LANGUAGE,
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
    # The learner's own routines never stop the course: a broken one is left out, with
    # a warning, and the course and the log go on working.
    learners = _their_own([f for d in routine_dirs for f in _files(Path(d), skipped)], skipped)
    learner_docs: list[Document] = []
    sources = [
        ("exercise", _files(root / "exercises", skipped)),
        ("routine", _files(root / "routines", skipped) + learners),
        ("quiz", _files(root / "quizzes", skipped)),
        ("program", _files(root / "programs", skipped)),
    ]
    for kind, paths in sources:
        for path in paths:
            raw = contents.get(path) if contents else None
            document, found = _load_document(path, kind, _label(path, cwd), raw)
            if path in learners:
                if found:
                    skipped.append(_left_out(found[0]))
                elif document is not None:
                    learner_docs.append(document)
                continue
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
    measures = _measures(root, skipped, contents, problems)
    if not sources[0][1]:
        message = "no exercise files; add one YAML file per exercise"
        problems.append(Problem(_label(root / "exercises", cwd), None, None, "", message))

    avoid = safety_doc.data["avoid_while_in_pain"]["items"] if safety_doc else []
    avoid_ids = {a["id"]: a for a in avoid}
    if safety_doc is not None:
        problems += check_safety(safety_doc, named_ids)
        prose = [safety_doc, *(d for kind in documents.values() for d in kind)]
        known = {
            **prose_numbers(safety_doc.data),
            **dict.fromkeys((*REGION_WORDS, *COURSE_WORDS), ""),
        }
        problems += check_prose_numbers(prose, known)
        if regions_doc is not None:
            problems += check_regions(regions_doc, prose)
    problems += check_exercises(documents["exercise"], avoid_ids, build_figure)
    advanced = {d.data["id"] for d in documents["exercise"] if d.data["difficulty"] == "advanced"}
    problems += check_routines(documents["routine"], named_ids, avoid_ids, advanced)
    taken = {d.data["id"] for d in documents["routine"]}
    for document in learner_docs:
        found = check_routines([document], named_ids, avoid_ids, advanced)
        if found:
            skipped.append(_left_out(found[0]))
            continue
        if document.data["id"] in taken:  # a saved routine may share a shipped one's id
            _rename(document, taken, skipped)
        taken.add(document.data["id"])
        documents["routine"].append(document)
    problems += check_quizzes(documents["quiz"])
    problems += check_programs(documents["program"], named_ids, avoid_ids, advanced)
    if problems:
        raise CatalogError(problems)
    assert safety_doc is not None and regions_doc is not None
    words = _Translation(root, lang, contents or {}, skipped)
    if lang != SOURCE_LANGUAGE:
        words.translate([safety_doc, regions_doc, *(d for ds in documents.values() for d in ds)])
        words.check()
    checked = {
        "safety": words.data(safety_doc),
        "regions": words.data(regions_doc),
        "exercises": [words.data(d) for d in documents["exercise"]],
        "routines": [
            words.data(d) for d in sorted(documents["routine"], key=lambda d: d.data["id"])
        ],
        "quizzes": [words.data(d) for d in documents["quiz"]],
        "programs": [
            words.data(d) for d in sorted(documents["program"], key=lambda d: d.data["id"])
        ],
        # licensed wording, never translated: the same in every language
        "measures": [d.data for d in sorted(measures, key=lambda d: d.data["id"])],
        "warnings": skipped,
    }
    # a translated exercise draws the same poses, described in its own words
    figures = [
        d.built if words.data(d) is d.data else build_figure(words.data(d).get("figure"))
        for d in documents["exercise"]
    ]
    return checked, figures


def _measures(
    root: Path, skipped: list[str], contents: dict[Path, bytes] | None, problems: list[Problem]
) -> list[Document]:
    """The check-in questionnaires, checked; their problems go to ``problems``.

    They are kept out of the prose checks: their wording is their owners', word for word.
    """
    found = []
    for path in _files(root / "measures", skipped):
        raw = contents.get(path) if contents else None
        document, its_problems = _load_document(path, "measure", _label(path), raw)
        problems += its_problems
        if document is not None and not its_problems:
            problems += check_measure(document)
            found.append(document)
    return found


def _overlay_files(root: Path, lang: str) -> list[Path]:
    folder = root.resolve() / LOCALES / lang
    return sorted(p for p in folder.rglob("*") if p.suffix in _SUFFIXES) if folder.is_dir() else []


class _Translation:
    """The data folder's overlays for one language, checked against their English files."""

    def __init__(self, root: Path, lang: str, contents: dict[Path, bytes], warnings: list[str]):
        self.root, self.lang, self.contents, self.warnings = root, lang, contents, warnings
        self.overlays: dict[Path, Document] = {}
        self.problems: list[Problem] = []

    def translate(self, documents: list[Document]) -> None:
        cwd = Path.cwd()
        originals = set()
        for document in documents:
            if not document.path.is_relative_to(self.root):
                continue  # the learner's own routines are in their own words
            originals.add(document.path)
            path = overlay_path(self.root, document.path, self.lang)
            if not path.is_file():
                self.warnings.append(
                    f"{_label(document.path, cwd)}: not translated into {self.lang!r} yet "
                    f"(no {_label(path, cwd)}); shown in English"
                )
                continue
            overlay, found = _load_document(
                path, document.kind, _label(path, cwd), self.contents.get(path)
            )
            self.problems += found
            if overlay is not None and not found:
                differences = overlay_problems(document.data, overlay)
                self.problems += differences
                if not differences:
                    self.overlays[document.path] = overlay
        for path in _overlay_files(self.root, self.lang):
            english = self.root / path.relative_to(self.root / LOCALES / self.lang)
            if english not in originals:
                message = f"translates nothing: there is no {_label(english, cwd)}"
                self.problems.append(Problem(_label(path, cwd), None, None, "", message))

    def check(self) -> None:
        """Translated texts type no emergency number either; any problem refuses the load."""
        regions = self.overlays.get(self.root / "regions.yaml")
        if regions is not None:
            prose = [d for d in self.overlays.values() if d is not regions]
            self.problems += check_regions(regions, prose)
        if self.problems:
            raise CatalogError(self.problems)

    def data(self, document: Document) -> dict[str, Any]:
        overlay = self.overlays.get(document.path)
        return overlay.data if overlay is not None else document.data


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
