"""Text from documents in reports: escaped before it reaches Markdown or HTML.

Names, captions and skip reasons come from the documents, and a document may hold anything
(``&lt;script&gt;`` in a cell is unescaped by the reader into the text ``<script>``). Notebooks
put such text into generated Markdown only through :func:`md_text`; DataFrames are displayed by
pandas, which escapes cells. The exported HTML (notebook reports and ``index.html``) also
carries :data:`CONTENT_SECURITY_POLICY`, so even text that slipped through unescaped cannot run
a script or load anything from the network.
"""

from __future__ import annotations

import re

from ..text import md_text

__all__ = ["md_text", "CONTENT_SECURITY_POLICY", "csp_meta", "add_csp"]

#: Reports are static: no script runs, nothing is fetched from elsewhere (figures are files
#: next to the page or ``data:`` URIs).
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "font-src 'self' data:; script-src 'none'; object-src 'none'; "
                           "base-uri 'none'; form-action 'none'")



def csp_meta() -> str:
    """The ``<meta>`` element carrying :data:`CONTENT_SECURITY_POLICY`."""
    return f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


def add_csp(page: str) -> str:
    """``page`` (an HTML document) with :func:`csp_meta` as the first element of ``<head>``.

    Examples
    --------
    >>> add_csp("<html><head><title>t</title></head></html>").startswith(
    ...     '<html><head><meta http-equiv="Content-Security-Policy"')
    True
    """
    m = re.search(r"<head[^>]*>", page, re.I)
    if not m:
        return csp_meta() + page
    return page[:m.end()] + csp_meta() + page[m.end():]
