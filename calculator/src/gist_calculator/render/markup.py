"""Tiny HTML helpers: every text goes through ``escape``, so no input can become markup."""

from __future__ import annotations

from html import escape


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def attrs(**values: object) -> str:
    """Render attributes; True gives a bare attribute, None and False are left out."""
    parts = []
    for name, value in values.items():
        key = name.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        parts.append(key if value is True else f'{key}="{esc(value)}"')
    return (" " + " ".join(parts)) if parts else ""


def tag(element: str, body: str = "", /, **values: object) -> str:
    return f"<{element}{attrs(**values)}>{body}</{element}>"
