"""The published tables as HTML for the "Understanding your risk" page."""

from __future__ import annotations

from ..tables import TABLE_GROUPS, Table, published_tables
from .markup import Markup, join, tag, trusted


def table_html(group_id: str) -> Markup:
    if group_id not in TABLE_GROUPS:
        known = ", ".join(TABLE_GROUPS)
        raise ValueError(f"unknown table {group_id!r}; known tables: {known}")
    tables = published_tables()
    return join((_one(tables[table_id]) for table_id in TABLE_GROUPS[group_id]), trusted("\n"))


def _one(table: Table) -> Markup:
    head = join(tag("th", c, scope="col") for c in table.columns)
    body = join(
        tag("tr", tag("th", row[0], scope="row") + join(tag("td", cell) for cell in row[1:]))
        for row in table.rows
    )
    notes = join(tag("li", n) for n in table.notes)
    return tag(
        "div",
        tag(
            "table",
            tag("caption", table.title) + tag("thead", tag("tr", head)) + tag("tbody", body),
        )
        + (tag("ul", notes, class_="gist-table-notes") if notes else Markup())
        + tag("p", "Source: " + table.citation.text, class_="gist-table-source"),
        class_="gist-table",
        data_gist_table=table.id,
    )
