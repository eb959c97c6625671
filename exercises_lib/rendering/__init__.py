"""Views of the course data: HTML cards and pages, words for the terminal, Markdown blocks.

``text`` turns the data into words (a dose, a source, the terminal's cards and plans),
``html`` builds the cards and pages from them and escapes every string from the data,
``markdown`` writes the trainer guide's blocks.
"""

from __future__ import annotations

from .html import (
    ANSWER_KEY_MIMETYPE,
    answer_key_html,
    exercise_card_html,
    exercise_card_parts,
    plan_day_html,
    program_html,
    routine_html,
    variations_table_html,
    watch_for_html,
    works_table_html,
)
from .markdown import (
    guide_briefing_markdown,
    guide_chair_markdown,
    guide_pain_markdown,
    guide_safety_markdown,
)
from .pieces import CARD_CSS, course_css, header_row
from .safety import (
    ask_first_html,
    avoid_list_html,
    feel_scale_html,
    floor_safety_html,
    safety_footer_html,
    safety_html,
    stay_active_html,
    warning_signs_html,
    warning_signs_short_html,
)
from .text import (
    colour_word,
    dose_line,
    dose_rows,
    exercise_text,
    figure_title,
    level_word,
    plan_day_text,
    program_text,
    role_word,
    rule_source_word,
    safety_text,
    side_word,
    source_text,
    trend_word,
)

__all__ = [
    "ANSWER_KEY_MIMETYPE",
    "CARD_CSS",
    "answer_key_html",
    "ask_first_html",
    "avoid_list_html",
    "colour_word",
    "course_css",
    "dose_line",
    "dose_rows",
    "exercise_card_html",
    "exercise_card_parts",
    "exercise_text",
    "feel_scale_html",
    "figure_title",
    "floor_safety_html",
    "guide_briefing_markdown",
    "guide_chair_markdown",
    "guide_pain_markdown",
    "guide_safety_markdown",
    "header_row",
    "level_word",
    "plan_day_html",
    "plan_day_text",
    "program_html",
    "program_text",
    "role_word",
    "routine_html",
    "rule_source_word",
    "safety_footer_html",
    "safety_html",
    "safety_text",
    "side_word",
    "source_text",
    "stay_active_html",
    "trend_word",
    "variations_table_html",
    "warning_signs_html",
    "warning_signs_short_html",
    "watch_for_html",
    "works_table_html",
]
