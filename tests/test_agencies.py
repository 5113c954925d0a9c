"""Agency register and resolver (``analysis.agencies``) against the spellings of the four
bundled documents; every case names the line where the spelling is printed, and the test checks
that the line really carries it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import reference
from analysis.agencies import (
    FUZZY_THRESHOLD,
    METHODS,
    assign_entity_ids,
    load_agencies,
    load_agency_aliases,
    load_urusan,
    normalise_agency,
    resolve_agency,
    urusan_of,
)
from conftest import DOCS, RAW

NTT, BALI = "Nusa Tenggara Timur", "Bali"
DIKBUD = "53.dinas-pendidikan-dan-kebudayaan"
DINKES = "53.dinas-kesehatan-kependudukan-dan-pencatatan-sipil"
RSUD = "53.rsud-prof-dr-w-z-johannes-kupang"
PUPR = "53.dinas-pekerjaan-umum-dan-perumahan-rakyat"
SATPOL = "53.satuan-polisi-pamong-praja"
BPBD = "53.badan-penanggulangan-bencana-daerah"
KOP = "53.dinas-koperasi-tenaga-kerja-dan-transmigrasi"
DP3A = "53.dinas-pemberdayaan-perempuan-dan-perlindungan-anak"
DISTAN = "53.dinas-pertanian-dan-ketahanan-pangan"
DISNAK = "53.dinas-peternakan"
DLHK = "53.dinas-lingkungan-hidup-dan-kehutanan"
DPMD = "53.dinas-pemberdayaan-masyarakat-dan-desa"
KOMINFO = "53.dinas-komunikasi-dan-informatika"
DPMPTSP = "53.dinas-penanaman-modal-dan-pelayanan-terpadu-satu-pintu"
DISPORA = "53.dinas-kepemudaan-dan-olahraga"
ARPUS = "53.dinas-kearsipan-dan-perpustakaan"
DKP = "53.dinas-kelautan-dan-perikanan"
PAREKRAF = "53.dinas-pariwisata-dan-ekonomi-kreatif"
ESDM = "53.dinas-energi-dan-sumber-daya-mineral"
DISPERINDAG = "53.dinas-perindustrian-dan-perdagangan"
SETDA = "53.sekretariat-daerah"
SETWAN = "53.sekretariat-dprd"
INSP = "53.inspektorat-daerah"
BAPPELITBANGDA = "53.badan-perencanaan-pembangunan-penelitian-dan-pengembangan-daerah"
BKEUD = "53.badan-keuangan-daerah"
BAPENDA = "53.badan-pendapatan-dan-aset-daerah"
BKD = "53.badan-kepegawaian-daerah"
BPSDMD = "53.badan-pengembangan-sumber-daya-manusia-daerah"
PENGHUBUNG = "53.badan-penghubung-daerah"
PERBATASAN = "53.badan-pengelola-perbatasan"
KESBANGPOL = "53.badan-kesatuan-bangsa-dan-politik"
PEMPROV = "53.pemerintah-provinsi-nusa-tenggara-timur"

# (doc, line, spelling as printed, province, expected entity_id, method)
SPELLINGS = [
    ("001", 1036, "Dinas Pendidikan dan Kebudayaan", NTT, DIKBUD, "exact"),
    ("001", 1038, "RSUD Prof. Dr. W. Z. Johannes Kupang", NTT, RSUD, "exact"),
    ("001", 1834, "RSUD Prof. Dr. W.Z. Johannes Kupang", NTT, RSUD, "exact"),
    ("001", 1146, "RSUD", NTT, RSUD, "alias"),
    ("001", 1039, "Dinas Kesehatan, Kependudukan dan Pencatatan Sipil", NTT, DINKES, "exact"),
    ("001", 1495, "Dinas Kesehatan, kependudukan dan Pencatatan Sipil", NTT, DINKES, "exact"),
    ("001", 1062, "Dinas Kesehatan", NTT, DINKES, "alias"),
    ("001", 1709, "Dinkes Dukcapil", NTT, DINKES, "alias"),
    ("001", 1041, "Dinas Pekerjaan Umum dan Perumahan Rakyat", NTT, PUPR, "exact"),
    ("001", 1917, "Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat", NTT, PUPR, "alias"),
    ("001", 2010, "Dinas PUPR", NTT, PUPR, "alias"),
    ("001", 1045, "Satuan Polisi Pamong Praja", NTT, SATPOL, "exact"),
    ("001", 2040, "Satuan Polisi Pamong Praja (SAT POL PP)", NTT, SATPOL, "alias"),
    ("001", 2056, "Satpol PP", NTT, SATPOL, "alias"),
    ("001", 2092, "Sat Pol PP", NTT, SATPOL, "alias"),
    ("001", 1046, "Badan Penanggulangan Bencana Daerah", NTT, BPBD, "exact"),
    ("001", 1800, "BPBD", NTT, BPBD, "alias"),
    ("001", 6385, "Urusan Penanggulangan Bencana", NTT, BPBD, "urusan_heading"),
    ("001", 1048, "Dinas Sosial", NTT, "53.dinas-sosial", "exact"),
    ("001", 1070, "Dinas Koperasi, Tenaga Kerja dan Transmigrasi", NTT, KOP, "exact"),
    ("001", 1051, "Dinas Koperasi Tenaga Kerja dan Transmigrasi", NTT, KOP, "alias"),
    ("001", 2199, "Dinas Koperasi, UKM, Tenaga Kerja dan Transmigrasi", NTT, KOP, "alias"),
    ("001", 1800, "Dinas Kopnakertrans", NTT, KOP, "alias"),
    ("001", 2197, "Urusan Koperasi, Usaha Kecil dan Menengah, Tenaga Kerja dan Transmigrasi", NTT, KOP,
     "urusan_heading"),
    ("001", 1053, "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", NTT, DP3A, "exact"),
    ("001", 2436, "DP3A", NTT, DP3A, "alias"),
    ("001", 1055, "Dinas Pertanian dan Ketahanan Pangan", NTT, DISTAN, "exact"),
    ("001", 6456, "Dinas Pertanian &Ketahanan Pangan Provinsi Nusa Tenggara Timur", NTT, DISTAN, "exact"),
    ("001", 1092, "Dinas Pertanian", NTT, DISTAN, "alias"),
    ("001", 3928, "Dinas Peternakan Provinsi NTT", NTT, DISNAK, "exact"),
    ("001", 4549, "Disnak", NTT, DISNAK, "alias"),
    ("001", 1060, "Dinas Lingkungan Hidup dan Kehutanan", NTT, DLHK, "exact"),
    ("001", 2669, "Dinas LHK", NTT, DLHK, "alias"),
    ("001", 1094, "Kehutanan", NTT, DLHK, "urusan_heading"),
    ("001", 2601, "Urusan Lingkungan Hidup dan Kehutanan", NTT, DLHK, "urusan_heading"),
    ("001", 1198, "Dinas Pemberdayaan Masyarakat dan Desa", NTT, DPMD, "exact"),
    ("001", 1064, "Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa", NTT, DPMD, "alias"),
    ("001", 2674, "Dinas Pemberdayaan Masyarakat Desa", NTT, DPMD, "alias"),
    ("001", 1066, "Dinas Perhubungan", NTT, "53.dinas-perhubungan", "exact"),
    ("001", 1068, "Dinas Komunikasi dan Informatika", NTT, KOMINFO, "exact"),
    ("001", 2914, "Dinas Komunikasi dan Informasi", NTT, KOMINFO, "alias"),
    ("001", 1800, "Dinas Kominfo", NTT, KOMINFO, "alias"),
    ("001", 1072, "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", NTT, DPMPTSP, "exact"),
    ("001", 2999, "Dinas Penanaman Modal dan PTSP", NTT, DPMPTSP, "alias"),
    ("001", 1074, "Dinas Kepemudaan dan Olahraga", NTT, DISPORA, "exact"),
    ("001", 3169, "Dispora", NTT, DISPORA, "alias"),
    ("001", 3190, "Dinas Kearsipan dan Perpustakaan", NTT, ARPUS, "exact"),
    ("001", 1082, "Dinas Kearsipan dan perpustakaan", NTT, ARPUS, "exact"),
    ("001", 1084, "Dinas Kearsipan", NTT, ARPUS, "alias"),
    ("001", 1088, "Dinas Kelautan dan Perikanan", NTT, DKP, "exact"),
    ("001", 3415, "DKP", NTT, DKP, "alias"),
    ("001", 1090, "Dinas Pariwisata dan Ekonomi Kreatif", NTT, PAREKRAF, "exact"),
    ("001", 3669, "Dinas Parekraf", NTT, PAREKRAF, "alias"),
    ("001", 1097, "Dinas Energi dan Sumber Daya Mineral", NTT, ESDM, "exact"),
    ("001", 4014, "Dinas ESDM", NTT, ESDM, "alias"),
    ("001", 4087, "Dinas Perindustrian dan Perdagangan", NTT, DISPERINDAG, "exact"),
    ("001", 1101, "Dinas Perindustrian", NTT, DISPERINDAG, "alias"),
    ("001", 1099, "Perdagangan", NTT, DISPERINDAG, "urusan_heading"),
    ("001", 1105, "SEKRETARIAT DAERAH", NTT, SETDA, "exact"),
    ("001", 1256, "Sekretariat Daerah Provinsi NTT", NTT, SETDA, "exact"),
    ("001", 4227, "Setda", NTT, SETDA, "alias"),
    ("001", 1106, "SEKRETARIAT DPRD", NTT, SETWAN, "exact"),
    ("001", 5048, "Sekretariat DPRD Provinsi NTT", NTT, SETWAN, "exact"),
    ("001", 4233, "Biro Umum", NTT, "53.biro-umum", "exact"),
    ("001", 4267, "Biro Hukum", NTT, "53.biro-hukum", "exact"),
    ("001", 4321, "Biro Organisasi", NTT, "53.biro-organisasi", "exact"),
    ("001", 4579, "Biro Perekonomian dan Administrasi Pembangunan", NTT,
     "53.biro-perekonomian-dan-administrasi-pembangunan", "exact"),
    ("001", 258, "Biro Perkonomian dan Administrasi Pembangunan", NTT,
     "53.biro-perekonomian-dan-administrasi-pembangunan", "alias"),
    ("001", 4695, "Biro Pemerintahan", NTT, "53.biro-pemerintahan", "exact"),
    ("001", 4780, "Biro Administrasi Pimpinan", NTT, "53.biro-administrasi-pimpinan", "exact"),
    ("001", 4983, "Biro Pengadaan Barang dan Jasa", NTT, "53.biro-pengadaan-barang-dan-jasa", "exact"),
    ("001", 1125, "Inspektorat Daerah", NTT, INSP, "exact"),
    ("001", 5118, "Inpektorat Daerah", NTT, INSP, "alias"),
    ("001", 5116, "Unsur Pengawasan", NTT, INSP, "urusan_heading"),
    ("001", 1268, "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", NTT, BAPPELITBANGDA, "exact"),
    ("001", 5252, "Badan Perencanaan, Penilitian dan Pengembangan Daerah", NTT, BAPPELITBANGDA, "alias"),
    ("001", 1109, "Badan Perencanaan", NTT, BAPPELITBANGDA, "alias"),
    ("001", 1118, "Penelitian dan Pembangunan Daerah", NTT, BAPPELITBANGDA, "alias"),
    ("001", 2669, "Bappelitbangda", NTT, BAPPELITBANGDA, "alias"),
    ("001", 582, "Bappeda Provinsi NTT", NTT, BAPPELITBANGDA, "alias"),
    ("001", 1111, "Badan Keuangan Daerah", NTT, BKEUD, "exact"),
    ("001", 1112, "Badan Pendapatan dan Aset Daerah", NTT, BAPENDA, "exact"),
    ("001", 1114, "Badan kepegawaian Daerah", NTT, BKD, "exact"),
    ("001", 1288, "Badan Pengembangan Sumber Daya Manusia Daerah", NTT, BPSDMD, "exact"),
    ("001", 1116, "Badan Pendidikan Sumber Daya Manusia Daerah", NTT, BPSDMD, "alias"),
    ("001", 5976, "BPSDMD", NTT, BPSDMD, "alias"),
    ("001", 6075, "Badan Penghubung Daerah", NTT, PENGHUBUNG, "exact"),
    ("001", 1122, "Badan Penghubung", NTT, PENGHUBUNG, "alias"),
    ("001", 1120, "Badan Pengelola Perbatasan", NTT, PERBATASAN, "exact"),
    ("001", 6140, "Unsur Perbatasan", NTT, PERBATASAN, "urusan_heading"),
    ("001", 1127, "Badan Kesatuan Bangsa dan Politik", NTT, KESBANGPOL, "exact"),
    ("001", 6202, "Urusan Kesatuan Bangsa dan Politik", NTT, KESBANGPOL, "urusan_heading"),
    ("001", 1302, "Unsur Pemerintahan Umum", NTT, KESBANGPOL, "urusan_heading"),
    ("001", 1325, "Pemerintah Provinsi Nusa Tenggara Timur", NTT, PEMPROV, "exact"),
    ("002", 3, "Biro Umum Setda Provinsi Nusa Tenggara Timur", NTT, "53.biro-umum", "exact"),
    ("002", 21, "Biro Umum Setda Provinsi NTT", NTT, "53.biro-umum", "exact"),
    ("002", 132, "Biro Umum Sekertariat Daerah Provinsi Nusa Tenggara Timur", NTT, "53.biro-umum", "exact"),
    ("002", 316, "Biro Pem", NTT, "53.biro-pemerintahan", "alias"),
    ("002", 316, "Pol PP", NTT, SATPOL, "alias"),
    ("002", 378, "Badan Penghubung", NTT, PENGHUBUNG, "alias"),
    ("003", 38, "Biro Pengadaan Barang dan Jasa Setda", NTT, "53.biro-pengadaan-barang-dan-jasa", "exact"),
    ("003", 45, "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", NTT, DPMPTSP, "exact"),
    ("003", 215, "Dinas Penanaman Modal dan Pelayanan Terpadu", NTT, DPMPTSP, "alias"),
    ("003", 959, "DPMPSTSP", NTT, DPMPTSP, "alias"),
    ("003", 69, "Dinas Komunikasi dan Informatika", NTT, KOMINFO, "exact"),
    ("003", 169, "RSUD Prof.Dr. W.Z Johannes", NTT, RSUD, "alias"),
    ("003", 593, "RSUD Prof.Dr W.Z Johannes", NTT, RSUD, "alias"),
    ("003", 597, "RSUD W.Z Johannes", NTT, RSUD, "alias"),
    ("003", 597, "RSUD Prof.Dr .Z Johannes", NTT, RSUD, "fuzzy"),
    ("003", 806, "RSUD Prof. Dr. Johannes Kupang", NTT, RSUD, "fuzzy"),
    ("003", 215, "Inspektorat", NTT, INSP, "alias"),
    ("003", 217, "Inspektorat Daerah", NTT, INSP, "exact"),
    ("003", 1040, "Inspektorat Prov NTT", NTT, INSP, "alias"),
    ("003", 1226, "Inspektur Daerah", NTT, INSP, "alias"),
    ("003", 1184, "Biro Hukum Setda Prov. NTT", NTT, "53.biro-hukum", "exact"),
    ("003", 1188, "Biro Organisasi Setda Provinsi NTT", NTT, "53.biro-organisasi", "exact"),
    ("004", 12, "Biro Organisasi Setda", BALI, "51.biro-organisasi", "exact"),
    ("004", 32, "Biro Organisasi Sekretariat Daerah Provinsi Bali", BALI, "51.biro-organisasi", "exact"),
    ("004", 32, "Sekretariat Daerah Provinsi Bali", BALI, "51.sekretariat-daerah", "exact"),
    ("004", 699, "Biro Organisasi Sekretaris Daerah Provinsi Bali", BALI, "51.biro-organisasi", "exact"),
]


def _line(doc_id: str, line: int) -> str:
    with open(RAW / DOCS[doc_id], encoding="utf-8-sig") as fh:
        for k, text in enumerate(fh, start=1):
            if k == line:
                return text
    raise AssertionError(f"{doc_id} has no line {line}")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).casefold()


@pytest.mark.parametrize("doc_id,line,spelling,province,expected,method", SPELLINGS,
                         ids=[f"{d}-L{ln}-{s[:30]}" for d, ln, s, *_ in SPELLINGS])
def test_every_spelling_resolves(doc_id, line, spelling, province, expected, method):
    assert _flat(spelling) in _flat(_line(doc_id, line)), f"{spelling!r} is not printed at {doc_id} L{line}"
    r = resolve_agency(spelling, province)
    assert (r.entity_id, r.method) == (expected, method), r.note


@pytest.mark.parametrize("table", ["budget", "indicators"])
def test_every_entity_of_the_outputs_resolves(processed, table):
    df = pd.read_csv(processed / f"{table}.csv", dtype=str, keep_default_na=False)
    assert (df["entity_id"] != "").all(), df.loc[df["entity_id"] == "", ["doc_id", "entity"]].drop_duplicates()
    # 001's budget names every one of the 41 NTT rows of the register (40 agencies and the
    # provincial government), its indicators 39 agencies (all but the Setda and the government)
    assert df.groupby("doc_id")["entity_id"].nunique().to_dict() == (
        {"001": 41, "002": 1, "003": 1, "004": 1} if table == "budget" else {"001": 39, "002": 1, "003": 1, "004": 1})


# --------------------------------------------------------------------------------------------
# Methods that the document spellings do not all need
# --------------------------------------------------------------------------------------------
def test_abbreviation_of_two_agencies_is_ambiguous_until_context_decides():
    # 'BKD' is Badan Kepegawaian Daerah in 001 L2100 ('Kepala BKD Prov.NTT', a competence test)
    # and Badan Keuangan Daerah in 001 L3620 ('tdk dapat dicairkan BKD karena kondisi kas daerah')
    assert "BKD" in _line("001", 2100) and "BKD" in _line("001", 3620)
    r = resolve_agency("BKD", NTT)
    assert r.method == "ambiguous" and r.entity_id is None and set(r.candidates) == {BKD, BKEUD}
    assert resolve_agency("BKD", NTT, context="Urusan Kepegawaian").entity_id == BKD
    assert resolve_agency("BKD", NTT, context="Badan Keuangan Daerah").entity_id == BKEUD
    assert resolve_agency("BKD", NTT, context="Urusan Kepegawaian").method == "context"


def test_urusan_served_by_two_agencies_needs_context():
    # 001 L1491 '2. Urusan Kesehatan' / L1493: carried out by Dinkes Dukcapil and RSUD
    r = resolve_agency("Urusan Kesehatan", NTT)
    assert r.method == "ambiguous" and set(r.candidates) == {DINKES, RSUD}
    c = resolve_agency("Urusan Kesehatan", NTT, context="B. RSUD Prof. Dr. W.Z. Johannes Kupang")
    assert (c.method, c.entity_id) == ("context", RSUD)
    # 001 L3794 '3. Urusan Pertanian': Distan KP and Dinas Peternakan (L3796)
    assert set(resolve_agency("Urusan Pertanian", NTT).candidates) == {DISTAN, DISNAK}


def test_urusan_headings_are_never_agencies():
    # every urusan/unsur name of the vocabulary is recognised as a heading
    vocab = load_urusan()
    for name in vocab["name"]:
        assert urusan_of(f"Urusan {name}") is not None, name
    # group headings of Tabel 2.4 resolve to no agency
    for line, text in [(1034, "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"),
                       (1095, "URUSAN PEMERINTAHAN"), (1086, "URUSAN PEMERINTAHAN PILIHAN")]:
        assert _flat(text) in _flat(_line("001", line))
        r = resolve_agency(text, NTT)
        assert r.method == "unresolved" and r.entity_id is None and "not an agency" in r.note
    # an agency named after its urusan is still an agency
    assert urusan_of("Dinas Kehutanan") is None
    assert urusan_of("Kehutanan") == ("Kehutanan",)


def test_bare_kind_words_are_not_guessed():
    # 001 L4192 '6. Sekretariat' is the secretariat of Disperindag, not an agency of the register
    assert "Sekretariat" in _line("001", 4192)
    assert resolve_agency("6. Sekretariat", NTT).method in ("unresolved", "ambiguous")
    assert resolve_agency("Dinas", NTT).method == "unresolved"
    assert resolve_agency("", NTT).method == "unresolved"


def test_fuzzy_threshold_and_kind_guard():
    r = resolve_agency("Dinas Kelautan dan Perikana", NTT)  # one letter lost
    assert r.method == "fuzzy" and r.entity_id == DKP and r.score >= FUZZY_THRESHOLD
    # the agency kind must agree: a 'Badan' spelling never fuzzily becomes a 'Dinas'
    assert resolve_agency("Badan Kelautan dan Perikanan", NTT).entity_id is None


def test_province_decides_between_namesakes():
    assert resolve_agency("Biro Organisasi", BALI).entity_id == "51.biro-organisasi"
    assert resolve_agency("Biro Organisasi", NTT).entity_id == "53.biro-organisasi"
    r = resolve_agency("Biro Organisasi")
    assert r.method == "ambiguous" and set(r.candidates) == {"51.biro-organisasi", "53.biro-organisasi"}
    assert resolve_agency("Setda", "51").entity_id == "51.sekretariat-daerah"
    with pytest.raises(ValueError, match="province"):
        resolve_agency("Biro Organisasi", "Atlantis")


def test_normalisation():
    assert normalise_agency("Dinas Dinas Penanaman Modal dan PTSP Provinsi NTT") == "dinas penanaman modal dan ptsp"
    assert normalise_agency("Badan Penghubung Provinsi NTT di Jakarta") == "badan penghubung"
    assert normalise_agency("2.1. Badan Keuangan Daerah Provinsi NTT") == "badan keuangan daerah"


# --------------------------------------------------------------------------------------------
# The reference files
# --------------------------------------------------------------------------------------------
def test_register_and_alias_files_are_consistent():
    reg = load_agencies()
    assert reg["entity_id"].is_unique
    assert set(reg["kind"]) <= {"pemda", "dinas", "badan", "biro", "inspektorat", "satpol", "sekretariat", "rsud"}
    assert (reg["entity_id"].str.split(".").str[0] == reg["province_code"]).all()
    # ids are <province>.<slug of the canonical name> (fixed in the file, see docs/agencies.md)
    slug = reg["canonical_name"].str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    assert (reg["entity_id"] == reg["province_code"] + "." + slug).all()
    assert all(re.search(r"\b00[1-4]\b", s) for s in reg["source"]), "every canonical name cites a document"
    # the seven biro of the NTT Setda roll up to it
    assert (reg.loc[reg["kind"] == "biro"].query("province_code == '53'")["parent_id"] == SETDA).sum() == 7
    aliases = load_agency_aliases()
    assert set(aliases["entity_id"]) <= set(reg["entity_id"])
    cited = aliases["note"].str.contains(r"\b00[1-4] ")
    uncited = aliases.loc[~cited, "note"]
    # an alias without a document line says why (a register short name or a common spelling)
    assert uncited.str.contains("short name|common use|Comma variant|resolves", regex=True).all(), list(uncited)
    assert len(reg) == 44 and len(aliases) >= 55


def test_bad_register_is_a_clear_error(tmp_path, monkeypatch):
    import analysis.agencies as ag

    bad = tmp_path / "agencies.csv"
    text = reference.path("agencies.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace(",dinas,,Sosial,", ",dinas,,Sosialisme,"), encoding="utf-8")
    monkeypatch.setattr(ag.reference, "path", lambda name: bad if name == "agencies.csv" else reference.path(name))
    ag.load_agencies.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"agencies.csv line \d+: urusan 'Sosialisme'"):
            ag.load_agencies()
    finally:
        monkeypatch.undo()
        ag.load_agencies.cache_clear()


def test_assign_entity_ids_reports_methods_and_unresolved():
    df = pd.DataFrame({"doc_id": ["001", "001", "001", "004"],
                       "province": [NTT, NTT, NTT, BALI],
                       "entity": ["Inpektorat Daerah", "Kehutanan", "Kantor Antah Berantah", "Biro Organisasi Setda Provinsi Bali"]})
    out, res = assign_entity_ids(df)
    assert out["entity_id"].fillna("").tolist() == [INSP, DLHK, "", "51.biro-organisasi"]
    assert "method" not in out.columns
    assert res.set_index("entity")["method"].to_dict() == {
        "Inpektorat Daerah": "alias", "Kehutanan": "urusan_heading", "Kantor Antah Berantah": "unresolved",
        "Biro Organisasi Setda Provinsi Bali": "exact"}
    assert set(res["method"]) <= set(METHODS)


# --------------------------------------------------------------------------------------------
# The NTT LKPJ end to end
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def processed(extracted):
    return extracted


def _read(processed, table):
    return pd.read_csv(processed / f"{table}.csv", dtype={"doc_id": str}, keep_default_na=False)


def test_lkpj_tabel_2_4_opd_rows_and_3_1_1_indicators_have_entity_ids(processed):
    b = _read(processed, "budget")
    opd = b[(b["doc_id"] == "001") & (b["source_table"] == "Tabel 2.4") & (b["level"] == "opd")]
    assert len(opd) == 45 and (opd["entity_id"] != "").all()
    by_line = opd.set_index("source_line")["entity_id"]
    # 001 Tabel 2.4: the short and garbled OPD cells
    assert by_line[1094] == DLHK           # 'Kehutanan' (an urusan name in the OPD column)
    assert by_line[1099] == DISPERINDAG    # 'Perdagangan'
    assert by_line[1118] == BAPPELITBANGDA  # 'Penelitian dan Pembangunan Daerah'
    assert by_line[1062] == DINKES         # 'Dinas Kesehatan' under Administrasi Kependudukan
    assert (by_line[[1068, 1076, 1078]] == KOMINFO).all()  # one agency under three urusan
    assert opd["entity_id"].nunique() == 32
    i = _read(processed, "indicators")
    ind = i[(i["doc_id"] == "001") & i["source_table"].str.contains(r"^\W*3\.1\.1", regex=True)]
    assert len(ind) == 275 and (ind["entity_id"] != "").all()
    # chapter III's 'Urusan Kesatuan Bangsa dan Politik' section (L6202) belongs to Kesbangpol
    assert set(ind[(ind["source_line"] > 6202) & (ind["source_line"] < 6385)]["entity_id"]) == {KESBANGPOL}


def test_lkpj_agencies_with_an_opd_budget_and_indicators(processed):
    b, i = _read(processed, "budget"), _read(processed, "indicators")
    b, i = b[b["doc_id"] == "001"], i[i["doc_id"] == "001"]
    opd = set(b[(b["level"] == "opd") & (b["origin"] == "table") & (b["duplicate_of"] == "")]["entity_id"])
    with_ind = set(i["entity_id"])
    linked = opd & with_ind
    assert len(linked) == 31
    # before the register only 13 of the 39 Tabel 2.4 names matched an indicator entity by name
    assert len(set(b[(b["source_table"] == "Tabel 2.4") & (b["level"] == "opd")]["entity"]) & set(i["entity"])) == 13
    # not linked: the Setda (its indicators are reported per biro; parent_id rolls them up) ...
    assert opd - with_ind == {SETDA}
    reg = load_agencies().set_index("entity_id")
    biro = {e for e in with_ind - opd if reg.loc[e, "parent_id"] == SETDA}
    assert len(biro) == 7
    # ... and Dinas Peternakan, which has indicators but no row of its own in Tabel 2.4
    assert with_ind - opd - biro == {DISNAK}


def test_report_lists_agency_counts(processed):
    rep = pd.read_csv(processed / "extraction_report.csv", dtype={"doc_id": str}).set_index("doc_id")
    assert rep["agency_names_unresolved"].to_dict() == {"001": 0, "002": 0, "003": 0, "004": 0}
    b, i = _read(processed, "budget"), _read(processed, "indicators")
    assert rep.loc["001", "budget_rows_with_entity_id"] == (b["doc_id"] == "001").sum()
    assert rep.loc["003", "indicators_rows_with_entity_id"] == 486
    md = (processed / "extraction_report.md").read_text(encoding="utf-8")
    assert "## Agencies (entity_id)" in md and "| 001 | urusan_heading |" in md


def test_resolutions_are_cached_and_immutable():
    """resolve_agency is cached (each table resolves the same names again): a repeated call returns
    the same frozen object, so no caller can change what the next one gets."""
    import dataclasses

    first = resolve_agency("Inpektorat Daerah", NTT)
    assert resolve_agency("Inpektorat Daerah", NTT) is first
    assert first.entity_id == "53.inspektorat-daerah"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.entity_id = "53.dinas-sosial"  # type: ignore[misc]
    assert resolve_agency("Inpektorat Daerah", BALI).entity_id != first.entity_id  # the province is part of the key


# --------------------------------------------------------------------------------------
# Provinces the register does not cover: derived ids
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, province, expected", [
    ("Dinas Kesehatan Provinsi Jawa Tengah", "Jawa Tengah", "33.dinas-kesehatan"),
    ("Dinas Kesehatan", "Jawa Tengah", "33.dinas-kesehatan"),
    ("DINAS KESEHATAN PROV. JAWA TENGAH", "Jawa Tengah", "33.dinas-kesehatan"),
    ("Badan Perencanaan Pembangunan Daerah", "Jawa Barat", "32.badan-perencanaan-pembangunan-daerah"),
    ("Inspektorat Kabupaten Jombang", "Jawa Timur", "35.inspektorat-kabupaten-jombang"),
    ("Dinas Tata Kota", "Jawa Timur", "35.dinas-tata-kota"),
    ("Urusan Pendidikan", "Jawa Tengah", None),            # an urusan heading is no agency
    ("Program Penunjang Urusan", "Jawa Tengah", None),     # nor a programme
])
def test_derived_ids_outside_the_register(name, province, expected):
    r = resolve_agency(name, province)
    assert r.entity_id == expected
    assert r.method == ("derived" if expected else "unresolved")


def test_register_provinces_get_no_derived_ids():
    """NTT is in the register: a name it does not know stays unresolved (no id is made up)."""
    r = resolve_agency("Dinas Pariwisata Kota Antah Berantah", "Nusa Tenggara Timur")
    assert (r.entity_id, r.method) == (None, "unresolved")


def test_a_kabupaten_document_gives_its_agencies_its_government():
    """In the Jombang LKjIP the agency is printed as 'Inspektorat Kabupaten Jombang' and as
    'Inspektorat': one id for both (linking budget and indicators), not two."""
    from analysis.agencies import assign_entity_ids, government_of

    names = ["Inspektorat Kabupaten Jombang", "Inspektorat"]
    assert government_of(names, "Jawa Timur") == "kabupaten jombang"
    df = pd.DataFrame({"doc_id": ["104", "104"], "province": ["Jawa Timur"] * 2, "entity": names})
    out, res = assign_entity_ids(df, governments={"104": "kabupaten jombang"})
    assert out["entity_id"].tolist() == ["35.inspektorat-kabupaten-jombang"] * 2
    assert set(res["method"]) == {"derived"}
    # without the document's government the short name is the province's inspektorat
    assert assign_entity_ids(df)[0]["entity_id"].tolist() == ["35.inspektorat-kabupaten-jombang", "35.inspektorat"]
