"""The learner's own copy of the course: made on first start, updated without losing edits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest

from exercises_lib.cli import main
from exercises_lib.errors import UsageError
from exercises_lib.workspace import MANIFEST, learner_copy, sync_workspace

from .conftest import REPO


def _source_of(path, index):
    return nbformat.read(path, as_version=4).cells[index].source


def test_learner_copy_leaves_out_trainer_cells():
    """A learner's lesson has no trainer notes; every other cell is kept, in order."""
    nb = nbformat.read(REPO / "lessons" / "04-bird-dog.ipynb", as_version=4)
    trainer = [c for c in nb.cells if "trainer" in c.metadata.get("tags", [])]
    assert trainer
    copy = learner_copy(nb)
    assert len(nb.cells) - len(trainer) == len(copy.cells)
    assert not any("Trainer notes" in c.source for c in copy.cells)


def test_first_start_copies_every_notebook(course, tmp_path):
    """The first sync copies all lessons and tools into the workspace, and says so."""
    workspace = tmp_path / "mine"
    report = sync_workspace(course, workspace)
    expected = sorted(
        f"{folder}/{p.name}"
        for folder in ("lessons", "notebooks")
        for p in (course / folder).glob("*.ipynb")
    )
    assert len(expected) > 10
    assert expected == sorted(report.copied)
    assert (workspace / MANIFEST).is_file()
    assert [] == sync_workspace(course, workspace).lines()  # a second start changes nothing


def test_update_keeps_the_learners_edits(course, tmp_path):
    """An update replaces copies the learner only ran, and keeps edited ones with the new one beside."""
    workspace = tmp_path / "mine"
    sync_workspace(course, workspace)
    ran = workspace / "lessons" / "04-bird-dog.ipynb"
    nb = nbformat.read(ran, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="ran\n")]
    code.execution_count = 1
    nbformat.write(nb, ran)
    edited = workspace / "lessons" / "05-bridge-overhead-reach.ipynb"
    mine = nbformat.read(edited, as_version=4)
    mine.cells[0].source += "\n\nMy own note."
    nbformat.write(mine, edited)
    for name in ("04-bird-dog.ipynb", "05-bridge-overhead-reach.ipynb"):
        lesson = nbformat.read(course / "lessons" / name, as_version=4)
        lesson.cells[0].source += "\n\nA new line from the course."
        nbformat.write(lesson, course / "lessons" / name)

    report = sync_workspace(course, workspace, update=True)

    assert ["lessons/04-bird-dog.ipynb"] == report.updated
    assert "A new line from the course." in _source_of(ran, 0)
    assert [
        ("lessons/05-bridge-overhead-reach.ipynb", "lessons/05-bridge-overhead-reach.new.ipynb")
    ] == report.kept
    assert "My own note." in _source_of(edited, 0)
    assert "A new line from the course." in _source_of(edited.with_suffix(".new.ipynb"), 0)


def test_update_command_reports(course, tmp_path, capsys, monkeypatch):
    """`exercises update` copies what is missing and says what it did."""
    monkeypatch.setenv("EXERCISES_WORKSPACE", str(tmp_path / "mine"))
    assert 0 == main(["update", "--course", str(course)])
    out = capsys.readouterr().out
    assert "new: lessons/00-start-here.ipynb" in out
    assert 0 == main(["update", "--course", str(course)])
    assert "up to date." in capsys.readouterr().out


def test_no_course_folder_says_what_to_pass(tmp_path):
    """A folder without lessons is refused with the option that fixes it."""
    with pytest.raises(UsageError, match="pass --course"):
        sync_workspace(tmp_path, tmp_path / "mine")


def test_the_workspace_is_chosen_by_variable_then_checkout_then_documents(tmp_path, monkeypatch):
    """$EXERCISES_WORKSPACE wins; a checkout keeps my-course/; an install uses Documents."""
    from exercises_lib import coursefiles, workspace

    monkeypatch.setenv(workspace.WORKSPACE_ENV, str(tmp_path / "chosen"))
    assert tmp_path / "chosen" == workspace.workspace_dir()
    monkeypatch.delenv(workspace.WORKSPACE_ENV)
    assert REPO / "my-course" == workspace.workspace_dir()
    monkeypatch.setattr(workspace, "in_checkout", lambda: False)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Docs"))
    assert tmp_path / "Docs" / "lower-back-course" == workspace.workspace_dir()
    assert REPO == coursefiles.course_dir()


def test_the_lab_and_update_commands_use_the_course_s_own_lessons_from_anywhere(
    tmp_path, monkeypatch, capsys
):
    """Run from an empty folder, `exercises update` copies the course's own lessons."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EXERCISES_WORKSPACE", str(tmp_path / "mine"))
    assert 0 == main(["update"])
    expected = sorted(p.name for p in (REPO / "lessons").glob("*.ipynb"))
    assert expected
    assert expected == sorted(p.name for p in (tmp_path / "mine" / "lessons").glob("*.ipynb"))


@pytest.mark.slow
def test_saving_in_jupyterlab_leaves_the_repository_clean(tmp_path):
    """`exercises lab` serves the learner's copy: a save through the server changes no tracked file."""
    from .browser.conftest import _free_port
    from .browser.helpers import start_server, stop_server

    clone = tmp_path / "course"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "EXERCISES_WORKSPACE"}
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "settings")
    command = [sys.executable, "-m", "exercises_lib", "lab", "--no-browser", "--port", str(port)]
    # No token and no XSRF check: this test talks to the server as a plain HTTP client.
    command += [
        "--",
        "--IdentityProvider.token=",
        "--ip=127.0.0.1",
        "--ServerApp.disable_check_xsrf=True",
    ]
    url = f"http://127.0.0.1:{port}"
    process = start_server(command, f"{url}/api/status", tmp_path / "lab.log", cwd=clone, env=env)
    try:
        with urllib.request.urlopen(f"{url}/api/contents/lessons/04-bird-dog.ipynb") as reply:
            model = json.load(reply)
        model["content"]["cells"][0]["source"] = "# My notes\n\nI changed this lesson."
        save = urllib.request.Request(
            f"{url}/api/contents/lessons/04-bird-dog.ipynb",
            data=json.dumps(
                {"type": "notebook", "format": "json", "content": model["content"]}
            ).encode(),
            method="PUT",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(save) as reply:
            assert 200 == reply.status
        with urllib.request.urlopen(f"{url}/api/contents/") as reply:
            top = sorted(item["name"] for item in json.load(reply)["content"])
        settings = f"{url}/lab/api/settings/@jupyterlab/apputils-extension:notification"
        with urllib.request.urlopen(settings) as reply:
            news = json.load(reply)["schema"]["properties"]["fetchNews"]["default"]
    finally:
        stop_server(process)
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True
    )
    assert "" == status.stdout
    assert "I changed this lesson." in _source_of(
        clone / "my-course" / "lessons" / "04-bird-dog.ipynb", 0
    )
    assert ["lessons", "notebooks"] == top
    assert "false" == news


@pytest.mark.parametrize("given", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_lab_keeps_its_token_off_the_command_line(given, tmp_path, monkeypatch, capsys):
    """`exercises lab` hands JupyterLab its token in the environment, where `ps` cannot see
    it; an empty JUPYTER_TOKEN (sign-in off, an address that does not open) gets one too."""

    class Started(Exception):
        pass

    def execve(path, command, env):
        raise Started(command, env)

    monkeypatch.chdir(tmp_path)  # lab changes into the workspace; this puts it back after
    monkeypatch.setenv("EXERCISES_WORKSPACE", str(tmp_path / "mine"))
    if given is None:
        monkeypatch.delenv("JUPYTER_TOKEN", raising=False)
    else:
        monkeypatch.setenv("JUPYTER_TOKEN", given)
    monkeypatch.setattr(os, "execve", execve)
    with pytest.raises(Started) as started:
        main(["lab", "--no-browser", "--port", "8999"])
    command, env = started.value.args
    token = env["JUPYTER_TOKEN"]
    assert len(token) >= 32
    assert [] == [arg for arg in command if token in arg or arg.startswith("--IdentityProvider")]
    assert f"?token={token}" in capsys.readouterr().err
    assert "--ServerApp.jpserver_extensions=voila.server_extension=False" in command
    # only the port in the address printed: JupyterLab may not move to another one
    assert ["--port=8999", "--ServerApp.port_retries=0"] == [
        a for a in command if a.startswith(("--port", "--ServerApp.port_retries"))
    ]


def test_a_learner_s_copy_is_still_a_course_lesson_until_edited():
    """The copy without trainer notes runs when printed; one edited cell makes it a stranger."""
    from exercises_lib.coursefiles import is_course_lesson

    copy = learner_copy(nbformat.read(REPO / "lessons" / "04-bird-dog.ipynb", as_version=4))
    assert is_course_lesson(copy)
    copy.cells[-1].source += "\nprint('mine')"
    assert not is_course_lesson(copy)


def test_lab_in_spanish_sets_jupyterlab_s_locale_and_the_kernels_language(tmp_path, monkeypatch):
    """`exercises lab --lang es` starts JupyterLab with its Spanish pack's locale and the course's settings."""
    from exercises_lib.i18n import LANG_ENV, language
    from exercises_lib.jupyterlab import OVERRIDES

    class Started(Exception):
        pass

    def execve(path, command, env):
        raise Started(command, env)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EXERCISES_WORKSPACE", str(tmp_path / "mine"))
    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(os, "execve", execve)
    with pytest.raises(Started) as started:
        main(["lab", "--lang", "es", "--no-browser", "--port", "8999"])
    command, env = started.value.args
    assert "es" == env[LANG_ENV]
    # it made the copy itself: the course's server extension (for hubs) stays off
    assert "--CourseCopies.enabled=False" in command
    folder = next(a for a in command if a.startswith("--LabApp.app_settings_dir=")).split("=", 1)[1]
    settings = json.loads((Path(folder) / "overrides.json").read_text(encoding="utf-8"))
    course = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    spanish = language("es")
    assert spanish is not None
    assert spanish.lab_locale == settings["@jupyterlab/translation-extension:plugin"]["locale"]
    assert course.keys() <= settings.keys()
    assert all(settings[key] == course[key] for key in course)  # the news stays off


def test_an_installed_course_never_keeps_the_workspace_inside_itself(tmp_path, monkeypatch):
    """A site-packages folder that holds some pyproject.toml and a lessons folder is not the
    course's checkout, and a workspace chosen inside the installed package is not used:
    the next install would wipe the learner's copies."""
    from exercises_lib import coursefiles, workspace

    fake = tmp_path / "site-packages"
    (fake / "lessons").mkdir(parents=True)
    (fake / "pyproject.toml").write_text('[project]\nname = "someone-else"\n', encoding="utf-8")
    monkeypatch.setattr(coursefiles, "_CHECKOUT", fake)
    coursefiles.in_checkout.cache_clear()
    try:
        assert not coursefiles.in_checkout()
    finally:
        monkeypatch.undo()
        coursefiles.in_checkout.cache_clear()
    assert coursefiles.in_checkout()  # the premise: this is the checkout
    package = Path(workspace.__file__).resolve().parent
    monkeypatch.setenv(workspace.WORKSPACE_ENV, str(package / "my-course"))
    assert package not in workspace.workspace_dir().parents


def test_a_lesson_that_changed_its_number_takes_the_learners_copy_with_it(course, tmp_path):
    """A copy under a lesson's old number moves to the new one with the learner's edits;
    the course's new version goes beside it, and no copy stays under the old name."""
    from exercises_lib.workspace import RENAMED

    assert RENAMED
    workspace = tmp_path / "mine"
    sync_workspace(course, workspace)
    made = json.loads((workspace / MANIFEST).read_text(encoding="utf-8"))
    old, new = RENAMED[-1]
    (workspace / new).rename(workspace / old)  # as an older course named it
    made[old] = made.pop(new)
    (workspace / MANIFEST).write_text(json.dumps(made), encoding="utf-8")
    mine = nbformat.read(workspace / old, as_version=4)
    mine.cells[0].source += "\n\nMy own note."
    nbformat.write(mine, workspace / old)

    report = sync_workspace(course, workspace, update=True)

    assert [(old, new)] == report.renamed
    assert not (workspace / old).exists()
    assert "My own note." in _source_of(workspace / new, 0)
    assert any(line.startswith("renamed:") for line in report.lines())
    assert [] == sync_workspace(course, workspace, update=True).renamed
