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
