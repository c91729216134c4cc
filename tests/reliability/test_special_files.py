"""Only regular files are read as pages: FIFOs, devices, sockets and directories are refused.

A FIFO blocked the import until something wrote to it, and /dev/zero was read until
memory ran out: both report a size of 0, so the size check let them through. Each test
runs the import under a deadline, so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Page
from seeds.importer import files as importer_files
from tests.factories import fake_parse_page

pytestmark = pytest.mark.django_db

SMALL_PAGE = "社区党建引领微治理\n\n网格员逐户核算维修成本，居民议事会当场通过。\n"


class Hung(BaseException):
    """Not an Exception: the importer reports those per file and goes on."""


@contextlib.contextmanager
def deadline(seconds: int):
    def expired(signum, frame):
        raise Hung(f"the import was still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def stand_in_parser(monkeypatch):
    monkeypatch.setattr(importer_files, "parse_page", fake_parse_page)


def run(*paths):
    """Run import_seeds under a deadline; return (stdout, stderr, error or None)."""
    out, err = io.StringIO(), io.StringIO()
    with deadline(30):
        try:
            call_command("import_seeds", *map(str, paths), stdout=out, stderr=err)
        except CommandError as exc:
            return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def fifo(folder):
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path, "命名管道"


def dev_zero(folder):
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return path, "字符设备"


def directory(folder):
    path = folder / "folder.txt"
    path.mkdir()
    return path, "目录"


def unix_socket(folder):
    # A socket's path is limited to about 100 bytes: bind by a name relative to the folder.
    path = folder / "sock.txt"
    server = socket.socket(socket.AF_UNIX)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        server.bind(path.name)
    finally:
        os.chdir(cwd)
    return path, "套接字"


def broken_symlink(folder):
    path = folder / "gone.txt"
    path.symlink_to(folder / "deleted.txt")
    return path, "符号链接"


@pytest.mark.parametrize(
    "make", [fifo, dev_zero, directory, unix_socket, broken_symlink], ids=lambda f: f.__name__
)
def test_a_file_that_is_not_a_regular_file_is_refused_and_the_others_import(tmp_path, make):
    odd, kind = make(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(SMALL_PAGE, encoding="utf-8")

    out, err, error = run(odd, good)

    assert error is not None and odd.name in str(error)  # non-zero exit, naming the file
    message = next(line for line in err.splitlines() if line.startswith(f"{odd}: "))
    assert kind in message
    assert list(Page.objects.values_list("source_name", flat=True)) == ["good.txt"]


def test_the_refusals_say_what_the_file_is_in_both_languages(tmp_path):
    pipe, _kind = fifo(tmp_path)
    zero, _kind = dev_zero(tmp_path)
    gone, _kind = broken_symlink(tmp_path)

    _out, err, _error = run(pipe, zero, gone)

    reasons = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in err.splitlines()[:3]}
    assert reasons[str(pipe)] == "不是普通文件，而是命名管道，不读取 (not a regular file: a FIFO)"
    assert reasons[str(zero)] == (
        "不是普通文件，而是字符设备，不读取 (not a regular file: a character device)"
    )
    assert reasons[str(gone)] == (
        f"符号链接指向的文件不存在：{tmp_path / 'deleted.txt'} "
        f"(broken symbolic link to {tmp_path / 'deleted.txt'})"
    )


def test_a_symlink_to_a_page_imports_as_the_page(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(SMALL_PAGE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)

    _out, err, error = run(link)

    assert error is None, err
    assert Page.objects.get().text == SMALL_PAGE


def test_a_fifo_among_pages_read_ahead_in_a_worker_is_refused(tmp_path):
    # From 8 files on, a worker process reads the pages: there a FIFO would block it.
    paths = []
    for n in range(importer_files.PARSE_AHEAD_MIN_FILES):
        path = tmp_path / f"p{n}.txt"
        path.write_text(SMALL_PAGE.replace("微治理", f"微治理{n}"), encoding="utf-8")
        paths.append(path)
    pipe, _kind = fifo(tmp_path)
    paths.insert(3, pipe)

    _out, err, error = run(*paths)

    assert error is not None and "pipe.txt" in str(error)
    assert f"{pipe}: 不是普通文件，而是命名管道" in err
    assert Page.objects.count() == importer_files.PARSE_AHEAD_MIN_FILES


def test_a_fifo_given_to_the_command_exits_non_zero_without_hanging(tmp_path):
    # A real process, to see the exit status; the FIFO fails before any database is asked.
    pipe, _kind = fifo(tmp_path)
    proc = subprocess.run(
        [sys.executable, "manage.py", "import_seeds", "--dry-run", "--json", str(pipe)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert proc.returncode != 0
    [error] = json.loads(proc.stdout)["errors"]
    assert error["source"] == str(pipe) and "FIFO" in error["error"]
