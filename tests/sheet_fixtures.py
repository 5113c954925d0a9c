"""A bundled document's tables written as one spreadsheet (flat OpenDocument, ``.fods``), as
agencies keep their budget and evaluation tables: every run of TAB lines a block of bordered,
wrapped cells under its caption, the column widths shared by all blocks, the sheet printed in
landscape scaled to one page wide (so its type is small and its single-line rows a few points
high). Written by hand for the tests; no real report."""

from __future__ import annotations

from xml.sax.saxutils import escape

from printed_docs import text_blocks

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def _width_cm(chars: int) -> float:
    """A column's width for its longest cell (at most 40 characters counted), 1.2-6 cm."""
    return max(1.2, min(6.0, 0.18 * chars + 0.6))


def fods(text: str) -> str:
    """The tables of a text rendering (and the captions above them) as one sheet."""
    rows: list[tuple[list[str], bool]] = []  # (cells, bordered table row)
    for block in text_blocks(text):
        if isinstance(block, str):
            if block.lower().startswith(("tabel", "table")):
                rows.append(([block], False))
        else:
            rows.extend((r, True) for r in block)
            rows.append(([], False))
    ncol = max(len(r) for r, _ in rows)
    widths = [0] * ncol
    for r, bordered in rows:
        if bordered:
            for j, c in enumerate(r):
                widths[j] = max(widths[j], min(len(c), 40))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<office:document {_NS} office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">',
           '<office:automatic-styles>',
           '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="29.7cm" '
           'fo:page-height="21cm" style:print-orientation="landscape" style:scale-to-X="1" style:scale-to-Y="0" '
           'fo:margin-left="1cm" fo:margin-right="1cm" fo:margin-top="1cm" fo:margin-bottom="1cm"/></style:page-layout>',
           '<style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties '
           'fo:border="0.5pt solid #000000" fo:wrap-option="wrap" style:vertical-align="top"/>'
           '<style:text-properties fo:font-size="8pt"/></style:style>',
           '<style:style style:name="ce2" style:family="table-cell"><style:text-properties fo:font-size="9pt"/></style:style>']
    out += [f'<style:style style:name="co{j}" style:family="table-column"><style:table-column-properties '
            f'style:column-width="{_width_cm(w):.2f}cm"/></style:style>' for j, w in enumerate(widths)]
    out += ['<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
            '<style:table-properties table:display="true"/></style:style>',
            '</office:automatic-styles>',
            '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/>'
            '</office:master-styles>',
            '<office:body><office:spreadsheet><table:table table:name="Sheet1" table:style-name="ta1">']
    out += [f'<table:table-column table:style-name="co{j}"/>' for j in range(ncol)]
    for r, bordered in rows:
        style = "ce1" if bordered else "ce2"
        cells = []
        for j in range(ncol if bordered else len(r)):
            c = r[j] if j < len(r) else ""
            cells.append(f'<table:table-cell table:style-name="{style}" office:value-type="string">'
                         f'<text:p>{escape(c)}</text:p></table:table-cell>' if c
                         else f'<table:table-cell table:style-name="{style}"/>')
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    out.append("</table:table></office:spreadsheet></office:body></office:document>")
    return "\n".join(out)
