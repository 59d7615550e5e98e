"""Confinement of the processes that run stylesheets: the project's files only, no network.

Validation keeps every pointer inside tei/ and refuses DTDs, and Saxon is set to
the file: protocol only (`transform.py`); this is the layer under both. A pool
worker, once Saxon is started, asks the kernel (Linux Landlock, 5.13+; TCP rules
from 6.7) to refuse it any file outside the folders it needs and any TCP
connection. Whatever a stylesheet or a document then names - file:///etc/hostname,
../../secret.xml, http://127.0.0.1:8765/evil.xml - the open() or connect() fails
inside Saxon and the transform reports an error; nothing is read or sent.

Workers also die with their parent (PR_SET_PDEATHSIG, and a watchdog on the parent's
pid for the forkserver case), so a killed build leaves no process behind.

Where Landlock is missing (another OS, an old kernel), `confine` returns False and
the other layers remain.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from pathlib import Path

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_RULE_PATH_BENEATH = 1
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS = 1, 38

# filesystem access rights (ABI 1-3)
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_REMOVE_DIR, _REMOVE_FILE, _MAKE_CHAR, _MAKE_DIR, _MAKE_REG = 1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8
_MAKE_SOCK, _MAKE_FIFO, _MAKE_BLOCK, _MAKE_SYM, _REFER, _TRUNCATE = (1 << 9, 1 << 10, 1 << 11, 1 << 12,
                                                                     1 << 13, 1 << 14)
_READ = _EXECUTE | _READ_FILE | _READ_DIR
_WRITE = (_WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE_DIR | _MAKE_REG | _MAKE_SYM | _REFER | _TRUNCATE)
# network rights (ABI 4)
_BIND_TCP, _CONNECT_TCP = 1 << 0, 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 when there is none."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        r = _libc().syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except (OSError, AttributeError):
        return 0
    return r if r > 0 else 0


def system_read_dirs() -> list[Path]:
    """What a Python process running saxonche reads after start-up: the interpreter and its packages."""
    dirs = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(__file__).resolve().parent.parent}
    dirs.update(Path(p) for p in sys.path if p)
    dirs.update(Path(p) for p in ("/usr/lib", "/usr/lib64", "/usr/local/lib", "/lib", "/lib64", "/usr/share/zoneinfo"))
    return sorted(d for d in dirs if d.exists())


def confine(read: list[Path], write: list[Path]) -> bool:
    """Restrict this thread (and what it starts) to `read` (read-only) and `write`, and no TCP.

    Call it from the thread that will run the transforms, after Saxon has started.
    Returns False (and changes nothing) where the kernel has no Landlock.
    """
    abi = abi_version()
    if abi < 1:
        return False
    libc = _libc()
    handled_fs = _READ | _WRITE | _MAKE_CHAR | _MAKE_SOCK | _MAKE_FIFO | _MAKE_BLOCK
    if abi < 2:
        handled_fs &= ~_REFER
    if abi < 3:
        handled_fs &= ~_TRUNCATE
    attr = _RulesetAttr(handled_fs, (_BIND_TCP | _CONNECT_TCP) if abi >= 4 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 4 else 8
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        def allow(path: Path, access: int) -> None:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                return
            try:
                if not os.path.isdir(path):
                    access &= _READ_FILE | _WRITE_FILE | _TRUNCATE | _EXECUTE
                rule = _PathBeneathAttr(access & handled_fs, fd)
                libc.syscall(_SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                             ctypes.byref(rule), ctypes.c_uint32(0))
            finally:
                os.close(fd)

        for d in read:
            allow(Path(d), _READ)
        for d in write:
            allow(Path(d), _READ | _WRITE)
        for dev in ("/dev/null", "/dev/urandom", "/dev/random"):
            allow(Path(dev), _READ_FILE | _WRITE_FILE)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return libc.syscall(_SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)


def die_with(parent_pid: int) -> None:
    """End this process when `parent_pid` (the run that started the pool) is gone."""
    if sys.platform.startswith("linux"):
        try:  # the kernel's way: SIGKILL when the process that forked us exits
            _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    # A forkserver forks the workers, so the kernel watches the forkserver, not the run:
    # a thread watches the run itself.
    if os.getppid() != parent_pid:
        def watch() -> None:
            while True:
                time.sleep(0.5)
                try:
                    os.kill(parent_pid, 0)
                except ProcessLookupError:
                    os._exit(1)
                except PermissionError:
                    pass
        threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
