"""The run's ``index.html``: every notebook report, figure and table, the parameters, the
package version and the input checksums. Self-contained (inline CSS), no scripts, every piece
of text from parameter files, documents or notebooks HTML-escaped."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = ["render_index", "write_index"]

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}code{font-size:.9em}
.fail{color:#a00}figure{display:inline-block;margin:.5rem;width:18rem;vertical-align:top}
figure img{width:100%;border:1px solid #ddd}figcaption{font-size:.85em}
"""


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(quote(href), quote=True)}">{escape(text)}</a>'


def _caption(folder: Path, rel: str) -> str:
    meta = folder / (rel.rsplit(".", 1)[0] + ".json")
    if meta.is_file():
        try:
            return str(json.loads(meta.read_text(encoding="utf-8")).get("caption", ""))
        except ValueError:
            return ""
    return ""


def _stems(paths: list[str], ext: str) -> list[str]:
    return sorted({p.rsplit(".", 1)[0] for p in paths if p.endswith("." + ext)})


def _value(v: Any) -> str:
    return escape(json.dumps(v, ensure_ascii=False))


def render_index(folder: str | Path, record: dict[str, Any], description: str = "") -> str:
    """HTML of ``index.html`` for a run record (``run.json``) whose files are in ``folder``.

    Examples
    --------
    >>> html = render_index(".", {"title": "<b>NTT</b>", "notebooks": [], "parameters": {},
    ...                           "outputs": {}, "inputs": {}, "package_version": "0.1.0",
    ...                           "params_file": "params/x.yml"})
    >>> "&lt;b&gt;NTT&lt;/b&gt;" in html and "<b>NTT</b>" not in html
    True
    """
    folder = Path(folder)
    title = str(record.get("title", ""))
    h = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
         f"<title>{escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
         f"<h1>{escape(title)}</h1>"]
    if description:
        h.append(f"<p>{escape(description)}</p>")
    h.append(f"<p>Parameter file <code>{escape(str(record.get('params_file', '')))}</code>; "
             f"package <code>lkpj-analysis {escape(str(record.get('package_version', '')))}</code>. "
             "Run with <code>python -m analysis run --params "
             f"{escape(str(record.get('params_file', '')))}</code>.</p>")
    failures = record.get("failures") or []
    if failures:
        h.append('<h2 class="fail">Failed notebooks</h2><ul>')
        for f in failures:
            h.append(f'<li class="fail">{escape(str(f.get("notebook")))}: cell {escape(str(f.get("cell")))} '
                     f'<code>{escape(str(f.get("source", "")))}</code>: {escape(str(f.get("error", "")))}</li>')
        h.append("</ul>")

    h.append("<h2>Notebook reports</h2>")
    outputs = record.get("outputs", {})
    for nb in record.get("notebooks", []):
        h.append(f"<h3>{escape(nb)}</h3>")
        if nb not in outputs:
            h.append('<p class="fail">not completed (see the executed notebook)</p>')
            if (folder / f"{nb}.ipynb").is_file():
                h.append(f"<p>{_link(nb + '.ipynb', 'executed notebook')}</p>")
            continue
        h.append(f"<p>{_link(nb + '.html', 'report (HTML)')} · {_link(nb + '.ipynb', 'executed notebook')}</p>")
        figs = _stems(outputs[nb].get("figures", []), "png")
        if figs:
            h.append("<div>")
            for stem in figs:
                cap = _caption(folder, stem + ".png")
                links = " · ".join(_link(f"{stem}.{ext}", ext.upper()) for ext in ("png", "pdf", "csv")
                                   if (folder / f"{stem}.{ext}").is_file())
                h.append(f'<figure><img src="{escape(quote(stem + ".png"), quote=True)}" alt="{escape(cap or stem)}">'
                         f"<figcaption><b>{escape(stem.split('/', 1)[-1])}</b> {escape(cap)}<br>{links}"
                         "</figcaption></figure>")
            h.append("</div>")
        tabs = _stems(outputs[nb].get("tables", []), "csv")
        if tabs:
            h.append("<table><tr><th>table</th><th>caption</th><th>files</th></tr>")
            for stem in tabs:
                links = " · ".join(_link(f"{stem}.{ext}", ext.upper()) for ext in ("csv", "tex", "md")
                                   if (folder / f"{stem}.{ext}").is_file())
                h.append(f"<tr><td>{escape(stem.split('/', 1)[-1])}</td>"
                         f"<td>{escape(_caption(folder, stem + '.csv'))}</td><td>{links}</td></tr>")
            h.append("</table>")
        if not figs and not tabs:
            h.append("<p>No figures or tables.</p>")

    h.append("<h2>Parameters</h2>")
    h.append("<table><tr><th>notebook</th><th>parameter</th><th>value</th></tr>")
    for nb, params in record.get("parameters", {}).items():
        for key, v in params.items():
            h.append(f"<tr><td>{escape(nb)}</td><td><code>{escape(key)}</code></td>"
                     f"<td><code>{_value(v)}</code></td></tr>")
    h.append("</table>")
    h.append("<p>The runner also sets <code>processed_dir</code>, <code>external_dir</code> and "
             "<code>output_dir</code>.</p>")

    inputs = record.get("inputs") or {}
    h.append("<h2>Inputs</h2>")
    raw = inputs.get("raw", [])
    if raw:
        h.append("<table><tr><th>doc_id</th><th>file</th><th>title</th><th>SHA-256</th></tr>")
        for r in raw:
            h.append(f"<tr><td>{escape(str(r.get('doc_id', '')))}</td><td><code>{escape(str(r.get('file', '')))}</code></td>"
                     f"<td>{escape(str(r.get('title', '')))}</td><td><code>{escape(str(r.get('sha256', '')))}</code></td></tr>")
        h.append("</table>")
    else:
        h.append("<p>No raw documents recorded.</p>")
    ext = inputs.get("external", {})
    rows = [(label, f) for label, files in sorted(ext.items()) for f in files]
    if rows:
        h.append("<table><tr><th>folder</th><th>file</th><th>SHA-256</th></tr>")
        for label, f in rows:
            h.append(f"<tr><td>{escape(label)}</td><td><code>{escape(str(f.get('file', '')))}</code></td>"
                     f"<td><code>{escape(str(f.get('sha256', '')))}</code></td></tr>")
        h.append("</table>")
    else:
        h.append("<p>No external data (nothing imported with <code>import-regions</code>).</p>")
    if inputs.get("processed_datapackage_sha256"):
        h.append(f"<p><code>data/processed/datapackage.json</code> SHA-256 "
                 f"<code>{escape(str(inputs['processed_datapackage_sha256']))}</code></p>")
    h += ["</body>", "</html>", ""]
    return "\n".join(h)


def write_index(folder: str | Path, record: dict[str, Any], description: str = "") -> Path:
    """Write ``<folder>/index.html``."""
    path = Path(folder) / "index.html"
    path.write_text(render_index(folder, record, description), encoding="utf-8")
    return path
