"""Helpers of the fault suite (tests/test_faults_*.py): real `pipeline` processes, a
recording web server, secrets outside the project, and checks that every run ended
with a message instead of a traceback.

Every test builds its own project under tmp_path (a few seeds, so that each run
takes seconds), starts `pipeline` as a subprocess (`python -m pipeline.cli`), and
asserts on its exit status, its messages and the files it left.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conftest import ROOT, copy_project
from pipeline.project import Project

SECRET = "SECRET-OUTSIDE-THE-PROJECT-7f3a"
HTTP_SECRET = "SECRET-FROM-THE-WEB-91c2"


# seeds whose document id comes from the file name (a Wilson page's comes from its record
# ID, so two copies of one would be two captures of one record: refused by validation)
COPYABLE = ("001_", "002_", "003_")


def make_edition(dest: Path, seeds: int = 2, copies: int = 1) -> Project:
    """A project with the first `seeds` seeds, and `copies`-1 more copies of those among them
    whose document id is the file name's (so that the copies are distinct documents)."""
    project = copy_project(dest)
    kept = sorted(project.seeds.glob("*.txt"))
    for extra in kept[seeds:]:
        extra.unlink()
    for seed in kept[:seeds]:
        if not seed.name.startswith(COPYABLE):
            continue
        for n in range(1, copies):
            (project.seeds / f"{seed.stem}-copy{n}.txt").write_bytes(seed.read_bytes())
    return project


def outside_secret(tmp_path: Path) -> Path:
    """A TEI-looking file outside the project whose text must never appear anywhere."""
    d = tmp_path / "secret"
    d.mkdir(exist_ok=True)
    f = d / "evil.xml"
    f.write_text(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p xml:id="x">{SECRET}</p>'
                 f'<person xml:id="pers-x"><persName>{SECRET}</persName></person></body></text></TEI>\n',
                 encoding="utf-8")
    (d / "evil.dtd").write_text(f'<!ENTITY secret "{SECRET}">\n', encoding="utf-8")
    (d / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return f


def pipeline_cmd(project: Project, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "--project", str(project.root), *args]


def run(project: Project, *args: str, timeout: float = 180, env: dict | None = None) -> subprocess.CompletedProcess:
    """`pipeline ARGS` in a subprocess; a run that needs longer than `timeout` is a failure (a hang)."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run(pipeline_cmd(project, *args), capture_output=True, text=True, timeout=timeout,
                          cwd=project.root, env=environ, stdin=subprocess.DEVNULL)
    assert_no_traceback(done)
    return done


def start(project: Project, *args: str, env: dict | None = None) -> subprocess.Popen:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen(pipeline_cmd(project, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=project.root, env=environ, stdin=subprocess.DEVNULL,
                            start_new_session=True)


def assert_no_traceback(done) -> None:
    out = (done.stdout or "") + (done.stderr or "")
    assert "Traceback (most recent call last)" not in out, out[-4000:]


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def kill_after(proc: subprocess.Popen, seconds: float, ready=None) -> tuple[bool, set[int]]:
    """SIGKILL `proc` `seconds` after ready() first holds (or after start), if it still runs.

    Returns (killed, its descendants at that moment). `ready` anchors the moment in
    the run's own progress (workers started, a first file written), which a loaded
    machine's timings cannot.
    """
    if ready is not None:
        limit = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < limit and not ready():
            time.sleep(0.005)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    if proc.poll() is not None:
        proc.communicate(timeout=30)
        return False, set()
    kids = descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # the pipes stay open while any descendant lives: read them with a bound, never forever
    try:
        proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        left = {k: Path(f"/proc/{k}/cmdline").read_bytes()[:200] for k in kids | descendants(proc.pid) if alive(k)}
        for k in left:
            os.kill(k, signal.SIGKILL)
        raise AssertionError(f"processes of the killed run still hold its output 15 s later: {left}")
    return True, kids


def wait_gone(pids: set[int], timeout: float = 10) -> set[int]:
    """The pids still alive after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = {p for p in pids if alive(p)}
        if not left:
            return set()
        time.sleep(0.1)
    return {p for p in pids if alive(p)}


def leftovers(folder: Path) -> list[Path]:
    """Temp files and staging folders under `folder`."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob(".*") if (p.is_file() and p.name.endswith(".tmp"))
                  or (p.is_dir() and (p.name.startswith(".stage-") or ".staging-" in p.name)))


def tree_text(folder: Path) -> str:
    """Every file under `folder` as text (for "the secret was not published")."""
    parts = []
    for p in sorted(folder.rglob("*")) if folder.exists() else []:
        if p.is_file():
            parts.append(p.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


class Recorder(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.server.requests.append(self.path)
        body = f'<?xml version="1.0"?><x xml:id="x">{HTTP_SECRET}</x>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class WebServer:
    """A web server on 127.0.0.1 that records every request (and answers with a secret)."""

    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        self.httpd.requests = []
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self) -> list[str]:
        return list(self.httpd.requests)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SilentServer:
    """A port that accepts connections and never answers (a DTD server that hangs)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = False
        self.sock.settimeout(0.2)
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        self._conns = []

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            self._conns.append(conn)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def close(self):
        self._stop = True
        self.thread.join(2)
        for c in self._conns:
            c.close()
        self.sock.close()
