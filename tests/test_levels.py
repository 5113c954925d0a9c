"""Programme-table indicator levels checked against the same document's budget hierarchy
(Bali LKjIP 2024, doc 004: Tabel 3.8 lists kegiatan and sub-kegiatan in one column; Tabel 3.9
numbers them I / A / 1)."""

from analysis.extract.base import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.indicators import extract_indicators
from analysis.extract.levels import align_indicator_levels
from conftest import load_doc

META = DocMeta("004", "", "", "Bali", 2024, "LKIP", "Biro Organisasi Setda Provinsi Bali", "")


def _tables():
    doc = load_doc("004")
    return extract_indicators(doc, META).rows, extract_budget(doc, META).rows


def test_tabel_3_8_sub_kegiatan_take_the_budget_level():
    ind, bud = _tables()
    out, changed = align_indicator_levels(ind, bud)
    # L574 (Tabel 3.8) 'Koordinasi dan Pelaksanaan Sistem Informasi Kepegawaian' is numbered as a
    # sub-kegiatan in Tabel 3.9 (budget row at L646, numbered 1 under a kegiatan); the extractor guessed 'kegiatan'
    row = out[out["source_line"] == 574].iloc[0]
    assert ind.loc[ind["source_line"] == 574, "level"].iloc[0] == "kegiatan"
    assert row["level"] == "sub_kegiatan"
    assert "from the budget row of the same name, Tabel 3.9" in row["value_note"]
    # L569 'Administrasi Kepegawaian Perangkat Daerah' is a kegiatan in both tables: unchanged
    assert out.loc[out["source_line"] == 569, "level"].iloc[0] == "kegiatan"
    assert changed >= 15


def test_names_at_several_budget_levels_are_left_alone():
    ind, bud = _tables()
    # 'Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah' is printed as a
    # kegiatan and (in a list) as a programme: ambiguous, the indicator keeps its level
    out, _ = align_indicator_levels(ind, bud)
    mask = ind["objective"].str.startswith("Pemeliharaan Barang Milik Daerah Penunjang", na=False)
    assert (out.loc[mask, "level"] == ind.loc[mask, "level"]).all()
