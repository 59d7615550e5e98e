"""`pipeline serve`: the HTML edition on a local port, rebuilt on save, reloaded in the browser.

    build (if needed) -> serve build/html (starlette + uvicorn)
                      -> watch seeds/, tei/, xslt/, schema/ (watchfiles)
                      -> on a change: incremental build in one worker thread
                      -> server-sent event to every open page: reload, or an
                         overlay naming file:line:col and the message

The build runs with keep_last_good: a half-saved or broken file is reported
(in the terminal and on the page) and its last good page stays. Builds run one
at a time in one thread, so the stylesheets compiled for the first small
rebuild are reused by every later one (pipeline.build renders a few tasks in
this process). The pages on disk are never changed: the reload script is added
to each HTML response.

The search index (pipeline/search.py) takes seconds for a large edition, so it
is not part of the rebuild that a save waits for: after a rebuild that changed
pages, the index is made again in a thread of its own, once more if saves came
in meanwhile, and the pages are reloaded without waiting for it.
"""

from __future__ import annotations

import asyncio
import json
import threading
import mimetypes
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import Problem
from .project import Project

EVENTS = "/__serve/events"
CLIENT = "/__serve/client.js"
# browsers compile WebAssembly (the search) only when it is served as such
mimetypes.add_type("application/wasm", ".wasm")

CLIENT_JS = r"""
(function () {
  "use strict";
  var seen = null;
  var overlay = null;
  function show(problems) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!problems.length) return;
    overlay = document.createElement("div");
    overlay.id = "pipeline-serve-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;" +
      "background:#fff3f3;color:#3a0000;border-top:4px solid #b00020;padding:1rem 1.25rem;" +
      "font:14px/1.4 ui-monospace,monospace;box-shadow:0 -2px 12px rgba(0,0,0,.25)";
    var head = document.createElement("p");
    head.style.cssText = "margin:0 0 .5rem;font-weight:bold";
    head.textContent = "The last save has problems; this page is the last good build.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.style.cssText = "float:right";
    close.addEventListener("click", function () { overlay.remove(); overlay = null; });
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.25rem";
    problems.forEach(function (p) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.className = "where";
      where.textContent = p.where;
      item.appendChild(where);
      item.appendChild(document.createTextNode(": " + p.message));
      list.appendChild(item);
    });
    overlay.appendChild(close);
    overlay.appendChild(head);
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }
  var source = new EventSource("/__serve/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (seen !== null && state.version !== seen && state.changed) {
      window.location.reload();
      return;
    }
    seen = state.version;
    show(state.errors);
  };
})();
"""


def _problem(p: Problem, root: Path) -> dict:
    path = Path(str(p.path))
    try:
        path = path.resolve().relative_to(root.resolve())
    except ValueError:
        pass
    return {"where": f"{path.as_posix()}:{p.line}:{p.col}", "message": p.message,
            "severity": getattr(p, "severity", "error")}


class Server:
    """One edition served and watched."""

    def __init__(self, project: Project, formats: set[str], jobs: int | None, echo=print):
        self.project = project
        self.formats = formats
        self.jobs = jobs
        self.echo = echo
        self.html = project.build / "html"
        self.version = 0
        self.changed = False
        self.errors: list[dict] = []
        self._subscribers: set[asyncio.Queue] = set()
        self._builder = ThreadPoolExecutor(1, thread_name_prefix="pipeline-build")
        self._indexer = ThreadPoolExecutor(1, thread_name_prefix="pipeline-search")
        self._index_queued = False
        self._index_lock = threading.Lock()
        self.uvicorn = None

    # -- building -----------------------------------------------------------------

    def build_now(self) -> None:
        """One incremental build (in the builder thread); the new state goes to every page."""
        from .build import build

        t = time.perf_counter()
        try:
            report = build(self.project, formats=self.formats, jobs=self.jobs, progress=False, keep_last_good=True)
        except Exception as e:  # a broken project or a bug: report it and keep serving the last good pages
            self.errors = [{"where": str(self.project.root), "message": f"build failed: {type(e).__name__}: {e}",
                            "severity": "error"}]
            self.echo(f"build failed: {type(e).__name__}: {e}", err=True)
            self.version += 1
            self.changed = False
            return
        problems = [_problem(p, self.project.root) for p in report.problems]
        for p in problems:
            self.echo(f"{p['where']}: {p['message']}", err=True)
        self.errors = [p for p in problems if p["severity"] == "error"]
        self.changed = bool(report.built)
        if self.changed or not (self.html / "pagefind").is_dir():
            self.schedule_index()
        self.version += 1
        self.echo(f"{len(report.built)} rebuilt, {len(report.failed)} failed in {time.perf_counter() - t:.2f} s"
                  + (f"; {len(self.errors)} problem(s) shown on the pages" if self.errors else ""))

    def schedule_index(self) -> None:
        """Make the search index again, after the running one if any (saves during it coalesce)."""
        with self._index_lock:
            if self._index_queued:
                return
            self._index_queued = True
        self._indexer.submit(self._index)

    def _index(self) -> None:
        from .build import search_inputs
        from .search import write_index

        with self._index_lock:
            self._index_queued = False
        t = time.perf_counter()
        try:
            pages, cards, entries = search_inputs(self.project.build, self.project.document_paths())
            if pages or entries:
                write_index(self.html, pages, cards, entries)
                self.echo(f"search index updated in {time.perf_counter() - t:.1f} s")
        except Exception as e:  # the pages are served all the same
            self.echo(f"search index not updated: {e}", err=True)

    async def rebuild(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._builder, self.build_now)
        state = self.state()
        for q in list(self._subscribers):
            q.put_nowait(state)

    def state(self) -> str:
        return json.dumps({"version": self.version, "changed": self.changed, "errors": self.errors},
                          ensure_ascii=False)

    # -- watching ---------------------------------------------------------------------

    def watched(self) -> list[Path]:
        p = self.project
        return [d for d in (p.seeds, p.tei, p.xslt, p.schema) if d.is_dir()]

    @staticmethod
    def relevant(change, path: str) -> bool:
        """Editors' and our own temporary files are not edits (a save ends with a rename onto the file)."""
        name = os.path.basename(path)
        return not (name.startswith((".", "#")) or name.endswith(("~", ".tmp", ".swp", ".swx")))

    async def watch(self, stop: asyncio.Event) -> None:
        from watchfiles import awatch

        async for _changes in awatch(*self.watched(), watch_filter=self.relevant, stop_event=stop,
                                     debounce=400, step=30):
            await self.rebuild()

    # -- serving ------------------------------------------------------------------------

    def app(self):
        from starlette.applications import Starlette
        from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
        from starlette.routing import Route

        html_root = self.html.resolve()

        async def events(request):
            queue: asyncio.Queue = asyncio.Queue()
            self._subscribers.add(queue)

            async def stream():
                try:
                    yield "retry: 500\n\n"
                    yield f"data: {self.state()}\n\n"
                    while not (self.uvicorn and self.uvicorn.should_exit):
                        try:
                            state = await asyncio.wait_for(queue.get(), timeout=0.5)
                        except asyncio.TimeoutError:
                            continue
                        yield f"data: {state}\n\n"
                finally:
                    self._subscribers.discard(queue)

            return StreamingResponse(stream(), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-store"})

        async def client(request):
            return Response(CLIENT_JS, media_type="text/javascript", headers={"Cache-Control": "no-store"})

        async def page(request):
            rel = request.path_params["path"]
            target = (html_root / rel).resolve()
            if target != html_root and html_root not in target.parents:
                return PlainTextResponse("not found", status_code=404)
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                return PlainTextResponse("not found", status_code=404)
            if target.suffix == ".html":
                text = target.read_text(encoding="utf-8")
                tag = f'<script src="{CLIENT}" defer></script>'
                text = text.replace("</head>", tag + "</head>", 1) if "</head>" in text else text + tag
                return HTMLResponse(text, headers={"Cache-Control": "no-store"})
            return FileResponse(target, headers={"Cache-Control": "no-store"})

        return Starlette(routes=[Route(EVENTS, events), Route(CLIENT, client), Route("/{path:path}", page)])

    async def run(self, host: str, port: int) -> None:
        import uvicorn

        await asyncio.get_running_loop().run_in_executor(self._builder, self.build_now)
        config = uvicorn.Config(self.app(), host=host, port=port, log_level="warning", access_log=False,
                                timeout_graceful_shutdown=2, lifespan="off")
        self.uvicorn = uvicorn.Server(config)
        stop = asyncio.Event()
        watcher = asyncio.create_task(self.watch(stop))
        self.echo(f"serving {self.html} at http://{host}:{port}/ (Ctrl-C stops)")
        try:
            await self.uvicorn.serve()
        finally:
            stop.set()
            watcher.cancel()
            try:
                await watcher
            except (asyncio.CancelledError, Exception):
                pass
            self._builder.shutdown(wait=True, cancel_futures=True)
            self._indexer.shutdown(wait=True, cancel_futures=True)  # an index being written is finished


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000, formats=frozenset({"html"}),
          jobs: int | None = None, echo=None) -> int:
    """Serve until SIGINT/SIGTERM; 0 on a clean stop."""
    if echo is None:
        def echo(msg, err=False):
            print(msg, file=sys.stderr if err else sys.stdout, flush=True)
    server = Server(project, set(formats), jobs, echo)
    try:
        asyncio.run(server.run(host, port))
    except KeyboardInterrupt:  # uvicorn re-raises the SIGINT it handled, once it has shut down
        pass
    echo("stopped")
    return 0
