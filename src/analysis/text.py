"""Plain-text helpers shared by the studies and the reporting layer (no I/O, no imports from the
package): document text put into generated Markdown is escaped first.

Names, captions and reasons come from the documents, and a document may hold anything
(``&lt;script&gt;`` in a cell is unescaped by the reader into the text ``<script>``).
"""

from __future__ import annotations

import html
import re

__all__ = ["md_text"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!~])")


def md_text(value: object) -> str:
    """``value`` as text safe to put inside generated Markdown: HTML special characters become
    entities (shown literally, never parsed as tags) and Markdown markup characters are
    backslash-escaped (a name with ``*`` or ``|`` cannot start emphasis or a table cell).

    Examples
    --------
    >>> md_text("<script>document.title='x'</script>")
    "&lt;script&gt;document.title='x'&lt;/script&gt;"
    >>> md_text("Dinas *PUPR* | [link](http://x)")
    'Dinas \\\\*PUPR\\\\* \\\\| \\\\[link\\\\](http://x)'
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))
