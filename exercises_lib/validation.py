"""Checks for the data files: JSON Schema per file, then the rules the schemas cannot state.

Validation is fast on the happy path: a compiled schema (fastjsonschema) accepts a
good document in microseconds. Only when it refuses does the full validator
(jsonschema) run, with the file's node tree composed once for line marks, so every
problem is reported with its line, column and field, however many there are.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import py_compile
import re
import sys
import types
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema
import yaml

from .coursefiles import SHIPPED_DATA
from .errors import ExercisesError, Problem, Suggestions
from .placeholders import PLACEHOLDER
from .userdata import cache_folder, safe_write
from .yamlreader import compose, field_path, locate

if TYPE_CHECKING:  # jsonschema loads only when a file fails: its import is slow
    import jsonschema

__all__ = [
    "SCHEMA_DIR",
    "Document",
    "ascii_digits",
    "check_document",
    "check_prose_numbers",
    "check_regions",
    "check_safety",
    "did_you_mean",
    "typed_stop_minutes",
]

SCHEMA_DIR = SHIPPED_DATA / "schema"


@cache
def _schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def _fast_validator(kind: str) -> Callable[[Any], Any]:
    """The schema compiled to Python bytecode once per install, then loaded in a blink.

    fastjsonschema writes the validator's source and py_compile turns it into bytecode
    in the course's cache folder, so later commands and kernels skip both slow steps.
    Where the cache folder cannot be written, the validator is compiled in memory.
    """
    schema = dict(_schema(kind))
    schema.pop("$schema", None)  # fastjsonschema knows drafts up to 7; the keywords used are in all
    schema.pop("$id", None)  # without it the entry point is simply `validate`; refs are local
    digest = hashlib.sha256(
        json.dumps([schema, fastjsonschema.VERSION], sort_keys=True).encode()
    ).hexdigest()[:16]
    folder = cache_folder("validators")
    if folder is None:  # no private cache folder: compile in memory, every time
        return fastjsonschema.compile(schema)
    source = folder / f"{kind}_{digest}.py"
    compiled = folder / f"{kind}_{digest}.{sys.implementation.cache_tag}.pyc"
    if compiled.is_file():
        try:
            return _load_compiled(compiled)
        except (OSError, ImportError, EOFError, ValueError, AttributeError):
            pass  # a damaged or foreign cache file: make it again below
    try:
        safe_write(source, fastjsonschema.compile_to_code(schema))
        py_compile.compile(str(source), cfile=str(compiled), doraise=True)
        return _load_compiled(compiled)
    except (OSError, ImportError, ExercisesError, py_compile.PyCompileError):
        return fastjsonschema.compile(schema)


def _load_compiled(compiled: Path) -> Callable[[Any], Any]:
    loader = importlib.machinery.SourcelessFileLoader(f"_exl_{compiled.stem}", str(compiled))
    module = types.ModuleType(loader.name)
    loader.exec_module(module)
    return module.validate


@cache
def _full_validator(kind: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(_schema(kind))


def check_document(kind: str, doc: Any, path: str, text: str) -> list[Problem]:
    """Every schema problem in one parsed document; empty when it is valid."""
    try:
        _fast_validator(kind)(doc)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems = []
    root = compose(text)
    for error in _full_validator(kind).iter_errors(doc):
        parts, message, on_key = _explain(error)
        # A missing field has no place of its own: point at the mapping that lacks it.
        where = list(error.absolute_path) if error.validator == "required" else parts
        line, column = locate(root, where, key=on_key)
        problems.append(Problem(path, line, column, field_path(parts), message))
    return problems


def did_you_mean(word: str, choices: Iterable[str] | Suggestions) -> str:
    close = (choices if isinstance(choices, Suggestions) else Suggestions(choices)).closest(word)
    return f"; did you mean {close!r}?" if close else ""


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
}


def _got(value: Any) -> str:
    kind = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing (empty)",
    }.get(type(value), type(value).__name__)
    shown = repr(value)
    return kind if len(shown) > 40 or isinstance(value, (dict, list)) else f"{kind} {shown}"


def _explain(error: jsonschema.ValidationError) -> tuple[list[Any], str, bool]:
    """Turn one schema error into (path, message, point at key) in plain words."""
    parts = list(error.absolute_path)
    rule, value, schema = error.validator, error.instance, error.schema
    if rule == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed))
        name = str(extra[0]) if extra else "?"
        message = (
            f"unknown field {name!r}{did_you_mean(name, allowed)} "
            f"(expected one of: {', '.join(allowed)})"
        )
        return [*parts, name], message, True
    if rule == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return [*parts, missing], f"missing required field {missing!r}", False
    if rule == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = " or ".join(_TYPE_NAMES.get(w, w) for w in wanted)
        return parts, f"expected {names}; got {_got(value)}", False
    if rule == "enum":
        options = [str(o) for o in error.validator_value]
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        return parts, f"expected one of: {', '.join(options)}; got {_got(value)}{hint}", False
    if rule == "minLength":
        return parts, "must not be empty", False
    if rule == "minItems":
        n = error.validator_value
        return parts, f"needs at least {n} item{'s' if n != 1 else ''}", False
    if rule in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        word = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[rule]
        return parts, f"must be {word} {error.validator_value}; got {value!r}", False
    if rule == "pattern" and error.validator_value == "\\S":
        return parts, "must not be blank", False
    if rule == "pattern":
        return parts, _pattern_message(error, value), False
    if rule in ("maxLength", "maxItems"):
        return parts, f"is too long: at most {error.validator_value}", False
    if rule == "oneOf" and parts and parts[-1] == "reps":
        return (
            parts,
            "expected a whole number of reps (e.g. 10) or a range like {min: 8, max: 12}; "
            f"got {_got(value)}",
            False,
        )
    return parts, error.message, False


# -- rules that the schemas cannot state, within and across files --------------------------


@dataclass
class Document:
    path: Path
    label: str
    kind: str
    text: str
    data: dict[str, Any]
    built: Any = None  # what the loader made of it while checking (an exercise's figure)

    @cached_property
    def _root(self) -> yaml.Node | None:
        # Composed once, on the first problem: a file with thousands of them is read once.
        return compose(self.text)

    def problem(self, parts: list[Any], message: str, *, key: bool = False) -> Problem:
        line, column = locate(self._root, parts, key=key)
        return Problem(self.label, line, column, field_path(parts), message)


_FEEL_LEVELS = ["green", "amber", "red"]


def check_safety(document: Document, exercise_ids: set[str]) -> list[Problem]:
    """Rules the schema cannot state: the stop rule's text names its minutes; levels in order.

    The gentle-day exercises must exist; "ask first" has one short form per item.
    """
    problems = []
    rule = document.data["stop_rule"]
    if "{stop_minutes}" not in rule["text"]:
        message = (
            "the text does not name the minutes; write {stop_minutes} where the number goes, "
            "so the text always says stop_rule.minutes"
        )
        problems.append(document.problem(["stop_rule", "text"], message))
    levels = [level["level"] for level in document.data["how_it_should_feel"]["levels"]]
    if levels != _FEEL_LEVELS:
        message = f"levels must be {', '.join(_FEEL_LEVELS)} in that order; got {', '.join(levels)}"
        problems.append(document.problem(["how_it_should_feel", "levels"], message))
    ask = document.data["ask_first"]
    if len(ask["short"]) != len(ask["items"]):
        message = (
            f"has {len(ask['short'])} short forms for {len(ask['items'])} items; give one "
            "short form for each item, in the same order"
        )
        problems.append(document.problem(["ask_first", "short"], message))
    known = Suggestions(exercise_ids)
    for index, exercise in enumerate(document.data["rulebook"]["gentle_day"]):
        if exercise not in exercise_ids:
            message = f"unknown exercise {exercise!r}{did_you_mean(exercise, known)}"
            problems.append(document.problem(["rulebook", "gentle_day", index], message))
    return problems


_ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*(?![\\s\\S])"


def _pattern_message(error: jsonschema.ValidationError, value: Any) -> str:
    """What a field's pattern wants, in words: the id words for an id, else the field's own
    description from its schema (a region's code is not an id), else the pattern itself."""
    pattern = error.validator_value
    if pattern == _ID_PATTERN:
        return f"expected lowercase words joined by hyphens, like 'bird-dog'; got {value!r}"
    described = error.schema.get("description") if isinstance(error.schema, dict) else None
    if described:
        return f"does not fit: {described.rstrip('.')}; got {value!r}"
    return f"must match the pattern {pattern}; got {value!r}"


# A number of minutes in a sentence (or a line) about pain or stopping: the stop rule,
# typed again. Sentence by sentence, each pattern once: linear in the text's length (one
# pattern spanning the sentence took minutes on a long text with no full stop).
_SENTENCE_END = re.compile(r"[.!?\n]")
_ABOUT_PAIN = re.compile(r"\b(?:pain|hurt|hurts|stop)\b", re.IGNORECASE)
_MINUTES = re.compile(r"\b(\d+)\s*(?:-\s*)?minutes?\b", re.IGNORECASE)


def check_prose_numbers(
    documents: Iterable[Document], numbers: Mapping[str, object]
) -> list[Problem]:
    """Prose names the rulebook's numbers by placeholder, never by typing them again.

    ``{stop_minutes}`` and the rulebook's names are filled in when the data loads, so a
    change to the number changes every text. An unknown placeholder, or minutes typed
    into a sentence about pain, is a problem.
    """
    problems = []
    for document in documents:
        for parts, text in _strings(document.data, []):
            for name in PLACEHOLDER.findall(text):
                if name not in numbers and not (_is_cue(parts) and name in _SIDE_NAMES):
                    choices = ", ".join(f"{{{n}}}" for n in sorted(numbers))
                    message = (
                        f"unknown placeholder {{{name}}}"
                        f"{did_you_mean(name, numbers)} (expected one of: {choices})"
                    )
                    problems.append(document.problem(parts, message))
            number = typed_stop_minutes(text)
            if number:
                message = (
                    f"{number} minutes is typed into the text; write {{stop_minutes}} so the "
                    "text follows stop_rule.minutes (or say it without a number)"
                )
                problems.append(document.problem(parts, message))
    return problems


# A cue may name the side a rep is on; the timer fills these in, not the loader.
_SIDE_NAMES = ("side", "other_side")


def _is_cue(parts: list[Any]) -> bool:
    """A card's cue (cues.lift) or a rung's (ladder[2].cues.lift)."""
    return parts[:1] == ["cues"] or (parts[:1] == ["ladder"] and parts[2:3] == ["cues"])


_ID_FIELDS = frozenset({"id", "exercise", "lesson", "program", "code"})


def check_regions(regions: Document, prose: Iterable[Document]) -> list[Problem]:
    """Region codes are unique, and no text names an emergency number directly.

    A safety text says ``{emergency}``; the learner's region fills in the number, so
    a number typed into a text would be wrong for everyone elsewhere.
    """
    problems = []
    seen: dict[str, int] = {}
    for index, region in enumerate(regions.data["regions"]):
        if region["code"] in seen:
            message = (
                f"duplicate region code {region['code']!r}; regions[{seen[region['code']]}] has it"
            )
            problems.append(regions.problem(["regions", index, "code"], message))
        seen.setdefault(region["code"], index)
    for key, words in regions.data.get("neutral", {}).items():
        if re.search(r"\d", ascii_digits(str(words))):
            message = (
                "neutral words name no number: they are read where no region is set, so any "
                "number would be wrong somewhere; say the route in words"
            )
            problems.append(regions.problem(["neutral", key], message))
    numbers = sorted(
        {r["number"] for r in regions.data["regions"]}
        | {n for r in regions.data["regions"] for n in re.findall(r"\b\d{3}\b", r.get("also", ""))}
    )
    typed = (
        re.compile(rf"(?<![\d.]){'|'.join(map(re.escape, numbers))}(?![\d.])") if numbers else None
    )
    for document in prose:
        for parts, text in _strings(document.data, []):
            if parts and parts[-1] in _ID_FIELDS:
                continue  # an id is a name, never read out: "step-999" is no number to call
            found = typed.search(ascii_digits(text)) if typed else None
            if found:
                message = (
                    f"names the emergency number {found.group(0)} directly; write {{emergency}} "
                    "(and {hospital}, {same_day}) so each learner reads their own region's route"
                )
                problems.append(document.problem(parts, message))
    return problems


def ascii_digits(text: str) -> str:
    """``text`` with every digit as an ASCII one, in any script or width ('９１１', '٩١١'
    -> '911'), after Unicode's compatibility folding: what a reader would dial."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in folded
    )


def typed_stop_minutes(text: str) -> str | None:
    """The number of minutes typed into a sentence about pain or stopping, if any."""
    for sentence in _SENTENCE_END.split(text):
        minutes = _MINUTES.search(sentence)
        if minutes and _ABOUT_PAIN.search(sentence):
            return minutes.group(1)
    return None


def _strings(value: Any, parts: list[Any]) -> Iterator[tuple[list[Any], str]]:
    if isinstance(value, str):
        yield parts, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, [*parts, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, [*parts, index])
