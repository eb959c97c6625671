"""Chromium's flags: the sandbox stays on for everyone but root."""

from __future__ import annotations

import os

import pytest

from exercises_lib import browser


def test_root_drops_the_sandbox(monkeypatch):
    """Run as root, Chromium gets --no-sandbox (it refuses to start otherwise)."""
    monkeypatch.setattr(browser, "_is_root", lambda: True)
    assert "--no-sandbox" in browser.chromium_args()


def test_a_normal_user_keeps_the_sandbox(monkeypatch):
    """Run as a normal user, the sandbox stays on."""
    monkeypatch.setattr(browser, "_is_root", lambda: False)
    args = browser.chromium_args()
    assert "--no-sandbox" not in args
    assert "--disable-gpu" in args


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="needs root to setuid")
def test_really_unprivileged_child_keeps_the_sandbox():
    """A forked child that drops to user 'nobody' builds flags without --no-sandbox."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: become nobody, report the flags, leave at once
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, " ".join(browser.chromium_args()).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        flags = pipe.read().split()
    os.waitpid(pid, 0)
    assert flags
    assert "--no-sandbox" not in flags
