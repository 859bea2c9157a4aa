"""Which files a source names, decided by `stat` before anything is opened.

Policy (`eventwire.ingest.walk.v1`):
- Only regular files are read. A FIFO, socket or device is refused (`not_regular_file`) without being opened
  (opening a FIFO blocks until a writer comes; a device may never end), whether it is named or found in a folder;
  files are then opened with O_NONBLOCK and checked again with fstat, so one swapped in after the stat is refused
  too.
- In a folder (the root: the folder given), a symbolic link is followed only when its target resolves inside the
  root. A dangling link (`dangling_symlink`), a link that loops (`symlink_loop`, also a folder link to a folder
  that contains it) and a link leaving the root (`symlink_outside_root`) are refused with the path and the
  target. A linked folder inside the root is walked, after the real folders: a folder reached twice (itself and
  a link to it, or two links) is walked once, under its real path when the root holds it.
- A folder that cannot be listed, or a file that cannot be stat-ed, is refused (`unreadable`); the walk goes on.
- Names starting with "." are skipped, as before; so are regular files of kinds eventwire does not read.
- A path named on the command line that is a symbolic link is followed (the user named it); broken, it is refused
  like a link found in a folder. A path that does not exist raises InputError (a usage error, not an input).

Each refusal is an `Entry` with `problem` set; its `key` (the entry's location with every folder resolved) is the
basis of the rejection's id, so that two spellings of one path give one rejection.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

STAGE = "eventwire.ingest.walk.v1"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):(//)?")
_BARE_SCHEMES = {"file", "data", "mailto", "javascript", "about"}  # written without "//" as often as with it


def url_scheme(source: str) -> str | None:
    """The scheme of a source written as a URL ("ftp" for "ftp://host/feed.xml"; "http" too), else None. Only
    asked about a path that does not exist, so a file that happens to be named "a:b" is still a file."""
    m = _SCHEME.match(source.strip())
    if m is None or not (m.group(2) or m.group(1).lower() in _BARE_SCHEMES):
        return None
    return m.group(1).lower()


@dataclass(slots=True)
class Entry:
    path: Path
    problem: str | None = None  # "code: detail" when the entry is not read
    key: str = ""  # the resolved location (for refusals' ids)


class NotRegular(OSError):
    """Raised by `open_regular` for a path that is not a regular file (`what` says what it is)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def what_is(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "special file"


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading without ever blocking on a FIFO: O_NONBLOCK, then fstat. Raises NotRegular
    for anything else, OSError when it cannot be opened."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(what_is(st.st_mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def location(path: Path) -> str:
    """Where an entry is, independent of how its path was spelled: its folder resolved, plus its name."""
    return os.path.join(os.path.realpath(path.parent), path.name)


def _link_problem(path: Path, exc: OSError) -> str:
    target = os.readlink(path) if os.path.islink(path) else "?"
    if exc.errno == errno.ELOOP:
        return f"symlink_loop: {path} -> {target} loops"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"dangling_symlink: {path} -> {target} does not exist"
    return f"unreadable: {path} -> {target}: {exc.strerror or exc}"


def named(path: Path, wanted: Callable[[Path], bool]) -> Iterator[Entry]:
    """The entries of a path named on the command line (it exists, at least as a link): itself, or a folder's
    files. `wanted(path)` says whether a regular file is of a kind that is read."""
    try:
        st = os.stat(path)
    except OSError as exc:
        yield Entry(path, _link_problem(path, exc), location(path))
        return
    if stat.S_ISDIR(st.st_mode):
        yield from walk(path, wanted)
    elif stat.S_ISREG(st.st_mode):
        yield Entry(path)
    else:
        yield Entry(path, f"not_regular_file: {path} is a {what_is(st.st_mode)}", location(path))


def walk(root: Path, wanted: Callable[[Path], bool]) -> Iterator[Entry]:
    """The files under `root` to read, and the refusals met on the way, sorted by their path relative to `root`."""
    root_real = os.path.realpath(root)
    prefix = root_real.rstrip(os.sep) + os.sep

    def inside(real: str) -> bool:
        return real == root_real or real.startswith(prefix)

    found: list[tuple[str, Entry]] = []
    st = os.stat(root)
    walked = {(st.st_dev, st.st_ino)}
    stack: list[tuple[Path, str]] = [(root, "")]
    linked: list[tuple[Path, str, tuple[int, int]]] = []  # folders reached through a link: walked after the rest
    while stack or linked:  # depth first, without recursion (a folder tree may be deeper than Python's stack)
        if not stack:
            p, r, ident = linked.pop(0)
            if ident not in walked:  # a folder reached twice (itself and a link, or two links) is read once
                walked.add(ident)
                stack.append((p, r))
            continue
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                names = sorted(e.name for e in it)
        except OSError as exc:
            found.append((rel, Entry(folder, f"unreadable: {folder}: {exc.strerror or exc}", location(folder))))
            continue
        for name in names:
            if name.startswith("."):
                continue
            p, r = folder / name, f"{rel}/{name}" if rel else name
            try:
                st = os.lstat(p)
            except OSError as exc:
                found.append((r, Entry(p, f"unreadable: {p}: {exc.strerror or exc}", location(p))))
                continue
            is_link = stat.S_ISLNK(st.st_mode)
            if is_link:
                try:
                    st = os.stat(p)
                except OSError as exc:
                    found.append((r, Entry(p, _link_problem(p, exc), location(p))))
                    continue
                target = os.path.realpath(p)
                if not inside(target):
                    found.append((r, Entry(p, f"symlink_outside_root: {p} -> {target} is outside {root}",
                                           location(p))))
                    continue
            if stat.S_ISDIR(st.st_mode):
                ident = (st.st_dev, st.st_ino)
                if not is_link:
                    walked.add(ident)
                    stack.append((p, r))
                    continue
                here = os.path.realpath(folder)
                if here == target or here.startswith(target.rstrip(os.sep) + os.sep):
                    found.append((r, Entry(p, f"symlink_loop: {p} -> {target} is a folder that contains it",
                                           location(p))))
                else:
                    linked.append((p, r, ident))
            elif stat.S_ISREG(st.st_mode):
                if wanted(p):
                    found.append((r, Entry(p)))
            else:
                found.append((r, Entry(p, f"not_regular_file: {p} is a {what_is(st.st_mode)}", location(p))))
    found.sort(key=lambda x: x[0])
    for _, entry in found:
        yield entry
