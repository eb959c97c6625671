"""Checks for the data files: JSON Schema per file, then rules that span files.

Validation is fast on the happy path: a compiled schema (fastjsonschema) accepts a
good document in microseconds. Only when it refuses does the full validator
(jsonschema) run, with the file re-read for line marks, so every problem is reported
with its line, column and field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import yaml

from .errors import Problem, closest

__all__ = ["SCHEMA_DIR", "check_document", "compose", "field_path", "locate"]

SCHEMA_DIR = Path(__file__).resolve().parent / "_data" / "schema"
if not SCHEMA_DIR.is_dir():  # an editable install reads the repository's data folder
    SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schema"


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def _fast_validator(kind: str) -> Callable[[Any], Any]:
    schema = dict(_schema(kind))
    schema.pop("$schema", None)  # fastjsonschema knows drafts up to 7; the keywords used are in all
    return fastjsonschema.compile(schema)


@cache
def _full_validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(kind))


def field_path(parts: Iterable[Any]) -> str:
    """Write a document path the way an author reads it: ``steps[2].role``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of a text, with line marks; None when it cannot be read."""
    try:
        return yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return None


def locate(
    root: yaml.Node | None, parts: Sequence[Any], *, key: bool = False
) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the node at ``parts``; of its key when ``key`` is set.

    Falls back to the nearest parent that exists, so a missing field points at its
    parent mapping.
    """
    if root is None:
        return None, None
    node, mark = root, root.start_mark
    for i, part in enumerate(parts):
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(part):
                    child = v
                    last = i == len(parts) - 1
                    mark = k.start_mark if (key and last) else v.start_mark
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
            mark = child.start_mark
        if child is None:
            break
        node = child
    return mark.line + 1, mark.column + 1


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


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = closest(word, choices)
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
            f"unknown field {name!r}{_did_you_mean(name, allowed)} "
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
        hint = _did_you_mean(str(value), options) if isinstance(value, str) else ""
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
        return (
            parts,
            f"expected lowercase words joined by hyphens, like 'bird-dog'; got {value!r}",
            False,
        )
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
