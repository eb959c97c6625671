"""Read YAML strictly: plain data only, bounded in size and depth, every refusal with its line.

Anchors and aliases, duplicate keys, Python tags and deep nesting are refused, so a
hostile file can neither run code nor grow in memory.
"""

from __future__ import annotations

import math
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .userdata import leads_out

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "SafeLoader",
    "compose",
    "field_path",
    "locate",
    "parse_yaml",
    "read_yaml",
]

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
            if leads_out(path):
                # never read, so nothing of the file it points at can show in a message
                return (
                    "",
                    None,
                    problem(
                        "is a link to a file outside its folder; copy the file into the folder"
                    ),
                )
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
# Forms only YAML 1.1 reads as numbers or true/false (YAML 1.2 reads them as text or as
# other numbers): base 60 ("1:30"), a leading zero ("010", octal), and yes/no/on/off.
_YAML_11_ONLY = re.compile(
    r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?0[0-9_]+|"
    r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
)


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
        if tag in (_INT, _FLOAT, _BOOL) and _YAML_11_ONLY.fullmatch(node.value):
            raise refuse(
                f"{node.value!r} means different things to different YAML readers (1:30 "
                "can be read as 90, 010 as 8, no as false); write a plain number such as "
                "90, true or false, or put text in quotes",
                node,
            )
        if not isinstance(node, yaml.ScalarNode) or tag not in constructors:
            return loader.construct_object(node)  # raises the tag error with its line
        value = constructors[tag](loader, node)
        if isinstance(value, float) and not math.isfinite(value):
            raise refuse(f"{node.value!r} is not a usable number; write a plain number", node)
        return value

    return build(root)


def field_path(parts: Iterable[Any]) -> str:
    """Write a document path the way an author reads it: ``steps[2].role``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of a text, with line marks; None when it cannot be read."""
    try:
        return yaml.compose(text, Loader=SafeLoader)
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
