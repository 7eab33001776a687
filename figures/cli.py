"""The `figures` command: extract, ingest, export and browse the figures of a corpus.

Exit codes: 0 success; 1 an error (one line on stderr, traceback only with --debug);
2 a usage error; 3 the run finished but skipped some input (named in the summary).
Heavy imports (duckdb, polars, streamlit) happen inside the commands that need them, so
`figures extract` starts fast.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from extract.errors import FiguresError

if TYPE_CHECKING:
    from extract.record import Document, Figure
    from figures.settings import Settings

log = logging.getLogger("figures")

EXIT_SKIPPED = 3
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Group(click.Group):
    """Turn FiguresError into one line and exit code 1; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FiguresError as exc:
            if ctx.meta.get("figures.debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="figures")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv every rule decision).")
@click.option("-q", "--quiet", is_flag=True, help="Print only results and errors; no progress bar.")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    """Find every quantitative figure in a corpus, with its quote and source.

    Typical use: `figures ingest corpus/` then `figures dashboard`. Settings come from
    defaults < figures.toml < FIGURES_* environment variables < options.
    """
    level = logging.WARNING if not verbose else (logging.INFO if verbose == 1 else logging.DEBUG)
    if quiet:
        level = logging.ERROR
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # pypdf warns about every repaired PDF; the skipped-file line already says what matters.
    logging.getLogger("pypdf").setLevel(level if verbose else logging.ERROR)
    ctx.meta["figures.debug"] = debug
    ctx.meta["figures.quiet"] = quiet


def _settings(**flags: Any) -> Settings:
    from figures.settings import load_settings

    return load_settings(flags)


def _load_inputs(paths: Sequence[str]) -> Iterator[tuple[str, Document | FiguresError]]:
    """Yield (name, document or the error that kept it from loading) for each input."""
    from extract.documents import document_from_bytes, iter_paths, load_document

    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            try:
                yield "<stdin>", document_from_bytes(data, name="stdin.txt", path="<stdin>")
            except FiguresError as exc:
                yield "<stdin>", exc
            continue
        path = Path(raw)
        if not path.exists():
            yield raw, FiguresError(_missing(raw))
            continue
        found = False
        for file in iter_paths([path]):
            found = True
            try:
                yield str(file), load_document(file)
            except FiguresError as exc:
                yield str(file), exc
        if not found:
            yield raw, FiguresError(f"{raw}: no documents (.txt, .md) in this folder")


def _missing(raw: str) -> str:
    """Return why the input `raw` that does not exist cannot be read (a link to nothing, or absent)."""
    if Path(raw).is_symlink():
        return f"{raw}: a symbolic link to nothing (its target is missing, or the links form a loop)"
    return f"{raw}: no such file or folder"


def _csv_cell(value: Any) -> str:
    """Return a CSV cell that spreadsheets show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text


def _jsonl(figures: list[Figure], out: Any) -> None:
    """Write one JSON object per figure, keys in contract order (as `Figure.to_dict`, which
    deep-copies through dataclasses.asdict: too slow for millions of records)."""
    from extract.record import FIGURE_FIELDS

    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = []
    for f in figures:
        d = {k: getattr(f, k) for k in FIGURE_FIELDS}
        d["actors"] = list(f.actors)
        lines.append(encode(d))
    if lines:
        out.write("\n".join(lines) + "\n")


def _csv_rows(figures: list[Figure], writer: Any) -> None:
    from extract.record import FIGURE_FIELDS

    for f in figures:
        d = f.to_dict()
        writer.writerow([_csv_cell(d[k]) for k in FIGURE_FIELDS])


def _table(figures: list[Figure], out: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(figures)} figures")
    for col in ("doc", "quote", "value", "unit", "kind", "indicator", "year", "actors"):
        table.add_column(col, overflow="fold")
    for f in figures:
        year = "" if f.year is None else str(f.year)
        table.add_row(
            f.doc,
            " ".join(f.quote.split()),
            f"{f.value:,.6g}",
            f.unit,
            f.kind,
            f.indicator,
            year,
            ", ".join(f.actors),
        )
    Console(file=out, width=None if out.isatty() else 160).print(table)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="jsonl", show_default=True,
    help="jsonl: one figure record per line; csv: a header and a row per figure; table: for reading.",
)  # fmt: skip
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Print the figures found in PATHS (files, folders, or - for standard input).

    Never touches the database. Unreadable files are named on stderr and skipped (exit 3).
    """
    from extract.pipeline import find_figures
    from extract.record import FIGURE_FIELDS

    skipped = 0
    collected: list[Figure] = []
    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer:
        writer.writerow(FIGURE_FIELDS)
    for _name, doc in _load_inputs(paths):
        if isinstance(doc, FiguresError):
            skipped += 1
            click.echo(f"skipped: {doc}", err=True)
            continue
        figures = find_figures(doc.text, doc.meta)
        if fmt == "jsonl":
            _jsonl(figures, sys.stdout)
        elif writer:
            _csv_rows(figures, writer)
        else:
            collected.extend(figures)
    if fmt == "table":
        _table(collected, sys.stdout)
    if skipped:
        ctx.exit(EXIT_SKIPPED)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), help="DuckDB file (default: DATA_DIR/figures.duckdb)."
)
@click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for the database (setting data_dir)."
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for extraction (default: all cores).")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: a process pool here; dask: the same extraction on a Dask cluster, via Parquet.",
)
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a LocalCluster of --jobs.")
@click.option("--parquet-out", help="Folder or fsspec URL for the Dask Parquet (default: DATA_DIR/parquet).")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    db: Path | None,
    data_dir: Path | None,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    parquet_out: str | None,
) -> None:
    """Load PATHS (files or folders; default: the shipped corpus) into the DuckDB warehouse.

    Re-running changes nothing; a changed file replaces its old figures in one transaction.
    Unreadable files are named and skipped, the rest still load (exit 3 if any skipped).
    An open dashboard keeps serving the previous state until the load is committed.
    """
    settings = _settings(db=db, data_dir=data_dir)
    inputs = list(paths) or [str(settings.corpus)]
    quiet = bool(ctx.meta.get("figures.quiet"))
    if engine == "dask":
        out = parquet_out or str(settings.data_dir / "parquet")
        result, skipped = _run_dask_ingest(settings.db, inputs, out=out, scheduler=scheduler, jobs=jobs)
    else:
        result, skipped = _run_ingest(settings.db, inputs, jobs=jobs, quiet=quiet)
    click.echo(
        f"{settings.db}: {result.added} added, {result.replaced} replaced, {result.unchanged} unchanged; "
        f"{result.figures_added} figures added, {result.figures_removed} removed; {len(skipped)} skipped"
    )
    for _name, reason in skipped:
        click.echo(f"skipped: {reason}", err=True)
    if skipped:
        ctx.exit(EXIT_SKIPPED)


def _expand(inputs: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Return the document files under `inputs` and the (input, reason) of those that are none."""
    from extract.documents import iter_paths

    files: list[str] = []
    missing: list[tuple[str, str]] = []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            missing.append((raw, _missing(raw)))
            continue
        found = [str(p) for p in iter_paths([path])]
        if not found:
            missing.append((raw, f"{raw}: no documents in this folder"))
        files.extend(found)
    return files, missing


def _known_ids(db: Path) -> frozenset[str]:
    """Return the ids of the documents already in the warehouse (none if it does not exist)."""
    from warehouse import store

    if not db.exists():
        return frozenset()
    con = store.connect(db, read_only=True)
    try:
        return frozenset(store.doc_ids(con))
    finally:
        con.close()


def _run_dask_ingest(
    db: Path, inputs: list[str], *, out: str, scheduler: str | None, jobs: int | None
) -> tuple[Any, list[tuple[str, str]]]:
    """Extract on a Dask cluster into Parquet under `out`, then load that into the warehouse."""
    from extract.batch import default_jobs
    from warehouse import dask_engine

    files, skipped = _expand(inputs)
    files = [str(Path(f).resolve()) for f in files]
    skipped += dask_engine.extract_to_parquet(
        files, out, scheduler=scheduler, workers=jobs or default_jobs(), known=_known_ids(db)
    )
    return dask_engine.load_parquet(db, out), skipped


def _run_ingest(db: Path, inputs: list[str], *, jobs: int | None, quiet: bool) -> tuple[Any, list[tuple[str, str]]]:
    """Load, extract and store every input; return the store's result and the skipped inputs."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from extract.batch import default_jobs, extract_paths
    from warehouse import store

    known = _known_ids(db)
    files, skipped = _expand(inputs)
    progress = Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), disable=quiet or not sys.stderr.isatty(), transient=True,
    )  # fmt: skip
    n_jobs = jobs or default_jobs()
    if len(files) < 4 * n_jobs:
        n_jobs = 1  # starting worker processes costs more than a handful of files

    def items() -> Iterator[tuple[Document, Sequence[Figure]]]:
        for out in extract_paths(files, jobs=n_jobs, known=known):
            if out.document is None:
                skipped.append((out.name, out.error or "unreadable"))
                progress.advance(task)
                continue
            yield out.document, out.figures

    def on_item(doc: Document, status: str) -> None:
        progress.update(task, advance=1, description=f"{doc.doc} ({status})")

    with progress:
        task = progress.add_task("", total=len(files))
        result = store.ingest(db, items(), on_item=on_item)
    return result, skipped


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), required=True, help="File format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option("--kind", help="Only figures of this kind (money, share, energy, people, rank, count, ...).")
@click.option("--indicator", help="Only figures of this indicator (aid, loan, trade_value, ...).")
@click.option("--doc", help="Only figures from this document (file name as ingested).")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB file (default: DATA_DIR/figures.duckdb).",
)
@click.option("--constant-usd", type=click.IntRange(1947, 2100), metavar="YEAR",
              help="Add money values in constant US dollars of YEAR (BLS CPI-U) and nominal USD.")  # fmt: skip
def export(
    fmt: str,
    out: Path,
    kind: str | None,
    indicator: str | None,
    doc: str | None,
    db: Path | None,
    constant_usd: int | None,
) -> None:
    """Write figures with their source columns (doc, title, quote, sentence, offsets, DOI/URL).

    Review decisions (`figures review`) are applied and shown in review_* columns.
    """
    from warehouse import export as wexport
    from warehouse import store

    settings = _settings(db=db)
    con = store.connect(settings.db, read_only=True)
    try:
        n = wexport.export_figures(
            con, out, fmt, kind=kind, indicator=indicator, doc=doc,  # type: ignore[arg-type]
            reviews_of=settings.db, constant_usd=constant_usd,
        )  # fmt: skip
    finally:
        con.close()
    click.echo(f"{out}: {n} figures written")


@cli.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB file (default: DATA_DIR/figures.duckdb).",
)
@click.option("--port", type=int, help="Port to serve on (default 8501).")
@click.option("--host", help="Address to listen on (default 127.0.0.1; 0.0.0.0 in a container).")
@click.option("--ingest-default/--no-ingest-default", default=True, show_default=True,
              help="Load the shipped corpus first when the database does not exist yet.")  # fmt: skip
@click.pass_context
def dashboard(ctx: click.Context, db: Path | None, port: int | None, host: str | None, ingest_default: bool) -> None:
    """Serve the Streamlit dashboard over the warehouse (open the printed URL in a browser)."""
    import os
    import subprocess

    settings = _settings(db=db, port=port, host=host)
    if not settings.db.exists():
        if not ingest_default:
            raise FiguresError(f"{settings.db}: no database yet; run `figures ingest` first")
        click.echo(f"{settings.db}: no database yet, loading the shipped corpus {settings.corpus}")
        _run_ingest(settings.db, [str(settings.corpus)], jobs=1, quiet=bool(ctx.meta.get("figures.quiet")))
    app = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
    cmd = [
        sys.executable, "-m", "dashboard.serve", "run", str(app),
        "--server.address", settings.host, "--server.port", str(settings.port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
        "--server.maxUploadSize", str(settings.upload_max_mb),
    ]  # fmt: skip
    click.echo(f"serving {settings.db} on http://{settings.host}:{settings.port}")
    env = {**os.environ, **settings.to_env()}
    ctx.exit(subprocess.call(cmd, env=env))


@cli.group()
def review() -> None:
    """Accept, reject or correct figures; decisions are an append-only log beside the database.

    Decisions are keyed by figure_id, so they survive re-extraction of the same text.
    """


def _review_figures(db: Path | None) -> tuple[Settings, Any]:
    from warehouse import queries, store

    settings = _settings(db=db)
    con = store.connect(settings.db, read_only=True)
    try:
        return settings, queries.figures(con)
    finally:
        con.close()


_DB_OPTION = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), help="DuckDB file (default: DATA_DIR/figures.duckdb)."
)


@review.command("queue")
@_DB_OPTION
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many figures to list.")
def review_queue(db: Path | None, limit: int) -> None:
    """List unreviewed figures, those the rules were least sure of first."""
    from warehouse import curation

    settings, figures = _review_figures(db)
    queue = curation.review_queue(figures, settings.db, limit=limit)
    for row in queue.iter_rows(named=True):
        quote = " ".join(row["quote"].split())
        click.echo(f"{row['figure_id']}  [{row['uncertainty']}] {row['doc']}: {quote!r} -> {row['indicator']}")


def _decide(db: Path | None, figure_id: str, action: str, changes: dict[str, str], note: str, who: str) -> None:
    from warehouse import curation

    settings, figures = _review_figures(db)
    if figure_id not in set(figures["figure_id"].to_list()):
        raise FiguresError(f"no figure {figure_id} in {settings.db}; `figures review queue` lists figure ids")
    try:
        rec = curation.record(settings.db, figure_id, action, changes=changes, note=note, who=who)  # type: ignore[arg-type]
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    click.echo(f"{rec.figure_id}: {rec.action}ed by {rec.who or 'unknown'} at {rec.at}")


_NOTE = click.option("--note", default="", help="Why: shown with the decision and in exports.")
_WHO = click.option("--who", default="", help="Reviewer name (default: $USER).")


@review.command("accept")
@click.argument("figure_id")
@_DB_OPTION
@_NOTE
@_WHO
def review_accept(figure_id: str, db: Path | None, note: str, who: str) -> None:
    """Mark FIGURE_ID as checked and right."""
    _decide(db, figure_id, "accept", {}, note, who)


@review.command("reject")
@click.argument("figure_id")
@_DB_OPTION
@_NOTE
@_WHO
def review_reject(figure_id: str, db: Path | None, note: str, who: str) -> None:
    """Mark FIGURE_ID as not a figure (or not usable)."""
    _decide(db, figure_id, "reject", {}, note, who)


@review.command("correct")
@click.argument("figure_id")
@click.option("--set", "sets", multiple=True, required=True, metavar="FIELD=VALUE",
              help="A corrected field: value, unit, indicator, actors (a;b) or year. Repeatable.")  # fmt: skip
@_DB_OPTION
@_NOTE
@_WHO
def review_correct(figure_id: str, sets: tuple[str, ...], db: Path | None, note: str, who: str) -> None:
    """Correct fields of FIGURE_ID, e.g. --set year=1961 --set indicator=loan."""
    changes = {}
    for item in sets:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: write FIELD=VALUE", param_hint="--set")
        changes[name.strip()] = value.strip()
    _decide(db, figure_id, "correct", changes, note, who)


@review.command("rules")
@_DB_OPTION
def review_rules(db: Path | None) -> None:
    """Show each rule's precision from the review log (accepted and corrected vs rejected)."""
    from warehouse import curation

    settings, figures = _review_figures(db)
    for row in curation.rule_quality(figures, settings.db).iter_rows(named=True):
        precision = "-" if row["precision"] is None else f"{row['precision']:.2f}"
        click.echo(
            f"{row['rule']:<32} figures {row['figures']:>5}  accepted {row['accepted']:>4}  "
            f"corrected {row['corrected']:>4}  rejected {row['rejected']:>4}  precision {precision}"
        )


@cli.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB file (default: DATA_DIR/figures.duckdb).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document.")
def documents(db: Path | None, as_json: bool) -> None:
    """List the loaded documents: title, authors, date, format and number of figures."""
    from warehouse import queries, store

    settings = _settings(db=db)
    con = store.connect(settings.db, read_only=True)
    try:
        rows = queries.documents(con).to_dicts()
    finally:
        con.close()
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} documents in {settings.db}")
    for col in ("doc", "title", "authors", "date", "format", "figures"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(
            row["doc"], row["title"] or "", ", ".join(row["authors"] or []), row["date"] or "",
            row["format"] or "", str(row["figures"]),
        )  # fmt: skip
    Console(width=None if sys.stdout.isatty() else 160).print(table)


@cli.command()
@click.argument("doc")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB file (default: DATA_DIR/figures.duckdb).",
)
@click.option("--raw", is_flag=True, help="Show the stored text as is, not the cleaned text.")
def show(doc: str, db: Path | None, raw: bool) -> None:
    """Print DOC (file name as ingested, or a doc_id prefix) with its figures highlighted.

    Figures are shown in bold reverse video; reference lists, citation tables and front
    matter, whose numbers are not figures of the text, are dimmed.
    """
    from rich.console import Console
    from rich.text import Text

    from extract import cleaning, sections
    from warehouse import queries, store

    settings = _settings(db=db)
    con = store.connect(settings.db, read_only=True)
    try:
        docs = queries.documents(con)
        match = [r for r in docs.to_dicts() if r["doc"] == doc]
        match = match or [r for r in docs.to_dicts() if r["doc"].startswith(doc) or r["doc_id"].startswith(doc)]
        if len(match) != 1:
            names = ", ".join(r["doc"] for r in match[:5])
            raise FiguresError(
                f"{doc}: {'no such document' if not match else 'matches ' + names}; "
                "see `figures documents` for the names"
            )
        record = queries.document_record(con, match[0]["doc_id"]) or {}
        spans = queries.figure_spans(con, match[0]["doc_id"]).to_dicts()
    finally:
        con.close()
    stored = record.get("text") or ""
    view = cleaning.clean(stored)
    if raw:
        text = Text(stored)
        for kind, s, e in sections.divide(view):
            span = view.to_raw(s, e)
            if kind in sections.SKIPPED and span:
                text.stylize("dim", *span)
        for f in spans:
            text.stylize("bold reverse", f["start"], f["end"])
    else:
        text = Text(view.text)
        for kind, s, e in sections.divide(view):
            if kind in sections.SKIPPED:
                text.stylize("dim", s, e)
        for f in spans:
            span = view.to_clean(f["start"], f["end"])
            if span:
                text.stylize("bold reverse", *span)
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 100)
    authors = ", ".join(record.get("authors") or [])
    console.print(Text(str(record.get("title") or record.get("doc")), style="bold"))  # a title is text, not markup
    for label in ("doc", "format", "date", "venue", "doi", "url", "language"):
        if record.get(label):
            console.print(f"{label}: {record[label]}", markup=False)
    if authors:
        console.print(f"authors: {authors}", markup=False)
    console.print(f"figures: {len(spans)}\n")
    console.print(text)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1)
@click.option("--tolerance", type=float, default=0.005, show_default=True,
              help="Relative tolerance for two values to count as equal.")  # fmt: skip
@click.option("--show-errors", is_flag=True, help="Also list misses, false positives and wrong attributes.")
def eval_(gold: Path, paths: tuple[str, ...], tolerance: float, show_errors: bool) -> None:
    """Score the extractor against GOLD.jsonl, an analyst's annotations of PATHS.

    GOLD holds one figure record per line (doc, start, end, value, unit, kind, and
    optionally indicator, year, actors, qualifier) plus a `required` flag (default true).
    PATHS default to the shipped corpus. Prints precision, recall and F1 per kind for the
    value and for value+unit (spans must overlap), then attribute accuracy.
    """
    from extract.pipeline import find_figures
    from extract.scoring import check_gold, format_report, score

    try:
        rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise FiguresError(f"{gold}: cannot read the gold file ({exc}); expected one JSON object per line") from exc
    problems = check_gold(rows)
    if problems:
        raise FiguresError(f"{gold}: {problems[0]} ({len(problems)} rows with problems)")
    inputs = list(paths) or [str(_settings().corpus)]
    predicted = []
    docs = set()
    for name, doc in _load_inputs(inputs):
        if isinstance(doc, FiguresError):
            raise FiguresError(f"{name}: {doc}")
        docs.add(doc.doc)
        predicted += [f.to_dict() for f in find_figures(doc.text, doc.meta)]
    unknown = sorted({str(r["doc"]) for r in rows} - docs)
    if unknown:
        raise FiguresError(f"{gold}: documents not among the inputs: {', '.join(unknown)}")
    report = score(rows, predicted, rel_tol=tolerance)
    click.echo(format_report(report))
    if show_errors:
        for g in report.misses:
            click.echo(f"miss  {g['doc']} {g.get('quote', '')!r} {g['value']} {g['unit']}")
        for p in report.false_positives:
            click.echo(f"extra {p['doc']} {p['quote']!r} {p['value']} {p['unit']}")
        for g, p, name in report.wrong:
            click.echo(f"wrong {name} {g['doc']} {p['quote']!r}: gold {g[name]!r}, found {p.get(name)!r}")


def main() -> None:
    """Run the command line."""
    cli(prog_name="figures")
