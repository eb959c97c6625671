"""Printable handouts: nbconvert exporters for lessons, sheets from data, and the whole pack."""

from .exporters import HandoutExporter, HandoutPDFExporter, HandoutPreprocessor
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
