"""The `pipeline` command: a thin layer over the library; no XML here.

Exit status of every command: 0 = done and valid (warnings are printed and allowed,
unless --strict); 1 = something is invalid or was not done (each reason printed as
file:line:col: message); 2 = the command line itself is wrong (click's usage error).
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .errors import PipelineError, Problem
from .project import Project

EXIT_STATUS = ("Exit status: 0 when everything was done and is valid (warnings are printed "
               "but allowed; --strict makes them fatal), 1 when anything is invalid or was not "
               "done, 2 for a usage error.")


def report(problems, err: bool = True) -> None:
    for p in problems:
        click.echo(str(p), err=err)


class Context:
    def __init__(self, root: Path | None):
        self.project = Project(root.resolve()) if root else Project.find()


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUS)
@click.option("--project", "root", type=click.Path(file_okay=False, path_type=Path),
              help="Edition project directory (default: the nearest one with schema/ above the current directory).")
@click.version_option(package_name="armistice-edition")
@click.pass_context
def main(ctx, root):
    """Build the Korean War armistice edition: raw sources -> TEI -> HTML, PDF, text -> deposit package."""
    ctx.obj = Context(root)


def run(ctx: click.Context, action):
    """Run a library call; user errors become file:line:col messages and exit status 1.

    A failed file operation the library did not expect (a folder that is a file, a
    full or read-only disk) is a one-line message naming the path, never a traceback.
    """
    try:
        return action()
    except PipelineError as e:
        report(e.problems)
        ctx.exit(1)
    except OSError as e:
        where = e.filename or "?"
        click.echo(f"{where}:0:0: {e.strerror or type(e).__name__}", err=True)
        ctx.exit(1)
    except sqlite3.Error as e:  # the build's corpus store on a full or read-only disk
        click.echo(f"{obj_root(ctx)}/build/.work/corpus.sqlite:0:0: {e}", err=True)
        ctx.exit(1)


def obj_root(ctx: click.Context) -> Path:
    obj = ctx.find_object(Context)
    return obj.project.root if obj is not None else Path(".")


@contextmanager
def locked(ctx: click.Context, obj: Context, command: str):
    """Hold the project lock: one convert, build or package at a time."""
    from .lock import project_lock

    lock = run(ctx, lambda: project_lock(obj.project, command, notify=lambda m: click.echo(m, err=True)))
    run(ctx, lock.__enter__)
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def activate_edition(ctx: click.Context, obj: Context):
    """Read edition.toml (a mistake in it is a positioned error, exit status 1)."""
    from . import edition

    return run(ctx, lambda: edition.activate(obj.project.root))


def exit_with(ctx: click.Context, problems, strict: bool, failed: bool = False) -> None:
    errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
    ctx.exit(1 if failed or errors or (strict and problems) else 0)


strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1).")


class _Progress:
    """A rich progress line naming the file being worked on, on a terminal only."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.bar = total, label, None

    def __enter__(self):
        if sys.stderr.isatty() and self.total > 1:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task(self.label, total=self.total)
        return self

    def __call__(self, path) -> None:
        """`path` is the file now being worked on (the count is of files started)."""
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"{self.label} {Path(path).name}")

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


@main.command(epilog=EXIT_STATUS)
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", help="Converter to use instead of detection (wilson, peoples-daily, book-chapter, generic).")
@click.option("--force", is_flag=True, help="Overwrite TEI files even when an editor has changed them.")
@strict_option
@pass_context
@click.pass_context
def convert(ctx, obj: Context, sources, kind, force, strict):
    """Convert raw sources (default: every file in seeds/) to TEI in tei/<stem>.xml.

    A TEI file changed by an editor since it was generated is never overwritten
    unless --force is given. A source that cannot be converted is reported and
    does not stop the others.
    """
    from .convert import convert_all, source_paths

    activate_edition(ctx, obj)
    with locked(ctx, obj, "convert"):
        paths = list(sources) or run(ctx, lambda: source_paths(obj.project))
        with _Progress(len(paths), "converting") as progress:
            outcomes = run(ctx, lambda: convert_all(obj.project, paths, kind=kind, force=force, progress=progress))
    failed = False
    problems = []
    for outcome in outcomes:
        if outcome.status == "failed":
            failed = True
        problems += outcome.warnings
        report(outcome.warnings)
        click.echo(f"{outcome.status:>10}  {outcome.target if outcome.status != 'failed' else outcome.source}")
    exit_with(ctx, problems, strict, failed)


@main.command(epilog=EXIT_STATUS)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tei-all", "tei_all", is_flag=True,
              help="Also validate against the official TEI P5 schema bundled as schema/tei_all.rng.")
@click.option("--engine", type=click.Choice(["auto", "jing", "lxml"]), default="auto", show_default=True,
              help="RELAX NG validator for --tei-all: jing (the reference) or lxml; auto uses jing when installed.")
@strict_option
@pass_context
@click.pass_context
def validate(ctx, obj: Context, files, tei_all, engine, strict):
    """Validate TEI (default: every file in tei/) against the project XSD and Schematron.

    Also checked: pointers name only the edition's own files or authority
    identifiers, links are http(s), mailto or relative, no DOCTYPE, and no two
    documents of the edition share an id. Problems are printed as
    file:line:col: message; exit status 0 when every file is valid (warnings are
    printed but allowed, unless --strict), 1 when any file is invalid.
    """
    from .validate import document_id_problems, validate_files

    paths = list(files) or sorted(obj.project.tei.glob("*.xml"))
    problems = run(ctx, lambda: validate_files(obj.project, paths) + document_id_problems(obj.project, paths))
    if tei_all:
        from .conformance import check_tei_all

        problems = problems + run(ctx, lambda: check_tei_all(obj.project, paths, engine))
    report(problems)
    errors = [p for p in problems if p.severity == "error"]
    schemas = "project schema and tei_all" if tei_all else "project schema"
    click.echo(f"{len(paths)} file(s) checked against the {schemas}: {len(errors)} error(s), "
               f"{len(problems) - len(errors)} warning(s)", err=bool(problems))
    exit_with(ctx, problems, strict)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--accept", "accept_forms", multiple=True, metavar="FORM",
              help="Accept the proposed name with this form into its register (repeatable).")
@click.option("--kind", type=click.Choice(["person", "place", "org"]),
              help="With --accept: the kind to accept it as (when the recognisers proposed another or several).")
@click.option("--as", "as_id", metavar="XML:ID",
              help="With --accept: add the forms as variants of this existing register entry.")
@click.option("--id", "new_id", metavar="XML:ID", help="With --accept: the xml:id of the new entry.")
@pass_context
@click.pass_context
def entities(ctx, obj: Context, files, accept_forms, kind, as_id, new_id):
    """List the names the recognisers proposed that no register knows yet, grouped by form.

    Each group shows its variants as written, languages, counts, documents and the register
    entry that accepting it would add. With --accept FORM, the group joins its register (or,
    with --as, an existing entry), the change is recorded in the register's revisionDesc,
    unedited documents are converted again and edited ones have those names confirmed in place.
    """
    from .entities.report import format_groups
    from .entities.review import accept, collect

    paths = list(files) or None
    if accept_forms:
        failed = False
        activate_edition(ctx, obj)
        with locked(ctx, obj, "entities --accept"):  # it rewrites registers and documents
            for form in accept_forms:
                done = run(ctx, lambda: accept(obj.project, form, kind=kind, as_id=as_id, new_id=new_id,
                                               paths=paths))
                what = "new entry" if done.new_entry else "entry"
                click.echo(f"accepted {form!r}: {what} {done.entry_id} in {done.register.name}"
                           f"{'; forms added: ' + ', '.join(done.forms_added) if done.forms_added else ''}")
                for path in done.edited_documents:
                    click.echo(f"  confirmed in edited document {path}")
                report(done.problems)
                failed = failed or bool(done.problems)
        ctx.exit(1 if failed else 0)
    groups = run(ctx, lambda: collect(obj.project, paths))
    for line in format_groups(groups):
        click.echo(line)
    click.echo(f"{len(groups)} proposed name(s) to review", err=True)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of gold keys (<stem>.names.json, <stem>.dates.json); default tests/gold.")
@click.option("--match", type=click.Choice(["auto", "id", "surface"]), default="auto", show_default=True,
              help="Compare names with their register ids, or by surface and kind only "
                   "(auto: ids when the gold gives an id for every name).")
@pass_context
@click.pass_context
def evaluate(ctx, obj: Context, files, gold_dir, match):
    """Precision and recall of the markup of TEI documents (default: the edition's) against a gold key."""
    from .evaluate import evaluate as run_evaluation, format_table

    gold = gold_dir or obj.project.root / "tests" / "gold"
    ids = {"auto": None, "id": True, "surface": False}[match]
    paths = list(files) or obj.project.document_paths()
    scores = run(ctx, lambda: run_evaluation(paths, gold, ids=ids))
    if not scores:
        click.echo(f"no document among the {len(paths)} given has a gold key in {gold}", err=True)
        ctx.exit(1)
    click.echo(format_table(scores))


@main.command(epilog=EXIT_STATUS)
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "fo", "pdf", "txt", "dts", "search"]),
              help="Output format; repeat for several (default: all).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output directory (default: build/).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPU count).")
@click.option("--force", is_flag=True, help="Rebuild every output even if its inputs did not change.")
@strict_option
@pass_context
@click.pass_context
def build(ctx, obj: Context, formats, out, jobs, force, strict):
    """Build HTML, XSL-FO, PDF, plain text and the static DTS API from tei/ into build/ (only what changed).

    Missing TEI is converted from seeds/ first; invalid documents get no output and
    make the exit status 1, the others are built.
    """
    from .build import FORMATS, build as run_build

    activate_edition(ctx, obj)
    with locked(ctx, obj, "build"):
        result = run(ctx, lambda: run_build(obj.project, formats=set(formats or FORMATS), out=out, jobs=jobs,
                                            force=force))
    for note in result.notes:
        click.echo(note, err=True)
    report(result.problems)
    click.echo(result.summary(), err=not result.ok)
    exit_with(ctx, result.problems, strict, failed=result.exit_code != 0)


@main.command(epilog=EXIT_STATUS)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Bag directory to write; must not exist (default: build/package/<slug>-<date>, "
                   "or -2, -3, … when that bag exists).")
@click.option("--verify", "verify_bag", type=click.Path(file_okay=False, path_type=Path),
              help="Check an existing bag instead: completeness, checksums, TEI, corpus, DC, METS and CMIF validity.")
@click.option("--allow-placeholders", is_flag=True,
              help="Package even though edition.toml still has placeholder values (a trial bag, not a deposit).")
@strict_option
@pass_context
@click.pass_context
def package(ctx, obj: Context, out, verify_bag, allow_placeholders, strict):
    """Write a BagIt deposit package: TEI, registers, schema, text, DC, METS, CMIF.

    Refuses (exit status 1, nothing written) while any TEI document is invalid, a
    pointer is broken, two documents share an id, the plain text in build/txt is
    missing or older than its TEI (run `pipeline build`), or edition.toml has
    placeholder values. An existing bag is never replaced. With --verify BAG,
    checks a bag and names every missing, changed or unexpected file and every
    invalid TEI or metadata file.
    """
    from .package import package as run_package, verify

    if verify_bag is not None:
        problems = run(ctx, lambda: verify(verify_bag))
        report(problems)
        click.echo(f"{verify_bag}: " + (f"{len(problems)} problem(s)" if problems else "valid"),
                   err=bool(problems))
        ctx.exit(1 if problems else 0)
    activate_edition(ctx, obj)
    with locked(ctx, obj, "package"):
        result = run(ctx, lambda: run_package(obj.project, out=out, allow_placeholders=allow_placeholders))
    report(result.warnings)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"{result.bag}: bag of {result.documents} document(s), {result.files} payload file(s)")
    exit_with(ctx, result.warnings, strict)


@main.command()
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is this machine only.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "txt", "dts"]),
              help="Formats rebuilt on save; repeat for several (default: html).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for large rebuilds.")
@pass_context
def serve(obj: Context, port, host, formats, jobs):
    """Serve build/html on PORT, rebuild on every save in seeds/, tei/, xslt/, schema/ and reload open pages.

    Problems of a saved file are printed here and shown on the page (file:line:col: message); the last
    good page stays until the file is fixed. Ctrl-C stops.
    """
    from .serve import serve as run_server

    sys.exit(run_server(obj.project, host=host, port=port, formats=set(formats or ("html",)), jobs=jobs,
                        echo=lambda msg, err=False: click.echo(msg, err=err)))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
