"""Versions shown on the Sources page and in every printed result."""

__version__ = "0.1.0"
# When the clinical content (tables, options, wording) was last checked against the sources.
CONTENT_DATE = "2026-11-28"
