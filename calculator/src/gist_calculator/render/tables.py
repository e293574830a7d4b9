"""The published tables as HTML for the "Understanding your risk" page."""

from __future__ import annotations

from ..tables import TABLE_GROUPS, Table, published_tables
from .markup import esc, tag


def table_html(group_id: str) -> str:
    if group_id not in TABLE_GROUPS:
        known = ", ".join(TABLE_GROUPS)
        raise ValueError(f"unknown table {group_id!r}; known tables: {known}")
    tables = published_tables()
    return "\n".join(_one(tables[table_id]) for table_id in TABLE_GROUPS[group_id])


def _one(table: Table) -> str:
    head = "".join(tag("th", esc(c), scope="col") for c in table.columns)
    body = "".join(
        "<tr>"
        + tag("th", esc(row[0]), scope="row")
        + "".join(tag("td", esc(cell)) for cell in row[1:])
        + "</tr>"
        for row in table.rows
    )
    notes = "".join(tag("li", esc(n)) for n in table.notes)
    return (
        f'<div class="gist-table" data-gist-table="{esc(table.id)}">'
        f"<table><caption>{esc(table.title)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        + (tag("ul", notes, class_="gist-table-notes") if notes else "")
        + tag("p", "Source: " + esc(table.citation.text), class_="gist-table-source")
        + "</div>"
    )
