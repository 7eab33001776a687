"""DuckDB warehouse: schema, loading, queries, exports. The only place SQL lives."""
