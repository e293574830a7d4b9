"""Every page's Content-Security-Policy, with the hashes of its own inline scripts.

The policy is the first meta tag after the charset: the site's own files, the theme's inline
scripts by their sha256 hashes (computed per page, once it is final), and WebAssembly for
Pyodide ('wasm-unsafe-eval'); nothing from elsewhere, no 'unsafe-inline' or 'unsafe-eval'.
The offline copy, read from disk, also needs blob: (Pyodide's files are unpacked into blob:
URLs, then imported and fetched) and the hash of the inline script the iframe-worker shim
writes into its frame for search.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
from pathlib import Path

from .project import BuildError

CSP_BASE = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # the theme's icons are data: SVGs in its CSS
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
CSP_OFFLINE_EXTRA = {"script-src": "blob:", "connect-src": "blob:"}
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_EXECUTED_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET_META = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_CONFIG_JSON = re.compile(
    r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL
)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP hash source of every inline script the browser would run, in page order."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _SCRIPT_TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in _EXECUTED_TYPES:
            hashes.append(csp_hash(body))
    return hashes


def csp_hash(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def content_security_policy(
    hashes: list[str], *, offline: bool, style_hashes: tuple[str, ...] = ()
) -> str:
    directives = dict(CSP_BASE)
    if offline:
        for name, extra in CSP_OFFLINE_EXTRA.items():
            directives[name] += " " + extra
    directives["script-src"] += "".join(f" {h}" for h in dict.fromkeys(hashes))
    directives["style-src"] += "".join(f" {h}" for h in dict.fromkeys(style_hashes))
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def with_csp(
    html: str,
    *,
    offline: bool,
    iframe_worker: str | None,
    where: str,
    style_hashes: tuple[str, ...] = (),
    serving: bool = False,
) -> str:
    """The page with its policy right after <meta charset>, before anything it governs.

    `iframe_worker` is the vendored shim's source when the page loads it (offline copy).
    """
    html = POLICY_META.sub("", html)  # finishing twice gives the same page
    hashes = inline_script_hashes(html)
    if iframe_worker is not None:
        hashes += iframe_worker_hashes(html, iframe_worker)
    if serving:  # `mkdocs serve` injects a reload script that changes on every request:
        hashes = ["'unsafe-inline'"]  # with a hash present, browsers ignore 'unsafe-inline'
    charset = _CHARSET_META.search(html)
    if charset is None:
        raise BuildError(f"{where}: no <meta charset=utf-8> to put the security policy after.")
    policy = content_security_policy(hashes, offline=offline, style_hashes=style_hashes)
    policy = escape(policy, quote=False)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: charset.end()] + meta + html[charset.end() :]


# Zensical's search box lives in a shadow root and gets its stylesheet as a <style> element
# made by the theme's script: `C("style",{},Tc.toString())`, Tc a string literal in the same
# bundle. Material has no such element. The policy allows that stylesheet by its hash.
_SHADOW_STYLE = re.compile(
    r"""\(\s*["']style["']\s*,\s*\{\s*\}\s*,\s*([\w$]+)\.toString\(\)\s*\)"""
)


def theme_style_hashes(site_dir: Path) -> tuple[str, ...]:
    """The hashes of the stylesheets the theme's own script inserts as <style> elements."""
    hashes = []
    for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.js")):
        code = bundle.read_text(encoding="utf-8")
        for name in dict.fromkeys(_SHADOW_STYLE.findall(code)):
            literal = re.search(
                r"[^\w$]" + re.escape(name) + r"""=(['"])((?:\\.|(?!\1).)*)\1""", code
            )
            if literal is None or "\\" in literal.group(2):
                raise BuildError(
                    f"{bundle.name}: the stylesheet {name} the theme inserts has changed shape; "
                    "the security policy cannot allow it."
                )
            hashes.append(csp_hash(literal.group(2)))
    return tuple(hashes)


def search_worker_url(html: str) -> str | None:
    config = _CONFIG_JSON.search(html)
    try:
        url = json.loads(config.group(1)).get("search") if config else None
    except ValueError:
        return None
    return url if isinstance(url, str) else None


def iframe_worker_hashes(html: str, shim: str) -> list[str]:
    """The hash of the script the iframe-worker shim writes into its frame, for this page.

    The shim (file:// only) runs the theme's search worker in a hidden same-origin frame: it
    writes `<script>postMessage=${c};importScripts=${d};...filename:"${url}"...</script>`,
    with the sources of its own functions c and d and the worker's URL from the page's
    configuration. The frame inherits the page's policy, so that script needs its hash.
    """
    template = re.search(r"<html><body><script>(.*?)<\\/script>", shim)
    worker = search_worker_url(html)
    names = list(dict.fromkeys(re.findall(r"\$\{(\w+)\}", template.group(1)))) if template else []
    sources = {name: _function_source(shim, name) for name in names}
    urls = [name for name, source in sources.items() if source is None]
    if template is None or worker is None or len(urls) != 1:
        raise BuildError(
            "The iframe-worker shim or the page's search worker URL has changed shape: the "
            "offline copy's security policy cannot allow the search frame's script."
        )
    script = template.group(1)
    for name, source in sources.items():
        script = script.replace("${" + name + "}", worker if source is None else source)
    return [csp_hash(script)]


def _function_source(code: str, name: str) -> str | None:
    """`function name(...){...}` as written in code (what the function's toString gives)."""
    start = code.find(f"function {name}(")
    if start == -1:
        return None
    depth, index = 0, code.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(code[index], 0)
        index += 1
        if depth == 0:
            return code[start:index]
