"""One run at a time: convert, build and package hold a lock on the project.

Two runs writing tei/, build/ or a bag at once would race on the same files (the
conversion record, the build state, FOP's output). The lock is an advisory
`flock` (filelock), so the kernel releases it when its holder dies, even by
kill -9: a crashed run never leaves the project locked.

A second run waits, saying once who holds the lock, and gives up with a
PipelineError (exit status 1) after `timeout` seconds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import PipelineError, Problem
from .project import Project

LOCK_NAME = ".pipeline.lock"
# seconds a second run waits before it gives up; PIPELINE_LOCK_TIMEOUT overrides it
DEFAULT_TIMEOUT = 900.0


def lock_path(project: Project) -> Path:
    return project.root / LOCK_NAME


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.with_suffix(".lock.json").read_text(encoding="utf-8"))
        return f"pid {info['pid']}, `pipeline {info['command']}` since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another pipeline run"


@contextmanager
def project_lock(project: Project, command: str, timeout: float | None = None, notify=None):
    """Hold the project's lock for the duration of the block.

    notify(message) is called once if the lock is busy (the CLI prints it).
    """
    if timeout is None:
        timeout = float(os.environ.get("PIPELINE_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    path = lock_path(project)
    try:
        lock = FileLock(str(path), is_singleton=False)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if notify is not None:
                notify(f"{project.root}: waiting for the run that holds the project lock ({_holder(path)}) to end")
            try:
                lock.acquire(timeout=timeout)
            except Timeout:
                raise PipelineError(Problem(path, 0, 0, f"still locked after {timeout:.0f} s by {_holder(path)}; "
                                                        "try again when that run has ended")) from None
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot lock the project: {e.strerror}")) from None
    info = path.with_suffix(".lock.json")
    try:
        info.write_text(json.dumps({"pid": os.getpid(), "command": command,
                                    "since": time.strftime("%H:%M:%S"), "argv": sys.argv[1:]}), encoding="utf-8")
    except OSError:
        pass  # the holder's description is a courtesy; the lock itself is held
    try:
        yield
    finally:
        try:
            info.unlink(missing_ok=True)
        except OSError:
            pass
        lock.release()
