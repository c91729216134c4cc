"""Reading a page file: only a regular file, and never more than a page can be.

A path given to the import may be anything. A FIFO and /dev/zero both report a size of
0, so the size check let them through: the FIFO blocked the import until something
wrote to it, /dev/zero was read until memory ran out. So the kind of file is asked
before it is opened, and again of the opened descriptor, and the read stops one byte
past the limit whatever the size said.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from seeds.parser.decode import PageDecodeError, check_size
from seeds.parser.rules import MAX_PAGE_BYTES

# What a path may be instead of a page file, in the words of the refusal.
_NOT_REGULAR = (
    (stat.S_ISFIFO, "命名管道", "a FIFO"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISSOCK, "套接字", "a socket"),
)


def read_page_bytes(path: Path, *, source: str) -> bytes:
    """The bytes of a page file, which must be a regular file of at most MAX_PAGE_BYTES.

    Anything else is refused before it is read: PageDecodeError naming what it is and
    why, or FileNotFoundError and IsADirectoryError, which import_seeds words itself.
    """
    try:
        _check(os.stat(path), path, source)
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            raise PageDecodeError(
                source, f"符号链接指向的文件不存在：{target} (broken symbolic link to {target})"
            ) from None
        raise
    # O_NONBLOCK: were the path swapped for a FIFO since it was looked at, opening it
    # would wait for a writer before the descriptor could be checked. A regular file's
    # reads ignore the flag.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        _check(os.fstat(descriptor), path, source)
        # A file still being copied in can be small when measured and large when read.
        data = handle.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            check_size(max(len(data), os.fstat(descriptor).st_size), source=source)
    return data


def _check(status: os.stat_result, path: Path, source: str) -> None:
    """Refuse anything but a regular file, then a regular file over the size limit."""
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(mode):
        chinese, english = next(
            ((chinese, english) for test, chinese, english in _NOT_REGULAR if test(mode)),
            ("特殊文件", "a special file"),
        )
        raise PageDecodeError(
            source, f"不是普通文件，而是{chinese}，不读取 (not a regular file: {english})"
        )
    check_size(status.st_size, source=source)
