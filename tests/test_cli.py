"""The `exercises` command: exit codes, formats and messages."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from exercises_lib import load_catalog
from exercises_lib.cli import main

from .conftest import DATA


def test_validate_ok(capsys):
    """validate exits 0 on the shipped data and says what it checked."""
    assert 0 == main(["validate"])
    assert f"{len(load_catalog(DATA))} exercises" in capsys.readouterr().out


def test_validate_reports_and_exits_1(data_copy, capsys):
    """validate exits 1 and names file, line and field of a broken file."""
    path = data_copy / "exercises" / "bird-dog.yaml"
    path.write_text(path.read_text().replace("per_side: true", "per_side: yes please"))
    assert 1 == main(["validate", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert "data/exercises/bird-dog.yaml:35:13: dose.per_side: expected true or false" in err


def test_show_json_has_full_dose(capsys):
    """show --format json carries the full exercise and the safety rules."""
    assert 0 == main(["show", "bird-dog", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    dose = payload["exercise"]["dose"]
    assert (4, {"min": 10, "max": 10}, True) == (
        dose["hold_seconds"],
        dose["reps"],
        dose["per_side"],
    )
    assert 15 == payload["safety"]["stop_minutes"]


def test_show_unknown_id(capsys):
    """An unknown id exits 1 with a suggestion, not a traceback."""
    assert 1 == main(["show", "bird-dgo"])
    err = capsys.readouterr().err
    assert "Did you mean 'bird-dog'?" in err
    assert "Traceback" not in err


def test_list_table_and_json(capsys):
    """list prints one row per exercise, or JSON with every exercise."""
    assert 0 == main(["list"])
    count = len(load_catalog(DATA))
    assert count + 1 == len(capsys.readouterr().out.strip().splitlines())  # and a header
    assert 0 == main(["list", "--format", "json"])
    assert count == len(json.loads(capsys.readouterr().out)["exercises"])


def test_module_entry_point():
    """python -m exercises_lib runs the same command line."""
    out = subprocess.run(
        [sys.executable, "-m", "exercises_lib", "show", "pelvic-tilt"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("Pelvic Tilt (beginner)")


def test_readme_examples_write_into_build():
    """Every README command that writes a file puts it under build/, never beside the lessons."""
    from .conftest import REPO

    commands = [
        line[2:] for line in (REPO / "README.md").read_text().splitlines() if line.startswith("$ ")
    ]
    writers = [c for c in commands if re.search(r"--(csv|ics|out|output-dir)\b|nbconvert", c)]
    assert len(writers) >= 4
    for command in writers:
        if "nbconvert" in command:
            assert "--output-dir build/" in command, command
        for target in re.findall(r"--(?:csv|ics|out|output-dir) (\S+)", command):
            assert target.startswith("build/"), command


@pytest.mark.parametrize("missing", ["nbformat", "voila"])
def test_present_without_its_extra_names_the_present_extra(missing, monkeypatch, capsys):
    """Without Voilà or what it brings, `exercises present` says to install `[present]`."""
    import shutil

    if missing == "voila":
        monkeypatch.setattr(shutil, "which", lambda *_, **__: None)
    else:
        monkeypatch.setitem(sys.modules, missing, None)
        monkeypatch.delitem(sys.modules, "exercises_lib.present", raising=False)
    assert 1 == main(["present", "--no-browser"])
    assert "pip install 'exercises-lib[present]'" in capsys.readouterr().err


def test_the_help_describes_every_command(capsys):
    """`exercises --help` names every command in its description, not only three."""
    from exercises_lib.cli import build_parser

    commands = build_parser()[1]
    with pytest.raises(SystemExit):
        main(["--help"])
    description = capsys.readouterr().out.split("positional arguments")[0]
    assert len(commands) > 10
    assert [] == [
        name
        for name in commands
        if f"{name}," not in description + "," and f"{name})" not in description
    ]


def test_the_db_option_says_where_the_log_lives(capsys, monkeypatch):
    """`--db` help gives the log's default path, where `log add` would write it."""
    from exercises_lib.progress import DB_ENV, default_db_path

    monkeypatch.delenv(DB_ENV, raising=False)
    with pytest.raises(SystemExit):
        main(["plan", "start", "--help"])
    assert str(default_db_path()) in " ".join(capsys.readouterr().out.split())
