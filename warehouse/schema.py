"""The warehouse schema as numbered migrations, applied once each (sqlite-utils' pattern).

A migration is never edited once released: change the schema by appending a new
``(number, sql)`` pair. ``migrations`` records which numbers a file has applied.
"""

from __future__ import annotations

import logging

import duckdb

from extract.record import FIGURE_FIELDS

log = logging.getLogger(__name__)

CREATE_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS migrations (
    number     INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""

SELECT_APPLIED = "SELECT number FROM migrations ORDER BY number"

INSERT_APPLIED = "INSERT INTO migrations (number) VALUES ($number)"

SELECT_HAS_MIGRATIONS = """
SELECT count(*) FROM information_schema.tables
WHERE table_name = 'migrations' AND table_schema = current_schema()
"""

# No foreign key from figures to documents: DuckDB checks foreign keys eagerly inside a
# transaction, which complicates replacing a document; store.ingest keeps them consistent.
_M001_CORE = """
CREATE TABLE documents (
    doc_id       VARCHAR PRIMARY KEY,
    doc          VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    format       VARCHAR,
    title        VARCHAR,
    authors      VARCHAR[],
    date         VARCHAR,
    venue        VARCHAR,
    doi          VARCHAR,
    url          VARCHAR,
    language     VARCHAR,
    n_chars      INTEGER,
    text         VARCHAR,
    ingested_seq BIGINT NOT NULL
);

CREATE TABLE figures (
    figure_id  VARCHAR PRIMARY KEY,
    doc        VARCHAR NOT NULL,
    doc_id     VARCHAR NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    quote      VARCHAR NOT NULL,
    value      DOUBLE,
    unit       VARCHAR,
    low        DOUBLE,
    high       DOUBLE,
    qualifier  VARCHAR,
    direction  VARCHAR,
    subject    VARCHAR,
    value_base DOUBLE,
    unit_base  VARCHAR,
    kind       VARCHAR,
    indicator  VARCHAR,
    actors     VARCHAR[],
    year       INTEGER,
    sentence   VARCHAR,
    rule       VARCHAR
);

-- `at` is a keyword, so it is quoted, like `"end"` in figures.
CREATE TABLE curation (
    figure_id VARCHAR NOT NULL,
    action    VARCHAR NOT NULL CHECK (action IN ('accept', 'reject', 'correct')),
    field     VARCHAR,
    new_value VARCHAR,
    note      VARCHAR,
    who       VARCHAR,
    "at"      TIMESTAMP NOT NULL DEFAULT current_timestamp
);
"""

# Sections of each document as a JSON list of {kind, start, end} spans of its stored text
# (front_matter, body, footnotes, references, citation_table), so a figure's section is
# found from its offsets alone.
_M002_DOCUMENT_SECTIONS = """
ALTER TABLE documents ADD COLUMN sections JSON;
"""

# Summaries of `figures`, so the dashboard never scans every figure after a filter change.
# They hold derived data only: store.ingest keeps them equal to a GROUP BY over `figures`
# (`refresh_summaries`), in the transaction that changes the figures.
#
# figure_rollup: one row per (indicator, kind, unit_base, year, qualifier, actors) with counts,
#   sums, bounds and the group's largest figure (by value_base, then figure_id), with its
#   quote and doc. ~0.7 M rows for 10 M figures.
# figure_top: per (indicator, kind, unit_base, year, qualifier, actor) the TOP_PER_GROUP
#   largest figures (value_base DESC, figure_id), a figure once per distinct actor it names
#   (NULL: it names none); `first` marks one row per figure (its first actor's, A-Z). The top N
#   <= TOP_PER_GROUP of any selection on those columns lies in the union of its groups' rows.
# document_figures: how many figures each document has.
# figures_doc: an index on figures.doc, so a document filter reads its rows, not 10 M.
_M003_SUMMARIES = """
CREATE TABLE figure_rollup (
    indicator   VARCHAR,
    kind        VARCHAR,
    unit_base   VARCHAR,
    year        INTEGER,
    qualifier   VARCHAR,
    actors      VARCHAR[],
    n           BIGINT NOT NULL,
    n_valued    BIGINT NOT NULL,
    total       DOUBLE,
    low         DOUBLE,
    high        DOUBLE,
    low_stated  DOUBLE,
    high_stated DOUBLE,
    value_max   DOUBLE,
    figure_id   VARCHAR,
    quote       VARCHAR,
    doc         VARCHAR
);

CREATE TABLE figure_top (
    indicator  VARCHAR,
    kind       VARCHAR,
    unit_base  VARCHAR,
    year       INTEGER,
    qualifier  VARCHAR,
    actor      VARCHAR,
    "first"    BOOLEAN NOT NULL,
    value_base DOUBLE NOT NULL,
    figure_id  VARCHAR NOT NULL
);

CREATE TABLE document_figures (
    doc_id VARCHAR PRIMARY KEY,
    doc    VARCHAR,
    n      BIGINT NOT NULL
);

CREATE INDEX figures_doc ON figures (doc);
"""

#: Every migration, in order. Append only; never renumber or edit a released entry.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, _M001_CORE),
    (2, _M002_DOCUMENT_SECTIONS),
    (3, _M003_SUMMARIES),
)

#: Migrations after which the summary tables must be rebuilt from `figures` (store.connect and
#: store.ingest do it in the migration's wake, for warehouses that had figures before).
REBUILDS_SUMMARIES: frozenset[int] = frozenset({3})

#: The number of the newest migration; a file below it needs `figures ingest` to upgrade.
LATEST: int = MIGRATIONS[-1][0]

#: Figure columns as SQL identifiers, in record order (`end` is a keyword, so quoted).
FIGURE_COLUMNS_SQL: str = ", ".join(f'"{name}"' for name in FIGURE_FIELDS)


#: Name under which store.ingest registers a document's Arrow table of figures.
FIGURES_BATCH = "figures_batch"

# Statements the loader runs; values are always bound parameters.
INSERT_FIGURES_FROM_BATCH = (
    f"INSERT INTO figures ({FIGURE_COLUMNS_SQL}) SELECT {FIGURE_COLUMNS_SQL} FROM {FIGURES_BATCH}"
)

INSERT_DOCUMENT = """
INSERT INTO documents (doc_id, doc, path, format, title, authors, date, venue, doi, url,
                       language, n_chars, text, ingested_seq, sections)
VALUES ($doc_id, $doc, $path, $format, $title, $authors, $date, $venue, $doi, $url,
        $language, $n_chars, $text, $ingested_seq, $sections)
"""

DELETE_FIGURES_OF_DOCUMENT = "DELETE FROM figures WHERE doc_id = $doc_id"

DELETE_DOCUMENT = "DELETE FROM documents WHERE doc_id = $doc_id"

SELECT_DOC_IDS = "SELECT doc_id FROM documents"

SELECT_PATHS = "SELECT path, doc_id FROM documents"

SELECT_MAX_SEQ = "SELECT coalesce(max(ingested_seq), 0) FROM documents"

CHECKPOINT = "CHECKPOINT"

# --- Keeping the summary tables equal to GROUP BYs over `figures`. ----------------------------
#
# A load records the cells it touches: the (indicator, kind, unit_base, year, qualifier) of
# every figure it deletes or inserts, in a temp table. `refresh_summaries` then deletes the
# summary rows of those cells and recomputes them from the figures of those cells only, in the
# load's last transaction. A rebuild is the same statements over every cell.

#: How many of its largest figures each `figure_top` group keeps (>= the dashboard's TOP_N).
TOP_PER_GROUP = 40

_CELL_KEYS = ("indicator", "kind", "unit_base", "year", "qualifier")

#: The figure that stands for a group: the largest value_base (NULL lowest), then figure_id.
_REPRESENTATIVE = "(coalesce(f.value_base, '-infinity'::DOUBLE), f.figure_id)"

#: A figure's distinct actors in a fixed order (list_distinct also drops NULLs).
_ACTOR_SET = "list_sort(list_distinct(f.actors))"

#: One row per distinct actor a figure names, or one NULL actor when it names none.
_ACTOR_ROWS = f"unnest(CASE WHEN len({_ACTOR_SET}) > 0 THEN {_ACTOR_SET} ELSE [NULL::VARCHAR] END) AS a(actor)"


def _same(left: str, right: str, keys: tuple[str, ...]) -> str:
    return " AND ".join(f"{left}.{k} IS NOT DISTINCT FROM {right}.{k}" for k in keys)


_CELLS = ", ".join(_CELL_KEYS)

CREATE_TOUCHED = f"CREATE OR REPLACE TEMP TABLE touched_cells AS SELECT {_CELLS} FROM figures WHERE FALSE"

TOUCH_DOCUMENT = f"INSERT INTO touched_cells SELECT DISTINCT {_CELLS} FROM figures WHERE doc_id = $doc_id"

TOUCH_BATCH = f"INSERT INTO touched_cells SELECT DISTINCT {_CELLS} FROM {FIGURES_BATCH}"

COUNT_TOUCHED = "SELECT count(*) FROM touched_cells"

DROP_TOUCHED = "DROP TABLE IF EXISTS touched_cells"

DELETE_DOCUMENT_COUNT = "DELETE FROM document_figures WHERE doc_id = $doc_id"

INSERT_DOCUMENT_COUNTS_FROM_BATCH = f"""
INSERT INTO document_figures SELECT doc_id, any_value(doc), count(*) FROM {FIGURES_BATCH} GROUP BY doc_id
"""

#: The figures of the touched cells (the /*FIGURES*/ source of a refresh).
_TOUCHED_FIGURES = f"""(
    SELECT DISTINCT t.* FROM touched_cells AS t
) AS c JOIN figures AS f ON {_same("f", "c", _CELL_KEYS)}"""

_ROLLUP_ROWS = f"""
SELECT f.indicator, f.kind, f.unit_base, f.year, f.qualifier, f.actors,
       count(*)::BIGINT AS n, count(f.value_base)::BIGINT AS n_valued, sum(f.value_base) AS total,
       min(coalesce(f.low, f.value_base)) AS low, max(coalesce(f.high, f.value_base)) AS high,
       min(f.low) AS low_stated, max(f.high) AS high_stated, max(f.value_base) AS value_max,
       arg_max(f.figure_id, {_REPRESENTATIVE}) AS figure_id,
       arg_max(f.quote, {_REPRESENTATIVE}) AS quote,
       arg_max(f.doc, {_REPRESENTATIVE}) AS doc
FROM /*FIGURES*/
GROUP BY f.indicator, f.kind, f.unit_base, f.year, f.qualifier, f.actors
"""

_TOP_ROWS = f"""
SELECT f.indicator, f.kind, f.unit_base, f.year, f.qualifier, a.actor,
       a.actor IS NOT DISTINCT FROM {_ACTOR_SET}[1] AS "first", f.value_base, f.figure_id
FROM /*FIGURES*/, {_ACTOR_ROWS}
WHERE f.value_base IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY f.indicator, f.kind, f.unit_base, f.year, f.qualifier, a.actor
    ORDER BY f.value_base DESC, f.figure_id
) <= {TOP_PER_GROUP}
"""

_IN_TOUCHED = f"EXISTS (SELECT 1 FROM touched_cells AS t WHERE {_same('r', 't', _CELL_KEYS)})"

#: Statements that recompute the touched cells of every summary, in order.
REFRESH_TOUCHED: tuple[str, ...] = (
    f"DELETE FROM figure_rollup AS r WHERE {_IN_TOUCHED}",
    "INSERT INTO figure_rollup " + _ROLLUP_ROWS.replace("/*FIGURES*/", _TOUCHED_FIGURES),
    f"DELETE FROM figure_top AS r WHERE {_IN_TOUCHED}",
    "INSERT INTO figure_top " + _TOP_ROWS.replace("/*FIGURES*/", _TOUCHED_FIGURES),
)

#: Statements that rebuild every summary from the figures.
REBUILD_SUMMARIES: tuple[str, ...] = (
    "DELETE FROM figure_rollup",
    "INSERT INTO figure_rollup " + _ROLLUP_ROWS.replace("/*FIGURES*/", "figures AS f") + " ORDER BY ALL",
    "DELETE FROM figure_top",
    "INSERT INTO figure_top " + _TOP_ROWS.replace("/*FIGURES*/", "figures AS f") + " ORDER BY ALL",
    "DELETE FROM document_figures",
    "INSERT INTO document_figures SELECT doc_id, any_value(doc), count(*) FROM figures GROUP BY doc_id",
)


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Return the migration numbers already applied to the connected database."""
    if con.execute(SELECT_HAS_MIGRATIONS).fetchall()[0][0] == 0:
        return []
    return [row[0] for row in con.execute(SELECT_APPLIED).fetchall()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet recorded, each in its own transaction; return those applied."""
    con.execute(CREATE_MIGRATIONS)
    done = set(applied_migrations(con))
    applied: list[int] = []
    for number, sql in MIGRATIONS:
        if number in done:
            continue
        con.begin()
        try:
            con.execute(sql)
            if number in REBUILDS_SUMMARIES:
                rebuild_summaries(con)
            con.execute(INSERT_APPLIED, {"number": number})
        except BaseException:
            con.rollback()
            raise
        con.commit()
        log.debug("applied migration %d", number)
        applied.append(number)
    return applied


def rebuild_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every summary table from the figures (in the caller's transaction)."""
    for sql in REBUILD_SUMMARIES:
        con.execute(sql)


def refresh_summaries(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the summary rows of the cells in ``touched_cells`` (in the caller's
    transaction), then forget them; return how many cells were noted (with repeats)."""
    touched = int(con.execute(COUNT_TOUCHED).fetchall()[0][0])
    if touched:
        for sql in REFRESH_TOUCHED:
            con.execute(sql)
        con.execute(DROP_TOUCHED)
        con.execute(CREATE_TOUCHED)
    return touched
