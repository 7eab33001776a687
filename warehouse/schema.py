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

#: Every migration, in order. Append only; never renumber or edit a released entry.
MIGRATIONS: tuple[tuple[int, str], ...] = ((1, _M001_CORE), (2, _M002_DOCUMENT_SECTIONS))

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
            con.execute(INSERT_APPLIED, {"number": number})
        except BaseException:
            con.rollback()
            raise
        con.commit()
        log.debug("applied migration %d", number)
        applied.append(number)
    return applied
