"""Small synthetic PDFs written by the tests (matplotlib's PDF backend; no real report).

Coordinates are PDF points on an A4 page (595 x 842), ``top`` measured from the top edge
like pdfplumber's. Each builder writes one file and returns its path.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

W, H = 595.0, 842.0
FONT = 9

# ---- the budget table used by several tests (Tabel 3.13 layout of a LKjIP) ------------
CAPTION = "Tabel 3.13 Jumlah Anggaran dan Realisasi APBD Tahun 2022"
HEADER = ["No.", "Program / Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "%"]
#: (no, name lines, anggaran, realisasi, percent lines)
BUDGET_ROWS = [
    ("1.", ["PROGRAM PENUNJANG URUSAN", "PEMERINTAHAN DAERAH"], "12.281.319.513", "11.534.782.463", ["93,92"]),
    ("", ["Administrasi Keuangan Perangkat", "Daerah"], "10.568.348.933", "9.943.472.120", ["94,09"]),
    ("2.", ["PROGRAM PENYELENGGARAAN", "PENGAWASAN"], "630.395.770", "524.058.289", ["83,13"]),
    ("", ["Penyelenggaraan Pengawasan Internal"], "600.664.770", "507.455.689", ["84,48"]),
]
#: the same table as the package's text rendering (what a converter would write)
BUDGET_TEXT = "\n".join(
    [CAPTION, ""]
    + ["\t".join(HEADER)]
    + ["\t".join([no, " ".join(name), a, r, "".join(p)]) for no, name, a, r, p in BUDGET_ROWS]
) + "\n"


def _figure():
    plt.rcParams["pdf.fonttype"] = 42  # TrueType with a ToUnicode map: extractable text
    return plt.figure(figsize=(W / 72, H / 72))


def _text(fig, x: float, top: float, s: str, ha: str = "left", size: float = FONT,
          rotation: float = 0) -> None:
    fig.text(x / W, 1 - top / H, s, ha=ha, va="baseline", fontsize=size, rotation=rotation,
             rotation_mode="anchor", family="DejaVu Sans")


def _line(fig, x0: float, t0: float, x1: float, t1: float) -> None:
    fig.add_artist(Line2D([x0 / W, x1 / W], [1 - t0 / H, 1 - t1 / H], color="black", lw=0.7))


def _furniture(fig, page: int) -> None:
    """Running header, 'Printed By' stamp and page number (to be removed by the converter)."""
    _text(fig, 50, 40, "Laporan Kinerja Instansi Pemerintah Tahun 2022")
    _text(fig, 50, 815, "Printed By SIPD 12/01/2023 10:15")
    _text(fig, 545, 815, str(page), ha="right")


def _save(path: Path, figs) -> Path:
    with PdfPages(path, metadata={"Creator": None, "Producer": None, "CreationDate": None}) as pdf:
        for fig in figs:
            pdf.savefig(fig)
            plt.close(fig)
    return path


def ruled_budget_pdf(path: Path, cut_percent: tuple[str, str] | None = ("1.128,", "26")) -> Path:
    """Three pages: prose; the ruled Tabel 3.13 (multi-line name cells, a percent cut at the
    column edge in an extra row); prose. Running header, stamp and page number on each."""
    figs = []
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 100, "BAB III AKUNTABILITAS KINERJA")
    figs.append(fig)

    fig = _figure()
    _furniture(fig, 2)
    _text(fig, 297, 100, CAPTION, ha="center")
    xs = [50, 80, 300, 400, 500, 545]
    top = 115
    rows = [("", [HEADER[1]], HEADER[2], HEADER[3], [HEADER[4]])] + BUDGET_ROWS
    if cut_percent:
        rows = rows + [("3.", ["Pendampingan dan Asistensi"], "375.306.467", "329.875.536", list(cut_percent))]
    tops = [top]
    for k, (no, name, a, r, pct) in enumerate(rows):
        h = 14 * max(len(name), len(pct)) + 6
        if k == 0:
            _text(fig, xs[0] + 3, top + 13, HEADER[0])
        for j, ln in enumerate(name):
            _text(fig, xs[1] + 3, top + 13 + 14 * j, ln)
        if k:
            _text(fig, xs[0] + 3, top + 13, no)
        _text(fig, xs[3] - 3, top + 13, a, ha="right")
        _text(fig, xs[4] - 3, top + 13, r, ha="right")
        for j, ln in enumerate(pct):
            _text(fig, xs[5] - 3, top + 13 + 14 * j, ln, ha="right")
        top += h
        tops.append(top)
    for t in tops:
        _line(fig, xs[0], t, xs[-1], t)
    for x in xs:
        _line(fig, x, tops[0], x, tops[-1])
    _text(fig, 50, top + 30, "Sumber: data diolah, 2022")
    figs.append(fig)

    fig = _figure()
    _furniture(fig, 3)
    _text(fig, 50, 100, "3.2. Upaya Perbaikan Kinerja")
    figs.append(fig)
    return _save(path, figs)


WS_HEADER = [("No", 55, "left"), ("Indikator", 90, "left"), ("Target", 380, "right"),
             ("Realisasi", 460, "right"), ("Capaian", 540, "right")]
WS_ROWS = [
    ["1", "Persentase dokumen perencanaan tepat waktu", "100", "100", "100,00"],
    ["2", "Nilai SAKIP perangkat daerah", "75,50", "77,25", "102,32"],
    ["3", "Jumlah laporan keuangan", "12", "12", "100,00"],
    ["4", "Persentase temuan ditindaklanjuti", "90", "85,5", "95,00"],
    ["5", "Jumlah aparatur terlatih", "40", "38", "95,00"],
]


def whitespace_table_pdf(path: Path) -> Path:
    """Two pages of a table without rules (SIMDA-style): rows 1-3 on page 1, the header
    repeated on page 2 above rows 4-5; running header, stamp and page number."""
    figs = []
    for page, rows in ((1, WS_ROWS[:3]), (2, WS_ROWS[3:])):
        fig = _figure()
        _furniture(fig, page)
        top = 120
        if page == 1:
            _text(fig, 50, 90, "Tabel 3.2 Capaian Indikator Kinerja Tahun 2022")
        for (label, x, ha) in WS_HEADER:
            _text(fig, x, top, label, ha=ha)
        for row in rows:
            top += 18
            for (_, x, ha), cell in zip(WS_HEADER, row):
                _text(fig, x, top, cell, ha=ha)
        if page == 2:
            _text(fig, 50, top + 40, "Dari tabel di atas seluruh indikator tercapai.")
        figs.append(fig)
    return _save(path, figs)


def sideways_table_pdf(path: Path) -> Path:
    """One portrait page whose table is printed sideways (text running bottom to top), as a
    landscape table set on a portrait page."""
    fig = _figure()
    # reading line k sits at x = 100 + 18 k; reading position p runs upwards from y = 780
    lines = [["Program", "Anggaran", "Realisasi"],
             ["Program Penunjang", "12.281.319.513", "11.534.782.463"],
             ["Program Pengawasan", "630.395.770", "524.058.289"]]
    cols = [0, 250, 400]
    for k, row in enumerate(lines):
        for c, cell in zip(cols, row):
            _text(fig, 100 + 18 * k, 780 - c, cell, rotation=90)
    return _save(path, [fig])


def image_only_pdf(path: Path) -> Path:
    """Page 1 with text, page 2 a picture only (a scan)."""
    fig = _figure()
    _text(fig, 50, 100, "Halaman dengan teks")
    fig2 = _figure()
    fig2.figimage(np.random.default_rng(7).random((300, 200)), 60, 200)
    return _save(path, [fig, fig2])


def rotate_pages(src: Path, dst: Path, degrees: int) -> Path:
    """Copy ``src`` with every page's /Rotate set (pypdfium2, installed with pdfplumber)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    for i in range(len(pdf)):
        pdf[i].set_rotation(degrees)
    pdf.save(str(dst))
    pdf.close()
    return dst


def encrypted_pdf(src: Path, dst: Path) -> Path:
    """``src`` with an /Encrypt dictionary whose password check fails (RC4, revision 2)."""
    data = src.read_bytes()
    enc = (b"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
           b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >> "
           b"/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ")
    k = data.rfind(b"trailer")
    head, tail = data[:k], data[k:]
    tail = tail.replace(b"<<", b"<< " + enc, 1)
    dst.write_bytes(head + tail)
    return dst


# ---- a table over the years, on its side (LKjIP chapter III), ruled or not --------------
SIDE_CAPTION = "Tabel 3.1 Capaian Indikator Kinerja Utama Indeks Kepuasan Masyarakat Tahun 2019-2023"
SIDE_HEADER = ["Uraian", "2019", "2020", "2021", "2022", "2023"]
SIDE_ROWS = [["Target", "80", "81", "82", "83", "84"],
             ["Realisasi", "79,5", "82,1", "83", "84,2", "85"],
             ["Capaian (%)", "99,38", "101,36", "101,22", "101,45", "101,19"]]
#: the same table as the package's text rendering
SIDE_TEXT = "\n".join([SIDE_CAPTION, "\t".join(SIDE_HEADER)] + ["\t".join(r) for r in SIDE_ROWS]) + "\n"


def side_table_pdf(path: Path, ruled: bool) -> Path:
    """One page: the indicator table on its side (a column per year, the kinds as rows), with
    rules or set apart by white space only; the year columns right-aligned."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 90, SIDE_CAPTION)
    xs = [50, 150, 230, 310, 390, 470, 545]
    top = 110
    tops = [top]
    for row in [SIDE_HEADER] + SIDE_ROWS:
        _text(fig, xs[0] + 3, top + 13, row[0])
        for j, cell in enumerate(row[1:], start=1):
            _text(fig, xs[j + 1] - 3, top + 13, cell, ha="right")
        top += 20
        tops.append(top)
    if ruled:
        for t in tops:
            _line(fig, xs[0], t, xs[-1], t)
        for x in xs:
            _line(fig, x, tops[0], x, tops[-1])
    _text(fig, 50, top + 30, "Sumber: data diolah")
    return _save(path, [fig])


# ---- ruled grids cut by a second table or a page break (word processors, browsers) -------
def _grid(fig, xs: list[float], top: float, rows: list[list[str]], row_h: float = 18) -> float:
    """Draw a ruled table: ``xs`` the column rules, a cell text per column (numbers, % and
    amounts right-aligned). Returns the bottom."""
    bottom = top + row_h * len(rows)
    for k in range(len(rows) + 1):
        _line(fig, xs[0], top + row_h * k, xs[-1], top + row_h * k)
    for x in xs:
        _line(fig, x, top, x, bottom)
    for k, row in enumerate(rows):
        y = top + row_h * k + 12
        for j, cell in enumerate(row):
            if cell[:1].isdigit() and j > 0 and len(cell) > 2 or cell.endswith("%"):
                _text(fig, xs[j + 1] - 3, y, cell, ha="right")
            else:
                _text(fig, xs[j] + 3, y, cell)
    return bottom


STACKED_CAPTION = "Tabel 3.8 Realisasi Anggaran per Program Tahun 2024"
STACKED_HEADER = ["No.", "Program/Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "Capaian (%)"]
#: (table, rows): the first table's column rules, then a second table drawn against it with
#: other widths (its header repeated), then the second table continued on the next page
STACKED_A = [["I", "Program Pembinaan Perpustakaan", "525.774.880", "486.215.430", "92,48"],
             ["A", "Pengelolaan Perpustakaan", "337.728.460", "314.114.950", "93,01"]]
STACKED_B = [["1", "Penyediaan Peralatan Kantor", "873.690.650", "685.189.157", "78,42"],
             ["2", "Penyelenggaraan Rapat Koordinasi", "294.158.000", "138.731.339", "47,16"]]
STACKED_B2 = [["3", "Pemeliharaan Peralatan dan Mesin", "90.060.000", "35.160.000", "39,04"],
              ["4", "Fasilitasi Pelayanan Publik", "157.243.540", "106.704.320", "67,86"]]


def stacked_tables_pdf(path: Path) -> Path:
    """Two ruled budget tables one directly under the other (the second's top rule is the
    first's bottom rule) with other column widths, the second continued on page 2 without its
    header: pdfplumber makes one grid of the first page's rules."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 100, STACKED_CAPTION)
    bottom = _grid(fig, [50, 75, 300, 400, 490, 560], 115, [STACKED_HEADER] + STACKED_A)
    _grid(fig, [50, 75, 320, 410, 490, 560], bottom, [STACKED_HEADER] + STACKED_B)
    fig2 = _figure()
    _furniture(fig2, 2)
    _grid(fig2, [50, 75, 320, 410, 490, 560], 80, STACKED_B2)
    _text(fig2, 50, 150, "Sumber: data diolah, 2024")
    return _save(path, [fig, fig2])


CUT_CAPTION = "Tabel 3.2 Capaian Indikator Kinerja Tahun 2024"
CUT_HEADER = ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
CUT_ROWS = [["1", "Persentase dokumen perencanaan tepat waktu", "100%", "100%", "100%"],
            ["2", "Nilai SAKIP perangkat daerah", "75,50", "77,25", "102,32"],
            ["3", "Persentase temuan ditindaklanjuti", "90%", "85,5%", "95,00"],
            ["4", "Jumlah aparatur terlatih", "40", "38", "95,00"]]


def cut_rows_pdf(path: Path) -> Path:
    """A ruled indicator table whose header row stands alone at the foot of page 1 (a page
    break moved its rows on), its rows on page 2."""
    xs = [50, 75, 330, 400, 470, 545]
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 700, CUT_CAPTION)
    _grid(fig, xs, 720, [CUT_HEADER])
    fig2 = _figure()
    _furniture(fig2, 2)
    _grid(fig2, xs, 70, CUT_ROWS)
    _text(fig2, 50, 170, "Seluruh indikator tercapai.")
    return _save(path, [fig, fig2])


def _width(s: str, size: float = FONT) -> float:
    """The printed width (pt) of ``s`` in the fixtures' font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    return TextPath((0, 0), s, size=size, prop=FontProperties(family="DejaVu Sans")).get_extents().width


#: (column label lines, cell lines) of a table whose narrow cells cut words where a line ends,
#: as a word processor does with a word wider than its cell: each column is as wide as its
#: widest line plus the margins, so those lines run from margin to margin
CUT_WORD_COLUMNS = [
    (["No"], ["1"]),
    (["Kegiatan"], ["Pengawa", "san"]),
    (["Anggar", "an (Rp)"], ["250"]),
    (["Sasaran"], ["Terwujudnya", "dan", "tercapai"]),
    (["Target"], ["Maturitas", "3 (3,35)"]),
]


def cut_words_pdf(path: Path) -> Path:
    """One ruled table (:data:`CUT_WORD_COLUMNS`): cut words (``Pengawa`` | ``san``,
    ``Anggar`` | ``an (Rp)``) and lines that are not (``Terwujudnya`` | ``dan``, ``Maturitas`` |
    ``3 (3,35)``), every cell's text from its left margin (3 pt)."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 100, "Tabel 2.1 Kegiatan dan Anggaran Tahun 2023")
    _fitted_grid(fig, CUT_WORD_COLUMNS, 115.0, 145.0)
    return _save(path, [fig])


def _fitted_grid(fig, columns: list[tuple[list[str], list[str]]], top: float, mid: float) -> float:
    """A ruled table of one header row and one data row whose columns are as wide as their
    widest line plus 3 pt margins (so those lines run from margin to margin), each line of a
    cell 14 pt below the one before, from the cell's left margin. Returns the bottom."""
    margin, x = 3.0, 50.0
    xs = [x]
    for head, cell in columns:
        x += max(_width(s) for s in head + cell) + 2 * margin
        xs.append(x)
    bottom = mid + 14 * max(len(c) for _, c in columns) + 6
    for t in (top, mid, bottom):
        _line(fig, xs[0], t, xs[-1], t)
    for xx in xs:
        _line(fig, xx, top, xx, bottom)
    for j, (head, cell) in enumerate(columns):
        for k, s in enumerate(head):
            _text(fig, xs[j] + margin, top + 12 + 14 * k, s)
        for k, s in enumerate(cell):
            _text(fig, xs[j] + margin, mid + 12 + 14 * k, s)
    return bottom


EMPTY_COL_CAPTION = "Tabel 3.5 Rencana Anggaran per Kegiatan Tahun 2023-2025 (Rp)"
EMPTY_COL_HEADER = ["No", "Kegiatan", "Tahun 2023", "Tahun 2024", "Tahun 2025"]
EMPTY_COL_PAGE1 = [["1", "Penyusunan Dokumen Perencanaan", "150.000.000", "165.000.000", "181.500.000"],
                   ["2", "Evaluasi Kinerja Perangkat Daerah", "80.000.000", "88.000.000", "96.800.000"]]
#: the continuation page: no kegiatan of it has a 2023 amount (the column is empty on the page)
EMPTY_COL_PAGE2 = [["3", "Penyusunan Laporan Keuangan", "", "120.000.000", "132.000.000"],
                   ["4", "Pengelolaan Barang Milik Daerah", "", "60.000.000", "66.000.000"]]


def empty_column_pdf(path: Path) -> Path:
    """A ruled plan table over two pages whose continuation (no header repeated) has a year
    column empty in every row."""
    return _save(path, _continued_table([50, 75, 300, 385, 470, 555], EMPTY_COL_CAPTION,
                                        [EMPTY_COL_HEADER] + EMPTY_COL_PAGE1, EMPTY_COL_PAGE2,
                                        "Sumber: Renja 2023.", 140))


def _continued_table(xs: list[float], caption: str, page1: list[list[str]], page2: list[list[str]],
                     source: str, source_top: float) -> list:
    """Two pages: ``caption`` and a ruled table of ``page1`` (its header first) at the foot of
    the first, its continuation ``page2`` (no header) at the top of the second, ``source``
    below it."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 700, caption)
    _grid(fig, xs, 715, page1)
    fig2 = _figure()
    _furniture(fig2, 2)
    _grid(fig2, xs, 70, page2)
    _text(fig2, 50, source_top, source)
    return [fig, fig2]


SPLIT_CAPTION = "Tabel 3.3 Capaian Indikator Kinerja Tahun 2021"
SPLIT_HEADER = ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
SPLIT_ROW = ["1.", "Meningkatnya Pelayanan Terhadap Kepala", "100%", "100%", "100"]
#: the rest of the row's name on the next page, in the row's own rules (a word processor breaks
#: a tall row across pages)
SPLIT_REST = ["", "Daerah dan Sekretaris Daerah", "", "", ""]


def split_row_pdf(path: Path) -> Path:
    """A ruled indicator table whose last row a page break cut: its name's last words stand
    alone in a one-row grid at the top of page 2, drawn on the same column rules, with prose
    below."""
    xs = [50, 75, 330, 400, 470, 545]
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 720, SPLIT_CAPTION)
    _grid(fig, xs, 735, [SPLIT_HEADER, SPLIT_ROW])
    fig2 = _figure()
    _furniture(fig2, 2)
    _grid(fig2, xs, 70, [SPLIT_REST])
    _text(fig2, 50, 120, "Berdasarkan tabel di atas seluruh indikator tercapai.")
    return _save(path, [fig, fig2])


#: Three ruled tables one under another whose third column starts 4 pt further right each time
#: (300, 304, 308 pt): rules of different tables a chain of points apart; 'Wajar Tanpa
#: Pengecualian' runs 5 pt past the tables' right rule (420 pt)
CHAINED_TABLES = [([50, 200, 300, 420], [["No", "Indikator", "Predikat"], ["1", "Nilai SAKIP", "Baik sekali"]]),
                  ([50, 200, 304, 420], [["No", "Indikator", "Predikat"], ["2", "Opini BPK", "Wajar Tanpa Pengecualian"]]),
                  ([50, 200, 308, 420], [["No", "Indikator", "Predikat"], ["3", "Indeks RB", "Cukup baik"]])]


def chained_tables_pdf(path: Path) -> Path:
    """:data:`CHAINED_TABLES` on one page, 30 pt apart, each cell's text 3 pt from its left rule."""
    fig = _figure()
    _furniture(fig, 1)
    top = 100.0
    for xs, rows in CHAINED_TABLES:
        top = _grid(fig, xs, top, rows) + 30
    return _save(path, [fig])


#: Three ruled tables one under another, a caption line between them, whose last column rules
#: step 5 pt left each time (420, 415, 410 pt; the columns before them too): as a browser lays out
#: each table with its own widths. United over the page, the third table's right rule moved onto
#: its last column's left rule and the column (``Realisasi`` / ``12``) went to the text below.
STAGGERED_TABLES = [
    ([50, 80, 220, 320, 370, 420], [["No", "Indikator", "Target", "2021", "2022"],
                                    ["1", "Indeks Reformasi Birokrasi", "B", "70%", "75%"]]),
    ([50, 80, 180, 300, 365, 415], [["No", "Sasaran", "Indikator", "Target", "Realisasi"],
                                    ["1", "Meningkatnya mutu", "Nilai SAKIP", "80", "82"]]),
    ([50, 80, 230, 295, 360, 410], [["No", "Program", "Satuan", "Target", "Realisasi"],
                                    ["1", "Program Pembinaan", "Dokumen", "12", "12"]])]


def staggered_tables_pdf(path: Path) -> Path:
    """:data:`STAGGERED_TABLES` on one page, each under a caption line, 25 pt apart."""
    fig = _figure()
    _furniture(fig, 1)
    top = 100.0
    for xs, rows in STAGGERED_TABLES:
        _text(fig, 50, top, "Tabel berikut")
        top = _grid(fig, xs, top + 10, rows) + 25
    return _save(path, [fig])


#: Four ruled one-row tables drawn against each other (one grid), the last column's rule 5 pt
#: further right each time (300, 305, 310, 315 pt): the finder unites the chain into one rule at
#: about 307 pt, right of the first rows' first letters (``Predikat N | ilai``, ``B | B``)
TOUCHING_TABLES = [([50, 90, 200, 300, 420], [["No", "Indikator", "Predikat", "Nilai"],
                                              ["1", "Nilai SAKIP", "Baik sekali", "BB"]]),
                   ([50, 90, 200, 305, 420], [["2", "Opini BPK", "Wajar", "WTP"]]),
                   ([50, 90, 200, 310, 420], [["3", "Indeks RB", "Cukup baik", "B"]]),
                   ([50, 90, 200, 315, 420], [["4", "Survei IKM", "Baik", "B"]])]


def touching_tables_pdf(path: Path) -> Path:
    """:data:`TOUCHING_TABLES` on one page, each drawn from the bottom rule of the one before."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 90, "Tabel 3.1 Predikat")
    top = 100.0
    for xs, rows in TOUCHING_TABLES:
        top = _grid(fig, xs, top, rows)
    return _save(path, [fig])


BROWSER_CUT_CAPTION = "Tabel 3.8 Realisasi Anggaran per Kegiatan Tahun 2024"
BROWSER_CUT_HEADER = ["No.", "Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "Capaian (%)"]
#: (row on page 1, rest of its name on page 2 or None); the second row is cut by the page break
BROWSER_CUT_ROWS = [(["1", "Penyediaan Jasa Kantor", "294.158.000", "138.731.339", "47,16"], None),
                    (["2", "Penyediaan Peralatan Kantor", "873.690.650", "685.189.157", "78,42"],
                     "dan Perlengkapan Rapat"),
                    (["3", "Pemeliharaan Gedung Kantor", "337.728.460", "314.114.950", "93,01"], None)]


def browser_cut_row_pdf(path: Path) -> Path:
    """A ruled table whose second row a page break cuts as a browser prints it: on page 1 the
    row's column rules run to the foot of the text area with no rule under them, on page 2 the
    rest of its name stands between column rules that start with no rule above them, the third
    row below it."""
    xs = [50, 80, 300, 385, 470, 545]
    row1, (row2, rest), row3 = (r for r, _ in BROWSER_CUT_ROWS[:1]), BROWSER_CUT_ROWS[1], BROWSER_CUT_ROWS[2][0]
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 700, BROWSER_CUT_CAPTION)
    top = _grid(fig, xs, 715, [BROWSER_CUT_HEADER, *row1])
    for x in xs:  # the cut row: its rules run to the foot of the text area, none below
        _line(fig, x, top, x, 790)
    for j, cell in enumerate(row2):
        _text(fig, xs[j] + 3, top + 12, cell)
    fig2 = _figure()
    _furniture(fig2, 2)
    for x in xs:  # the rest of the row: column rules with no rule above them
        _line(fig2, x, 60, x, 80)
    _line(fig2, xs[0], 80, xs[-1], 80)
    _text(fig2, xs[1] + 3, 72, rest)
    _grid(fig2, xs, 80, [row3])
    _text(fig2, 50, 130, "Sumber: DPA 2024.")
    return _save(path, [fig, fig2])


#: Two ruled tables drawn against each other, as a browser prints a table split in two: the
#: first with the header and a row of both years, the second (no header) with the first year's
#: two cells empty, which the browser makes as narrow as their padding (250-255-260 pt); with
#: its two rules united into one, the second table's values were read under the first year
NARROW_HEADER = ["No", "Kegiatan", "Target 2023", "Anggaran 2023", "Target 2024", "Anggaran 2024"]
NARROW_FIRST = (["1", "Rapat Koordinasi", "2 keg.", "150.000.000", "3 keg.", "165.000.000"],
                [50, 70, 200, 260, 330, 390, 460])
NARROW_SECOND = (["2", "Bimbingan Teknis Zona Integritas", "", "", "1 keg.", "181.500.000"],
                 [50, 70, 250, 255, 260, 350, 460])


def narrow_empty_columns_pdf(path: Path) -> Path:
    """:data:`NARROW_FIRST` (under its header) and :data:`NARROW_SECOND` drawn against it."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 90, "Tabel 2.1 Rencana Kegiatan 2023-2024")
    (row1, xs1), (row2, xs2) = NARROW_FIRST, NARROW_SECOND
    top = _grid(fig, xs1, 100, [NARROW_HEADER, row1])
    _grid(fig, xs2, top, [row2])
    return _save(path, [fig])


#: (column label, cell lines) of a table whose narrow cells cut words with rests longer than
#: three letters (``Koordi`` | ``nasi``), after other words on the line (``dan penyusun`` |
#: ``an dokumen``), next to a name that wraps at a space after a word filling its line
#: (``Laporan`` | ``kinerja``); the paragraph under the table writes the whole words
CUT_LONG_COLUMNS = [(["No"], ["1"]), (["Nama"], ["Koordi", "nasi"]), (["Output"], ["Laporan", "kinerja"]),
                    (["Uraian"], ["dan penyusun", "an dokumen"])]
CUT_LONG_PROSE = "Kegiatan koordinasi dan penyusunan dokumen dilaksanakan sesuai laporan kinerja."


def cut_long_words_pdf(path: Path) -> Path:
    """One ruled table (:data:`CUT_LONG_COLUMNS`, each column as wide as its widest line plus
    3 pt margins) and :data:`CUT_LONG_PROSE` under it."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 100, "Tabel 2.2 Kegiatan Tahun 2023")
    bottom = _fitted_grid(fig, CUT_LONG_COLUMNS, 115.0, 133.0)
    _text(fig, 50, bottom + 30, CUT_LONG_PROSE)
    return _save(path, [fig])


BACKGROUND_ROWS = [["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)"],
                   ["1", "Program Pembinaan Perpustakaan", "525.774.880", "486.215.430"]]
BACKGROUND_PROSE = ["Pencapaian kinerja sasaran didukung oleh 4 (empat) program.",
                    "Rincian realisasi anggaran tahun 2024 sebagai berikut:"]


def page_background_pdf(path: Path) -> Path:
    """A page whose background is painted as one filled rectangle 4 pt outside the text area
    (as wkhtmltopdf does), a paragraph and a ruled table as wide as the text area (its side
    rules 4 pt inside the rectangle's sides), and a paragraph under the table."""
    from matplotlib.patches import Rectangle

    fig = _figure()
    fig.add_artist(Rectangle((10 / W, 10 / H), (W - 20) / W, (H - 20) / H, transform=fig.transFigure,
                             facecolor="white", edgecolor="none", zorder=-1))
    _furniture(fig, 1)
    for k, line in enumerate(BACKGROUND_PROSE):
        _text(fig, 14, 100 + 14 * k, line)
    bottom = _grid(fig, [14, 40, 250, 420, 581], 140, BACKGROUND_ROWS)
    _text(fig, 14, bottom + 30, "Sumber: DPA 2024.")
    return _save(path, [fig])


#: A spreadsheet printed to fit the page's width, in 3.5 pt type: rows 7 pt high and a total row
#: 4.5 pt high, whose two rules lie closer than the finder's snap tolerance (6 pt)
TINY_ROWS = [["No", "Kegiatan", "Anggaran 2023", "Anggaran 2024"],
             ["1", "Rapat Koordinasi", "100,000", "150,000"],
             ["2", "Bimbingan Teknis", "125,000", "131,250"],
             ["", "TOTAL", "225,000", "281,250"]]
TINY_ROW_HEIGHTS = [7.0, 7.0, 7.0, 4.5]


def tiny_rows_pdf(path: Path) -> Path:
    """:data:`TINY_ROWS` as a ruled grid of :data:`TINY_ROW_HEIGHTS`, a caption above it."""
    fig = _figure()
    _furniture(fig, 1)
    _text(fig, 50, 90, "Tabel 2.4 Rencana Anggaran Kegiatan")
    xs, tops = [50, 62, 130, 170, 210], [100.0]
    for h in TINY_ROW_HEIGHTS:
        tops.append(tops[-1] + h)
    for t in tops:
        _line(fig, xs[0], t, xs[-1], t)
    for x in xs:
        _line(fig, x, tops[0], x, tops[-1])
    for k, row in enumerate(TINY_ROWS):
        for j, cell in enumerate(row):
            _text(fig, xs[j] + 1, tops[k + 1] - 1, cell, size=3.5)
    return _save(path, [fig])


NARROW_NO_HEADER = ["No", "Program/Kegiatan", "Anggaran", "Realisasi"]
NARROW_NO_PAGE1 = [["1", "Program Pemasaran Pariwisata", "949.756.800", "60.000.000"]]
#: the continuation page: sub-rows only, the narrow 'No' column empty in every row
NARROW_NO_PAGE2 = [["", "a. Pemasaran Pariwisata Dalam dan Luar Negeri", "949.756.800", "60.000.000"],
                   ["", "Fasilitasi Kegiatan Pemasaran Pariwisata", "821.693.100", "60.000.000"]]


def narrow_no_column_pdf(path: Path) -> Path:
    """A ruled budget table over two pages whose 'No' column is 14 pt wide (a browser's width
    for a column of row numbers) and empty in every row of the second page."""
    return _save(path, _continued_table([50, 64, 330, 430, 530], "Tabel 3.4 Realisasi Anggaran Program",
                                        [NARROW_NO_HEADER] + NARROW_NO_PAGE1, NARROW_NO_PAGE2,
                                        "Sumber: DPA 2023.", 130))


# ---- a table without rules whose columns nearly touch (cells padded by a few points) ------
#: (column left edge, width) of each column's box; text is set flush left in the box, this many
#: points from its sides, so a cell filled to its width ends 2 * TIGHT_PAD before the next
#: column's text (narrower than the gap that separates phrases, wider than a word space)
TIGHT_PAD = 3.5
TIGHT_CAPTION = "Tabel 3.9 Capaian Anggaran Program Tahun 2023"
#: header labels, each a list of its printed lines
TIGHT_HEADER = [["No."], ["Program / Kegiatan / Sub", "Kegiatan"], ["Anggaran", "(Rp)"], ["Realisasi", "(Rp)"],
                ["Capaian", "(%)"]]
#: (no, name, anggaran, realisasi, capaian): names wrap within their column
TIGHT_ROWS = [
    ("I", "Program Penunjang Urusan Pemerintahan Daerah Provinsi", "2.048.907.450,00", "1.543.502.036,00", "75,33"),
    ("A", "Administrasi Kepegawaian Perangkat Daerah dan Pengembangan Sumber Daya Aparatur",
     "4.355.700,00", "2.859.100,00", "65,64"),
    ("1", "Koordinasi dan Pelaksanaan Sistem Informasi Kepegawaian", "4.355.700,00", "2.859.100,00", "65,64"),
    ("B", "Administrasi Umum Perangkat Daerah", "1.184.908.410,00", "839.461.696,00", "70,85"),
    ("II", "Program Penataan Organisasi dan Tata Laksana Pemerintahan", "962.815.700,00", "810.539.019,00", "84,18"),
]
#: justified prose set right above and below the table, with stretched word gaps
TIGHT_PROSE = ("Prestasi keuangan Biro Organisasi pada tahun 2023 mencapai realisasi yang tinggi dari total "
               "anggaran yang ditetapkan, sebagaimana disajikan pada tabel berikut ini menurut program, "
               "kegiatan dan sub kegiatan yang dilaksanakan oleh perangkat daerah.")


def _wrap(text: str, width: float) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and _width(trial) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return lines + [cur]


def _justified(fig, x0: float, x1: float, top: float, text: str, step: float) -> float:
    """``text`` set justified between x0 and x1 from ``top`` (its last line flush left); the
    top of the line below it."""
    lines = _wrap(text, x1 - x0)
    for k, line in enumerate(lines):
        words = line.split()
        if k == len(lines) - 1 or len(words) == 1:
            _text(fig, x0, top, line)
        else:
            gap = (x1 - x0 - sum(_width(w) for w in words)) / (len(words) - 1)
            x = x0
            for w in words:
                _text(fig, x, top, w)
                x += _width(w) + gap
        top += step
    return top


def tight_borderless_pdf(path: Path, centred: bool = False, rows: list[tuple[str, ...]] | None = None,
                         pad: float = TIGHT_PAD) -> Path:
    """One page: a caption, justified prose, a table without rules whose columns are set
    2 * TIGHT_PAD apart (its name cells wrap to their column's width, two header labels wrap),
    and justified prose right below it, every line the same distance apart. ``centred``: each
    row's short cells are set centred on its wrapped name (a word processor's cells centred
    vertically): on its middle line, or between its two middle lines, not on its first.
    ``rows`` (default :data:`TIGHT_ROWS`) and ``pad`` (default :data:`TIGHT_PAD`) vary the table."""
    rows = TIGHT_ROWS if rows is None else rows
    widths = [max(_width("No."), *(_width(r[0]) for r in rows)) + 2 * pad, 150.0]
    widths += [max(_width(r[k]) for r in rows) + 2 * pad for k in (2, 3)]
    widths += [max(_width("Capaian"), *(_width(r[4]) for r in rows)) + 2 * pad]
    lefts = [60.0]
    for w in widths[:-1]:
        lefts.append(lefts[-1] + w)
    step = 12.0
    fig = _figure()
    _text(fig, 60, 80, TIGHT_CAPTION)
    top = _justified(fig, 60, lefts[-1] + widths[-1], 100, TIGHT_PROSE, step)
    for k in range(max(len(h) for h in TIGHT_HEADER)):
        for x, label in zip(lefts, TIGHT_HEADER):
            if k < len(label):
                _text(fig, x + pad, top, label[k])
        top += step
    for row in rows:
        name = _wrap(row[1], widths[1] - 2 * pad)
        # centred: on the middle line, or between the two middle lines of an even number
        at = top + (len(name) - 1) / 2 * step if centred else top
        for x, cell in zip(lefts[:1] + lefts[2:], row[:1] + row[2:]):
            _text(fig, x + pad, at, cell)
        for k in range(len(name)):
            _text(fig, lefts[1] + pad, top, name[k])
            top += step
    _justified(fig, 60, lefts[-1] + widths[-1], top, TIGHT_PROSE, step)
    return _save(path, [fig])
