"""Hostile files, round three: what a learner or another program leaves where the course
reads or writes, each met with a clear message and nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from exercises_lib.cli import main
from exercises_lib.progress import LogError, ProgressLog
from exercises_lib.workspace import sync_workspace

from .conftest import REPO

# The outputs a person names on the command line, each with the file kind it writes.
_NAMED_OUTPUTS = {
    "figure": (["figure", "bird-dog"], "--out", ".svg"),
    "log export": (["log", "export", "--db", "{db}"], "--csv", ".csv"),
    "reminders": (
        ["log", "reminders", "--db", "{db}", "--days", "mon", "--time", "07:30"],
        "--ics",
        ".ics",
    ),
}


@pytest.mark.parametrize("command", sorted(_NAMED_OUTPUTS))
@pytest.mark.parametrize("victim", ["notes.ipynb", "bird-dog.yaml"])
def test_a_named_output_never_replaces_a_notebook_or_data_file(command, victim, tmp_path, capsys):
    """A figure, CSV or calendar is written only to a name of its own kind: a notebook or a
    data file named by mistake stays as it was, and the message says what to name."""
    words, option, suffix = _NAMED_OUTPUTS[command]
    db = tmp_path / "log.sqlite"
    with ProgressLog(db) as log:
        log.add("bird-dog", reps=5)
    words = [word.format(db=db) for word in words]
    target = tmp_path / victim
    target.write_text("mine\n", encoding="utf-8")
    assert 1 == main([*words, option, str(target)])
    assert "mine\n" == target.read_text(encoding="utf-8")
    assert suffix in capsys.readouterr().err
    written = tmp_path / f"fine{suffix}"
    assert 0 == main([*words, option, str(written)])
    assert written.stat().st_size


def test_bytes_that_are_not_text_are_refused_in_one_line(tmp_path):
    """A note typed in a terminal that is not UTF-8 is refused in one line, never a
    traceback, and the log is as it was."""
    db = tmp_path / "log.sqlite"
    note = os.fsdecode(b"sore \xff\xfe back")  # what Python makes of such bytes
    run = subprocess.run(
        [sys.executable, "-m", "exercises_lib", "log", "add", "--db", str(db), "--exercise",
         "bird-dog", "--reps", "5", "--note", note],
        capture_output=True, text=True, errors="replace", timeout=60, cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert 2 == run.returncode
    assert "Traceback" not in run.stderr and 1 == len(run.stderr.strip().splitlines())
    assert not db.exists()
    with ProgressLog(db) as log, pytest.raises(LogError, match="not UTF-8"):
        log.add("bird-dog", reps=5, note=note)


@pytest.mark.parametrize(
    "content", ['{"cells": 5}', "[1, 2, 3]", '{"nbformat": 4, "cells": [{"cell_type": 7}]}', "{no"]
)
def test_a_lesson_that_is_not_a_notebook_is_named_not_a_traceback(content, tmp_path, capsys):
    """A course lesson that is JSON of another kind, or not JSON, is named with the fix."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "04-bird-dog.ipynb").write_text(content, encoding="utf-8")
    args = ["handouts", "--lessons", "04", "--lessons-dir", str(lessons), "--format", "html"]
    assert 1 == main([*args, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert "is not a readable notebook" in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_update_goes_past_a_copy_that_is_a_pipe_or_not_a_notebook(course, tmp_path):
    """`update` never waits on a pipe where a learner's copy was, nor stops at a copy that
    is JSON of another kind: both are kept as they are, and the rest is brought up to date."""
    workspace = tmp_path / "mine"
    sync_workspace(course, workspace)
    piped = workspace / "lessons" / "04-bird-dog.ipynb"
    piped.unlink()
    os.mkfifo(piped)
    odd = workspace / "lessons" / "05-bridge-overhead-reach.ipynb"
    odd.write_text('{"cells": 5}', encoding="utf-8")
    for lesson in sorted((course / "lessons").glob("0*.ipynb")):
        nb = nbformat.read(lesson, as_version=4)
        nb.cells[0].source += "\n\nA new line from the course."
        nbformat.write(nb, lesson)
    code = (
        "import sys; from pathlib import Path; from exercises_lib.workspace import sync_workspace;"
        f"r = sync_workspace(Path({str(course)!r}), Path({str(workspace)!r}), update=True);"
        "print(len(r.updated), len(r.kept))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert 0 == run.returncode, run.stderr
    updated, kept = map(int, run.stdout.split())
    assert updated >= 1 and kept >= 2
    assert '{"cells": 5}' == odd.read_text(encoding="utf-8")


def _settings_file(home) -> object:
    from exercises_lib.userdata import SETTINGS_FILE

    home.mkdir(parents=True, exist_ok=True)
    return home / SETTINGS_FILE


def test_settings_with_a_bom_are_read(tmp_path, monkeypatch):
    """A settings file an editor saved with a byte-order mark still names the region."""
    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
    _settings_file(tmp_path / "home").write_bytes(b'\xef\xbb\xbf{"region": "GB"}')
    from exercises_lib.regions import saved_region

    assert "GB" == saved_region()


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000 + b"]" * 100_000, b'{"region": "' + b"x" * 2_000_000 + b'"}', b"\xff\xfe{}"],
    ids=["too deep", "too big", "not utf-8"],
)
def test_settings_that_are_no_settings_count_as_none(content, tmp_path, monkeypatch):
    """Settings too deep, too big or not text are as if none were saved; a save replaces
    them with good ones."""
    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
    _settings_file(tmp_path / "home").write_bytes(content)
    from exercises_lib.regions import save_region, saved_region

    assert saved_region() is None
    save_region("NZ")
    assert "NZ" == saved_region()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_where_settings_or_a_manifest_were_is_never_waited_on(tmp_path):
    """A pipe in place of the settings or of a handouts folder's manifest: every command
    goes on, in a fresh process that would otherwise wait for ever."""
    home = tmp_path / "home"
    os.mkfifo(_settings_file(home))
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / ".handouts.json")
    env = {**os.environ, "EXERCISES_HOME": str(home)}
    for args in (["show", "bird-dog"], ["handouts", "--exercises", "bird-dog", "--format",
                                        "html", "--out", str(out)]):  # fmt: skip
        run = subprocess.run(
            [sys.executable, "-m", "exercises_lib", *args],
            capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
        )  # fmt: skip
        assert "Traceback" not in run.stderr, run.stderr


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners here")
def test_settings_anyone_can_change_are_refused_by_name(tmp_path, monkeypatch, capsys):
    """Settings that anyone on the machine may change are never trusted: the command says
    which file and how to fix it, in one line, and uses none of it."""
    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
    settings = _settings_file(tmp_path / "home")
    settings.write_text('{"region": "GB"}', encoding="utf-8")
    settings.chmod(0o666)
    assert 1 == main(["show", "bird-dog"])
    err = capsys.readouterr().err
    assert str(settings) in err and "chmod o-w" in err and "Traceback" not in err
    settings.chmod(0o644)
    assert 0 == main(["show", "bird-dog"])


def _run_for_the_pack(lesson: Path, no_data: Path, monkeypatch) -> None:
    from exercises_lib.notebooks import run_lesson

    run_lesson(lesson, no_data)


def _run_for_the_export_menu(lesson: Path, no_data: Path, monkeypatch) -> None:
    """As JupyterLab's File > Save and Export As > Handout does: its error page shows the
    exception's message whole."""
    from exercises_lib.handouts import HandoutExporter
    from exercises_lib.loading import DATA_ENV

    # Only the kernel looks in the wrong place: the server's own catalogue is fine.
    startup = no_data.parent / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-no-data.py").write_text(
        f"import os\nos.environ[{DATA_ENV!r}] = {str(no_data)!r}\n", encoding="utf-8"
    )
    monkeypatch.setenv("IPYTHONDIR", str(no_data.parent / "ipython"))
    nb = nbformat.read(lesson, as_version=4)
    resources = {"metadata": {"name": lesson.stem, "path": str(lesson.parent)}}
    HandoutExporter().from_notebook_node(nb, resources=resources)


@pytest.mark.slow
@pytest.mark.parametrize("run", [_run_for_the_pack, _run_for_the_export_menu])
def test_a_lesson_that_fails_while_printing_is_one_line_not_a_traceback(run, tmp_path, monkeypatch):
    """A course lesson whose code fails as it runs for print (here: no data where it
    looks) is named, with the error's own line and what to do, whichever way it prints."""
    from exercises_lib.errors import UsageError

    with pytest.raises(UsageError) as refused:
        run(REPO / "lessons" / "04-bird-dog.ipynb", tmp_path / "no-data", monkeypatch)
    message = str(refused.value)
    assert "04-bird-dog.ipynb stopped with an error" in message
    assert "Traceback" not in message and len(message.splitlines()) <= 3


def test_a_900_kb_text_in_the_data_is_shown_not_waited_on(data_copy, tmp_path):
    """A summary of 900 KB with no full stop (a sentence check once took minutes on it) is
    checked and shown by a child process well inside a minute and 200 MB."""
    import yaml

    from .test_hostile import PRINT_PEAK, _limited, assert_bounded

    path = data_copy / "exercises" / "bird-dog.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = "word " * 180_000
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    code = (
        "from exercises_lib.cli import main\n"
        f"assert main(['show', 'bird-dog', '--data', {str(data_copy)!r}]) == 0\n"
        f"{PRINT_PEAK}"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        cwd=tmp_path, preexec_fn=_limited,
    )  # fmt: skip
    assert 0 == run.returncode, run.stderr[-2000:]
    assert "word word" in run.stdout
    assert_bounded(run)


def _theirs(log) -> None:
    os.chown(log, 65534, 65534)


def _anyone_can_change(log) -> None:
    log.chmod(0o666)


def _in_a_folder_anyone_can_swap_it_in(log) -> None:
    log.parent.chmod(0o777)


SHARED_LOGS = {
    "another user's": (_theirs, "belongs to another user"),
    "anyone can change it": (_anyone_can_change, "anyone can change it"),
    "in a shared folder": (_in_a_folder_anyone_can_swap_it_in, "anyone can replace the files"),
}


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
@pytest.mark.parametrize("made", list(SHARED_LOGS), ids=list(SHARED_LOGS))
@pytest.mark.parametrize(
    "command", [["list"], ["summary"], ["add", "--exercise", "bird-dog", "--reps", "5"]]
)
def test_a_log_that_may_not_be_the_learner_s_is_refused_by_name(made, command, tmp_path, capsys):
    """A progress log someone else could have written is neither read as the learner's
    scores nor written to: one line names it and the fix, and the file is left as it was."""
    log = tmp_path / "shared" / "progress.sqlite"
    log.parent.mkdir()
    with ProgressLog(log) as progress:
        progress.add("bird-dog", reps=5)
    make, said = SHARED_LOGS[made]
    make(log)
    before = log.read_bytes()
    assert 1 == main(["log", command[0], "--db", str(log), *command[1:]])
    err = capsys.readouterr().err
    assert said in err and str(log.parent) in err and "chmod o-w" in err, err
    assert "Traceback" not in err and 1 == len(err.strip().splitlines()), err
    assert before == log.read_bytes()


def test_a_log_in_a_shared_folder_with_the_sticky_bit_is_the_learner_s(tmp_path, capsys):
    """/tmp-like folders (anyone may add, nobody may swap another's file) are fine."""
    log = tmp_path / "sticky" / "progress.sqlite"
    log.parent.mkdir()
    with ProgressLog(log) as progress:
        progress.add("bird-dog", reps=5)
    log.parent.chmod(0o1777)
    assert 0 == main(["log", "list", "--db", str(log)])
    assert "bird-dog" in capsys.readouterr().out.lower().replace(" ", "-")
