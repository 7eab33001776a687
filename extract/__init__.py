"""Find quantitative figures in text with transparent, table-driven rules (pure, no I/O)."""
