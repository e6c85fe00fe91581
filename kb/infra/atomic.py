"""Safe writes for the editors' tools: whole files or nothing, one writer at a time.

Every file that ``kb new`` or ``kb import`` changes is written to a temporary file in the same
folder, flushed to disk and renamed over the old one, so a crash, Ctrl-C or SIGKILL leaves either
the old file or the new one, never a truncated mix. Writers hold an exclusive lock on
``data/.kb.lock`` for the whole read-check-write cycle, so two editors' commands queue instead of
both taking the same next id.

Builds hold another exclusive lock, ``.kb-build.lock`` beside the build's config file (the project
root), for the whole build and for ``kb bundle``: a second build waits, so two builds never share or
remove each other's temporary folders and never write the offline zip at the same time.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from kb.core.messages import BUILD
from kb.core.messages import text as message_text

LOCK_NAME = ".kb.lock"
BUILD_LOCK_NAME = ".kb-build.lock"


@contextlib.contextmanager
def exclusive(lock_file: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive flock on lock_file; a second holder waits here (calling `waiting` once first).

    The lock goes with the open file: a holder killed outright (SIGKILL) releases it at once, and child
    processes do not inherit it (subprocess closes the descriptor in the child).
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the knowledge base's writer lock; a second writer waits here until the first is done."""
    with exclusive(data_dir / LOCK_NAME):
        # A writer killed outright (SIGKILL, power loss) may have left a temporary file; with the lock
        # held no one else is writing, so any left over is garbage.
        for stale in [*data_dir.glob(".*.tmp"), *data_dir.glob("*/.*.tmp"), *data_dir.parent.glob("docs/guide/.*.tmp")]:
            stale.unlink(missing_ok=True)
        yield


@contextlib.contextmanager
def build_locked(root: Path) -> Iterator[None]:
    """Hold the build lock of the project at root (python -m kb.infra.build, kb bundle); says so when it waits.

    Whatever a killed build left (staging folders, temporary zips) may be removed while this is held:
    no other build can own it.
    """
    lock_file = root / BUILD_LOCK_NAME

    def waiting() -> None:
        print(BUILD["waiting"].format(lock=os.path.relpath(lock_file)), file=sys.stderr, flush=True)

    with exclusive(lock_file, waiting):
        yield


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while files are being replaced, so clean-up code runs for both."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signal handling alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _temporary(path: Path, data: bytes) -> Path:
    """Write data to a new temporary file beside path, flushed to disk; returns its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(name, path.stat().st_mode & 0o7777)
        else:
            os.chmod(name, 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


# Set by the `kb` command (kb.entry); library callers keep their own signal handling.
command_line = False


def committed() -> None:
    """Past the commit point: the change is on disk, so Ctrl-C or SIGTERM from now on would only make the
    command misreport what it did. Ignore them for the few moments it takes to report and exit."""
    if not command_line:
        return
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except ValueError:  # not the main thread (tests calling the functions directly)
        pass


def _refuse_links(path: Path) -> None:
    """OSError when path is a symbolic link or lies in a linked folder of its knowledge base (up to data/
    or docs/): renaming over a link would replace it with a plain file, and writing into a linked folder
    would write outside the repository."""
    chain = [path]
    for folder in path.parents:
        chain.append(folder)
        if folder.name in ("data", "docs"):
            break
    else:
        chain = [path, path.parent]  # not inside a knowledge base: the file and its own folder
    for part in chain:
        if part.is_symlink():
            raise OSError(errno.ELOOP, message_text("symlink"), str(part))


def write_text(path: Path, text: str) -> None:
    """Replace one file atomically with UTF-8 text."""
    write_files({path: text})


def write_bytes(path: Path, data: bytes) -> None:
    """Replace one file atomically with bytes."""
    write_files({path: data})


def write_files(contents: Mapping[Path, str | bytes]) -> None:
    """Replace several files, each atomically; all temporary files are written before any rename.

    A failure while writing the temporary files changes nothing. The renames themselves are quick
    and cannot fail half-way through a file; Ctrl-C and SIGTERM are held off until they are done.
    """
    for path in contents:
        _refuse_links(Path(path))
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in contents.items():
            staged.append((_temporary(path, text.encode("utf-8") if isinstance(text, str) else text), path))
        with _signals_held():
            for temporary, path in staged:
                os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


# Set when Ctrl-C or SIGTERM arrived while files were being renamed into place: the change was
# completed, and the command should finish normally rather than report that nothing changed.
deferred: list[int] = []


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM off while the block runs (the main thread only).

    A signal that arrives meanwhile is taken off the queue and recorded in ``deferred``: by the time
    it could act, the files are already replaced, so interrupting then would only misreport the result.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        pending = signal.sigpending() & held
        for _ in pending:
            deferred.append(signal.sigwait(pending))
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
