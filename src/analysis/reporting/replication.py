"""Generated sections of ``docs/replication.md`` (the replication README).

The document is written by hand except for blocks between ``<!-- BEGIN GENERATED: key -->``
and ``<!-- END GENERATED: key -->``, which ``python -m analysis docs`` rewrites:

``data-availability``
    one row per document of ``data/raw/manifest.csv`` (title, type, province, year, file,
    SHA-256) with its provenance from the documents table of ``data/raw/README.md`` and the
    licence status (a ``licence`` column of that table when present, else "not stated");
``external-data``
    the files listed in ``data/external/manifest.csv`` and ``data/raw/external/manifest.csv``;
``outputs``
    every figure and table the notebooks save: found in the notebooks' code cells
    (``save_figure(fig, "name", ...)`` / ``save_table(df, "name", ...)``) with the files they
    give under ``reports/<params>/``.

``tests/test_replication.py`` checks that the committed document matches.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

__all__ = ["data_availability_md", "external_data_md", "outputs_md", "notebook_outputs",
           "update_replication_doc", "render_blocks"]

DOC = Path("docs") / "replication.md"
_BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (?P<key>[\w-]+) -->\n)(?P<body>.*?)(<!-- END GENERATED: (?P=key) -->)",
                    re.S)


def _md_cell(text: str) -> str:
    return str(text).replace("|", r"\|").replace("\n", " ").strip()


def _readme_rows(readme: Path) -> dict[str, dict[str, str]]:
    """The documents table of ``data/raw/README.md``: doc_id -> {column header: cell}."""
    if not readme.is_file():
        return {}
    rows: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue
        rec = dict(zip(header, cells))
        if "doc_id" in rec:
            rows[rec["doc_id"]] = rec
    return rows


def data_availability_md(raw_dir: str | Path = "data/raw") -> str:
    """Markdown table: one row per document of the manifest, with provenance and checksum.

    Examples
    --------
    >>> repo = Path(__file__).resolve().parents[3]  # the repository of this source file
    >>> print(data_availability_md(repo / "data" / "raw").splitlines()[0])
    | doc_id | document | type | province | year | provenance | licence | file (in `data/raw/`) | SHA-256 | provided |
    """
    raw = Path(raw_dir)
    readme = _readme_rows(raw / "README.md")
    out = ["| doc_id | document | type | province | year | provenance | licence | file (in `data/raw/`) "
           "| SHA-256 | provided |",
           "| --- | --- | --- | --- | ---: | --- | --- | --- | --- | --- |"]
    with open(raw / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            info = readme.get(rec["doc_id"], {})
            prov = info.get("where it comes from", "") or "not described in data/raw/README.md"
            licence = info.get("licence") or info.get("license") or "not stated in the source"
            out.append("| " + " | ".join(_md_cell(v) for v in [
                rec["doc_id"], rec["title"], rec["doc_type"], rec["province"], rec["fiscal_year"],
                prov, licence, f"`{rec['file']}`", f"`{rec['sha256']}`", "yes"]) + " |")
    return "\n".join(out) + "\n"


def external_data_md(raw_dir: str | Path = "data/raw", external_dir: str | Path = "data/external") -> str:
    """Markdown list of imported external tables (from their manifests), or a sentence saying
    there are none."""
    lines = []
    for folder in (Path(external_dir), Path(raw_dir) / "external"):
        manifest = folder / "manifest.csv"
        if not manifest.is_file():
            continue
        with open(manifest, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = reader.fieldnames or []
            recs = list(reader)
        if not recs:
            continue
        lines.append(f"`{folder.as_posix()}/manifest.csv`:\n")
        lines.append("| " + " | ".join(cols) + " |")
        lines.append("| " + " | ".join("---" for _ in cols) + " |")
        for rec in recs:
            lines.append("| " + " | ".join(_md_cell(rec.get(c, "")) for c in cols) + " |")
        lines.append("")
    if not lines:
        return ("None in this release: no external table has been imported "
                "(`python -m analysis import-regions` adds them with their source and checksum).\n")
    return "\n".join(lines)


def _literal(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # f"absorption_{doc}" -> absorption_{doc}
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            else:
                parts.append("{" + ast.unparse(v.value) + "}")
        return "".join(parts)
    return None


def notebook_outputs(path: str | Path) -> list[dict[str, str]]:
    """The ``save_figure`` / ``save_table`` calls in a notebook's code cells:
    ``[{kind, name, caption, notebook}]`` in cell order (names not written as a literal or
    f-string are reported as ``?``)."""
    import nbformat

    p = Path(path)
    nb = nbformat.read(p, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = "\n".join(ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            fn = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if fn not in ("save_figure", "save_table"):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            name = _literal(kw.get("name") or (node.args[1] if len(node.args) > 1 else None)) or "?"
            cap = _literal(kw.get("caption") or (node.args[4] if fn == "save_figure" and len(node.args) > 4
                                                 else node.args[3] if fn == "save_table" and len(node.args) > 3
                                                 else None)) or ""
            found.append({"kind": "figure" if fn == "save_figure" else "table", "name": name,
                          "caption": cap, "notebook": p.stem, "lineno": str(node.lineno)})
    return found


def outputs_md(root: str | Path = ".") -> str:
    """Markdown table mapping each figure and table to the notebook and files that make it."""
    root = Path(root)
    rows = []
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        rows += notebook_outputs(nb)
    if not rows:
        return "No notebook saves a figure or table yet.\n"
    out = ["| output | notebook | files (under `reports/<params>/`) | caption (as written in the notebook) |",
           "| --- | --- | --- | --- |"]
    for r in rows:
        exts = ("png", "pdf", "csv") if r["kind"] == "figure" else ("csv", "tex", "md")
        folder = "figures" if r["kind"] == "figure" else "tables"
        files = ", ".join(f"`{folder}/{r['name']}.{e}`" for e in exts)
        out.append(f"| {r['kind']} `{_md_cell(r['name'])}` | `notebooks/{r['notebook']}.ipynb` | {files} "
                   f"| {_md_cell(r['caption'])} |")
    return "\n".join(out) + "\n"


def render_blocks(root: str | Path = ".") -> dict[str, str]:
    """The generated blocks by key."""
    root = Path(root)
    return {
        "data-availability": data_availability_md(root / "data" / "raw"),
        "external-data": external_data_md(root / "data" / "raw", root / "data" / "external"),
        "outputs": outputs_md(root),
    }


def update_replication_doc(root: str | Path = ".", check: bool = False) -> bool:
    """Rewrite the generated blocks of ``docs/replication.md``; returns whether anything
    changed (with ``check``, only report it).

    Raises
    ------
    ValueError
        A generated block is missing from the document.
    """
    root = Path(root)
    path = root / DOC
    text = path.read_text(encoding="utf-8")
    blocks = render_blocks(root)
    missing = [k for k in blocks if f"<!-- BEGIN GENERATED: {k} -->" not in text]
    if missing:
        raise ValueError(f"{path}: no generated block(s) {', '.join(missing)} "
                         "(<!-- BEGIN GENERATED: key --> ... <!-- END GENERATED: key -->)")
    new = _BLOCK.sub(lambda m: m.group(1) + blocks.get(m.group("key"), m.group("body")) + m.group(4), text)
    if new != text and not check:
        path.write_text(new, encoding="utf-8")
    return new != text
