"""Tiny HTML helpers that escape by default: text becomes markup only when it is ``Markup``.

Every piece of the calculator's HTML is built with ``tag``: a body that is a plain ``str``
is escaped, so a word from a reader, a link or a table can never become an element; a body
that is ``Markup`` (what ``tag``, ``esc``, ``join`` and ``trusted`` return) goes in as it
is. Joining keeps the same rule: ``Markup + str`` escapes the ``str``, and ``join``
escapes each part that is not ``Markup``. The only way to say "this text is already HTML"
is ``trusted``, for a literal written in this package's source.

The idea is MarkupSafe's; the calculator keeps to the standard library (it runs in
Pyodide from a trimmed standard library), so this is the few lines it needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from html import escape
from typing import SupportsIndex


class Markup(str):
    """A string that is already safe HTML. Concatenation escapes the other side unless it
    is ``Markup`` too, so a result stays safe whichever way it was put together."""

    __slots__ = ()

    def __add__(self, other: str) -> Markup:
        return Markup(str.__add__(self, esc(other)))

    def __radd__(self, other: str) -> Markup:
        return Markup(str.__add__(esc(other), self))

    def __mul__(self, count: SupportsIndex) -> Markup:
        return Markup(str.__mul__(self, count))

    def __html__(self) -> str:
        """The convention of MarkupSafe and Jinja: an object that is already markup."""
        return str(self)


def esc(text: object) -> Markup:
    """Text as HTML: escaped (quotes too, so it is safe in an attribute), unless it is
    ``Markup`` already (then unchanged: escaping twice would show "&amp;lt;" to a reader)."""
    if isinstance(text, Markup):
        return text
    return Markup(escape(str(text), quote=True))


def trusted(html: str) -> Markup:
    """Mark a literal of this package's own source as HTML. Never pass it anything that
    came from a request, a page's front matter or a table cell: use ``esc`` or ``tag``."""
    return Markup(html)


def join(parts: Iterable[str], separator: str = "") -> Markup:
    """The parts one after another, each escaped unless it is ``Markup`` (as is the
    separator): ``"".join`` would hand back a plain ``str``, which ``tag`` then escapes."""
    return Markup(esc(separator).join([p if isinstance(p, Markup) else esc(p) for p in parts]))


def attrs(**values: object) -> Markup:
    """Render attributes; True gives a bare attribute, None and False are left out.

    Names follow Python's spelling: a trailing ``_`` is dropped (``class_``) and ``_``
    becomes ``-`` (``data_gist_widget``). Values are always escaped.
    """
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        key = _html_name(name)
        parts.append(key if value is True else f'{key}="{escape(str(value), quote=True)}"')
    return Markup((" " + " ".join(parts)) if parts else "")


@cache
def _html_name(name: str) -> str:
    """``class_`` -> ``class``, ``data_gist_widget`` -> ``data-gist-widget`` (a few dozen
    names, asked thousands of times per answer: worked out once each)."""
    return name.rstrip("_").replace("_", "-")


def tag(element: str, body: str = "", /, **values: object) -> Markup:
    """``<element attrs>body</element>``, the body escaped unless it is ``Markup``."""
    return Markup(f"<{element}{attrs(**values)}>{esc(body)}</{element}>")


def void(element: str, /, **values: object) -> Markup:
    """An HTML element with no body and no end tag (``input``, ``br``)."""
    return Markup(f"<{element}{attrs(**values)}>")


def shape(element: str, /, **values: object) -> Markup:
    """An SVG element with no body: it must close itself (``<rect .../>``), since inside
    ``<svg>`` a start tag alone would contain the elements that follow it."""
    return Markup(f"<{element}{attrs(**values)}/>")
