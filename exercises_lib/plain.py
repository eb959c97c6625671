"""Plain values: the course's frozen models as JSON-ready dicts and lists.

Every model derives from ``Plain``, so ``to_dict()`` gives what `exercises show
--format json` and `plan today --format json` print.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["Plain", "plain"]


def plain(value: Any) -> Any:
    """Turn models into JSON-ready dicts and lists (mapping proxies included)."""
    if isinstance(value, Plain) and type(value).to_dict is not Plain.to_dict:
        return value.to_dict()
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("plain", True)  # a link back to another model is not its data
        }
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class Plain:
    def to_dict(self) -> dict[str, Any]:
        """Return the full content as plain JSON-ready data."""
        return plain(self)
