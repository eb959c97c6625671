"""Printable handouts: nbconvert exporters for lessons, sheets from data, and the whole pack.

The exporters are loaded only when asked for (nbconvert is slow to import), so printing
data sheets never pays for it.
"""

from __future__ import annotations

from typing import Any

from .pack import build_handouts
from .sheets import clinician_sheet_html, exercise_sheet_html, weekly_log_html

__all__ = [
    "HandoutExporter",
    "HandoutPDFExporter",
    "HandoutPreprocessor",
    "build_handouts",
    "clinician_sheet_html",
    "exercise_sheet_html",
    "weekly_log_html",
]

_EXPORTERS = ("HandoutExporter", "HandoutPDFExporter", "HandoutPreprocessor")


def __getattr__(name: str) -> Any:
    if name in _EXPORTERS:  # nbconvert's entry points name these: load them on first use
        from . import exporters

        return getattr(exporters, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
