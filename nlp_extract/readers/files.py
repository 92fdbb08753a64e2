"""Reading an input file's bytes safely: only regular files, never more than a size limit.

Whatever a crawler left in a corpus folder, reading must not block (a FIFO named ``x.txt``),
must not load a huge file into memory, and must explain every refusal in words a person
understands. The checks run on ``stat`` before the file is opened, and again on the open
descriptor (the path may have been replaced in between).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

DEFAULT_MAX_BYTES = 200_000_000
NOT_FOUND = "not found: the file was moved or deleted after the inputs were listed"


class UnreadableInput(Exception):
    """The file cannot or must not be read; ``reason`` says why (for ``errors.jsonl``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def size_text(size: int) -> str:
    """``52.4 MB`` (decimal megabytes), or bytes for small sizes."""
    if size < 100_000:
        return f"{size} bytes"
    return f"{size / 1_000_000:.1f} MB"


def _kind_reason(path: Path, mode: int) -> str | None:
    """Why a file of this type is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _directory_reason(path)
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "a special file"
    return f"{kind}, not a regular file: not read (reading it could block or never end)"


def _directory_reason(path: Path) -> str:
    if path.is_symlink():
        target = os.readlink(path)
        try:
            loops = path.resolve() in path.parent.resolve().parents or \
                path.resolve() == path.parent.resolve()
        except (OSError, RuntimeError):
            loops = True
        if loops:
            return (f"symbolic link loop: this link to a directory points back to {target}, "
                    "which contains it; not followed")
        return (f"symbolic link to the directory {target}: not followed (links can loop); "
                "give the directory itself as an input to annotate it")
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"cannot list this directory: {_os_reason(exc)}"
    return "is a directory, not a file"


def _os_reason(exc: OSError) -> str:
    code = exc.errno
    if code == errno.ELOOP:
        return "symbolic link loop: the link leads back to itself, there is no file to read"
    if code == errno.ENOENT:
        return NOT_FOUND
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied: this user may not read it (check the file's permissions)"
    if code == errno.ENOTDIR:
        return "not found: a part of its path is not a directory"
    if code == errno.ENAMETOOLONG:
        return "the path is too long for the file system"
    if code == errno.EIO:
        return "input/output error (a failing disk or network share?)"
    return exc.strerror or str(exc)


def read_input_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *,
                     head: int | None = None) -> bytes:
    """The bytes of the regular file ``path``; raises :class:`UnreadableInput` with the reason
    when it is missing, unreadable, not a regular file or larger than ``max_bytes`` (refused
    from its size on disk, before anything is read). ``head``: read only the first ``head``
    bytes (the rest of the file is never loaded)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise UnreadableInput(f"cannot read file: broken symbolic link to "
                                  f"{os.readlink(path)}, which does not exist") from None
        raise UnreadableInput(f"cannot read file: {NOT_FOUND}") from None
    except OSError as exc:
        raise UnreadableInput(f"cannot read file: {_os_reason(exc)}") from None
    _check(path, info, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise UnreadableInput(f"cannot read file: {_os_reason(exc)}") from None
    with os.fdopen(descriptor, "rb") as stream:
        _check(path, os.fstat(descriptor), max_bytes)  # the path may have been swapped
        try:
            data = stream.read(max_bytes + 1 if head is None else min(head, max_bytes + 1))
        except OSError as exc:
            raise UnreadableInput(f"cannot read file: {_os_reason(exc)}") from None
    if len(data) > max_bytes:
        raise UnreadableInput(f"file grew over the limit of {size_text(max_bytes)} while "
                              "being read")
    return data


def _check(path: Path, info: os.stat_result, max_bytes: int) -> None:
    reason = _kind_reason(path, info.st_mode)
    if reason is not None:
        raise UnreadableInput(reason)
    if info.st_size > max_bytes:
        raise UnreadableInput(f"file is {size_text(info.st_size)}, over the limit of "
                              f"{size_text(max_bytes)}; split it or raise the limit")

