"""The progress page: an empty log says what to do; a full one shows charts, flags and a summary."""

from __future__ import annotations

from datetime import date

from exercises_lib.progress import ProgressLog
from exercises_lib.progress_view import ProgressReport


def test_empty_log(tmp_path, catalog):
    """With no log yet the page says where to start, carries the safety footer, creates nothing."""
    html = ProgressReport(catalog, tmp_path / "p.sqlite")._repr_html_()
    assert "No sessions yet" in html
    assert f"more than {catalog.safety.stop_minutes} minutes" in html
    assert [] == list(tmp_path.iterdir())


def test_charts_flags_and_summary(tmp_path, catalog):
    """Logged sessions give two SVG charts, the flags, and names in the doctor's table."""
    db = tmp_path / "p.sqlite"
    with ProgressLog(db) as log:
        for day, after in [
            ("2026-11-02", 1),
            ("2026-11-04", 1),
            ("2026-11-06", 1),
            ("2026-11-09", 3),
            ("2026-11-11", 3),
            ("2026-11-13", 4),
        ]:
            log.add(
                "bird-dog", reps=10, pain_before=1, pain_after=after, logged_at=f"{day}T07:00:00"
            )
        log.mark_stop_rule(log.add_pain_check(2, 5, checked_at="2026-11-14T07:00:00"))
    html = ProgressReport(catalog, db, today=date(2026, 11, 16))._repr_html_()
    assert 2 == html.count("<svg")
    minutes = catalog.safety.stop_minutes
    assert f"Pain lasted more than {minutes} minutes (on 2026-11-14)" in html
    assert "contact a doctor" in html
    assert "<td>Bird Dog</td><td>not recorded</td><td>60</td>" in html  # logged by hand
    assert "Summary for your doctor" in html


def test_the_pain_chart_has_one_point_per_day_on_a_time_axis():
    """Two checks on one day make one point (the highest); gaps between days keep their length."""
    from datetime import date

    from exercises_lib.progress_view import daily_pain

    points = [
        ("2026-11-20T08:00:00+00:00", 2.0, 3.0),
        ("2026-11-20T18:00:00+00:00", 4.0, 1.0),
        ("2026-11-22T08:00:00+00:00", 1.0, 1.0),
        ("2026-12-01T08:00:00+00:00", 0.0, 2.0),
    ]
    daily = daily_pain(points)
    assert [
        (date(2026, 11, 20), 4.0, 3.0),
        (date(2026, 11, 22), 1.0, 1.0),
        (date(2026, 12, 1), 0.0, 2.0),
    ] == daily


def test_the_charts_are_the_course_s_own_svg_with_days_on_the_axis():
    """m4: no plotting library (so no warning can reach the page); one day of pain sits on
    an axis that names that day, not a span of years; several days keep their real gaps,
    the first and last named; each chart says what it shows to a screen reader."""
    import re
    import warnings
    from datetime import date

    from exercises_lib.charts import Series, bar_chart_svg, day_chart_svg

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        one = day_chart_svg(
            [date(2026, 11, 20)], [Series("after", [3], "#a4161a")], "Pain", "0-10", 10
        )
        days = [date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 20)]
        many = day_chart_svg(days, [Series("after", [1, 2, 4], "#a4161a")], "Pain", "0-10", 10)
        bars = bar_chart_svg(["W45", "W46"], [3, 1], "Sessions", "days")
    labels = re.findall(r">(\d{4}-\d{2}-\d{2})<", one)
    assert ["2026-11-20"] == labels
    named = re.findall(r">(\d{4}-\d{2}-\d{2})<", many)
    assert named[0] == "2026-11-02" and named[-1] == "2026-11-20" and len(named) <= 6
    xs = [float(x) for x in re.findall(r"<circle cx=\"([\d.]+)\"", many)][:3]  # then the legend
    assert len(xs) == 3 and (xs[2] - xs[1]) > 10 * (xs[1] - xs[0])  # 17 days, then 1
    for svg in (one, many, bars):
        assert svg.startswith("<svg") and 'role="img"' in svg
        assert "<title>" in svg and "<desc>" in svg
    assert "W45: 3; W46: 1" in bars and "2026-11-20: after 3" in one


def test_the_progress_module_needs_no_plotting_library():
    """The page draws its own charts: matplotlib is not imported, nor needed by the course."""
    import subprocess
    import sys

    code = "import exercises_lib.progress_view, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "False" == out.stdout.strip()
