"""Long work shows its progress: a bar with the count, the total and the time left on a
terminal; plain lines where the output is not one (#39)."""

from __future__ import annotations

import io

from exercises_lib.cli import main
from exercises_lib.cli._common import shown_progress
from exercises_lib.steps import Step


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _steps(total: int) -> list[Step]:
    steps = [Step(f"running lesson {n}", n, total) for n in range(total)]
    assert steps
    return steps


def test_plain_lines_where_no_one_sees_a_terminal():
    out = io.StringIO()
    with shown_progress(out) as progress:
        for step in _steps(3):
            progress(step)
        progress(Step("2 files already up to date"))
    lines = out.getvalue().splitlines()
    assert ["(0/3) running lesson 0", "(1/3) running lesson 1", "(2/3) running lesson 2"] == lines[
        :3
    ]
    assert "2 files already up to date" == lines[-1]
    assert "\r" not in out.getvalue()


def test_a_bar_with_count_total_and_time_left_on_a_terminal():
    out = _Terminal()
    with shown_progress(out) as progress:
        for step in _steps(4):
            progress(step)
        progress(Step("printing 2 PDFs", 0, 2))
        progress(Step("printing 2 PDFs", 1, 2))
    shown = out.getvalue()
    assert "running lesson 3" in shown
    assert "4/4" in shown and "2/2" in shown  # each phase ends whole when its work moved on
    assert "<" in shown  # tqdm's elapsed<remaining


def test_a_failure_leaves_the_bar_where_it_stopped():
    out = _Terminal()
    try:
        with shown_progress(out) as progress:
            progress(Step("running lesson 0", 0, 3))
            progress(Step("running lesson 1", 1, 3))
            raise RuntimeError("stopped")
    except RuntimeError:
        pass
    assert "3/3" not in out.getvalue()


def test_slides_say_each_lesson_with_its_count(tmp_path, capsys):
    assert 0 == main(["slides", "--lessons", "02,03", "--out", str(tmp_path / "slides")])
    err = capsys.readouterr().err
    assert "(0/2) running 02-why-sitting-hurts.ipynb" in err
    assert "(1/2) running 03-understanding-back-pain.ipynb" in err
