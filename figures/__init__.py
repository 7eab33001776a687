"""The `figures` command and its settings: the one place that wires extract, warehouse and dashboard."""

__version__ = "0.1.0"
