"""Performance achievement (capaian kinerja), evaluation bands and indicator polarity.

Pure functions, no I/O. The formulas follow the project design (``DESIGN.md``, section
*Formulas*) and the sources collected in ``research/domain_anchors.md``:

* **A1 capaian kinerja** — positive indicators ``100 * realisasi / target`` with the
  PermenPANRB 8/2021 rule for range targets (compare with the bound that was crossed);
  negative indicators ("indikator negatif", lower is better) with two conventions in use,
  ``100 * (2 - realisasi / target)`` floored at 0 (PermenPANRB 8/2021 "kondisi khusus") and
  ``100 * target / realisasi`` (inverse ratio, common in LKjIP/LKPJ practice); a zero target
  ("0 kasus") has no ratio: 100 if the realisation is 0, else 0, flagged.
* **A3 Permendagri 86/2017** evaluation bands, lower edge inclusive, kept as data.

Polarity (is higher better?) is inferred from the indicator's wording by
:func:`infer_polarity`; reviewed exceptions live in ``analysis/reference/polarity_overrides.csv`` and are
applied by :func:`apply_polarity_overrides` (the CSV is read by the CLI layer, see
:func:`analysis.extractors.indicators.load_polarity_overrides`). ``docs/polarity.md``
documents the rule.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "NEGATIVE_CONVENTIONS",
    "PERMENDAGRI_86_2017",
    "Band",
    "achievement_pct",
    "add_achievement",
    "evaluation_band",
    "add_evaluation_band",
    "infer_polarity",
    "polarity_from_target",
    "apply_polarity_overrides",
]

NEGATIVE_CONVENTIONS = ("inverse_ratio", "two_minus_ratio")
"""Supported conventions for negative-polarity indicators (see :func:`achievement_pct`)."""


# --------------------------------------------------------------------------------------
# Achievement
# --------------------------------------------------------------------------------------
def _isnum(x) -> bool:
    if x is None:
        return False
    try:
        return not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def achievement_pct(
    target: float | None,
    actual: float | None,
    polarity: str = "positive",
    negative_convention: str = "inverse_ratio",
    target_upper: float | None = None,
) -> tuple[float, str]:
    """Performance achievement (capaian kinerja) of one indicator, in percent.

    Parameters
    ----------
    target : float
        Target (target kinerja). For a range target (``80-90``) the lower bound.
    actual : float
        Realisation (realisasi).
    polarity : {"positive", "negative"}
        ``positive``: higher is better; ``negative``: lower is better (mortality, poverty,
        stunting, cases, waiting time ...).
    negative_convention : {"inverse_ratio", "two_minus_ratio"}
        Formula for negative indicators: ``inverse_ratio`` = ``100 * target / actual``;
        ``two_minus_ratio`` = ``100 * (2 - actual / target)`` floored at 0
        (PermenPANRB 8/2021 "kondisi khusus", identical to ``(2T - R) / T``).
    target_upper : float, optional
        Upper bound of a range target. The realisation is compared with the bound it
        crossed (PermenPANRB 8/2021: above the range use the upper bound, below it the
        lower bound); a realisation inside the range meets the target (100).

    Returns
    -------
    (value, method) : tuple of (float, str)
        ``value`` is NaN when no achievement can be computed. ``method`` names the formula:
        ``ratio`` (positive), ``inverse_ratio`` / ``two_minus_ratio`` (negative), with the
        suffix ``_range`` for range targets; ``zero_target`` (target 0: 100 if the
        realisation is 0 else 0 — flag these rows); ``zero_actual`` (negative indicator,
        inverse ratio with realisation 0: undefined); ``negative_target`` (a target below 0
        has no meaningful ratio); ``missing`` (target or realisation not numeric).

    Notes
    -----
    Sources: DESIGN.md *Formulas*; ``research/domain_anchors.md`` §A1 (PermenPANRB 8/2021
    p. 110 for the positive, range and "kondisi khusus" formulas; the inverse ratio as used
    in pemda LKjIP/LKPJ). Divergence example from A1: target 10, realisation 15 gives 50
    (two_minus_ratio) or 66.7 (inverse_ratio).

    Examples
    --------
    >>> achievement_pct(100, 102.22)
    (102.22, 'ratio')
    >>> achievement_pct(12, 15.2, "negative", "two_minus_ratio")[0]  # doctest: +ELLIPSIS
    73.33...
    >>> achievement_pct(0, 134, "negative")
    (0.0, 'zero_target')
    """
    if polarity not in ("positive", "negative"):
        raise ValueError(f"polarity must be 'positive' or 'negative', not {polarity!r}")
    if negative_convention not in NEGATIVE_CONVENTIONS:
        raise ValueError(
            f"negative_convention must be one of {NEGATIVE_CONVENTIONS}, not {negative_convention!r}"
        )
    if not (_isnum(target) and _isnum(actual)):
        return float("nan"), "missing"
    t, a = float(target), float(actual)
    suffix = ""
    if _isnum(target_upper) and float(target_upper) != t:
        lo, hi = sorted((t, float(target_upper)))
        suffix = "_range"
        if lo <= a <= hi:
            base = "ratio" if polarity == "positive" else negative_convention
            return 100.0, base + suffix
        t = hi if a > hi else lo
    if t == 0:
        return (100.0 if a == 0 else 0.0), "zero_target"
    if t < 0:
        return float("nan"), "negative_target"
    if polarity == "positive":
        return 100.0 * a / t, "ratio" + suffix
    if negative_convention == "two_minus_ratio":
        return max(0.0, 100.0 * (2.0 - a / t)), "two_minus_ratio" + suffix
    if a == 0:
        return float("nan"), "zero_actual"
    return 100.0 * t / a, "inverse_ratio" + suffix


def add_achievement(
    df: pd.DataFrame,
    negative_convention: str = "inverse_ratio",
    target_upper_col: str = "target_upper",
) -> pd.DataFrame:
    """Fill ``achievement_pct``, ``achievement_method`` and ``negative_convention``.

    Vectorised form of :func:`achievement_pct` over the columns ``target``, ``actual`` and
    ``polarity`` (and ``target_upper`` for range targets, if the column exists).

    Parameters
    ----------
    df : DataFrame
        Indicator rows.
    negative_convention : {"inverse_ratio", "two_minus_ratio"}
        Convention applied to rows with ``polarity == "negative"``.
    target_upper_col : str
        Column holding the upper bound of range targets (optional).

    Returns
    -------
    DataFrame
        A copy with ``achievement_pct`` (float), ``achievement_method`` (str; see
        :func:`achievement_pct`) and ``negative_convention`` (the convention for negative
        rows, empty for positive rows).

    Notes
    -----
    Formulas and sources as in :func:`achievement_pct` (DESIGN.md; domain_anchors.md §A1).
    """
    if negative_convention not in NEGATIVE_CONVENTIONS:
        raise ValueError(
            f"negative_convention must be one of {NEGATIVE_CONVENTIONS}, not {negative_convention!r}"
        )
    out = df.copy()
    n = len(out)
    t = pd.to_numeric(out.get("target", pd.Series([np.nan] * n, index=out.index)),
                      errors="coerce").to_numpy(dtype=float)
    a = pd.to_numeric(out.get("actual", pd.Series([np.nan] * n, index=out.index)),
                      errors="coerce").to_numpy(dtype=float)
    if target_upper_col in out.columns:
        up = pd.to_numeric(out[target_upper_col], errors="coerce").to_numpy(dtype=float)
    else:
        up = np.full(n, np.nan)
    pol = out.get("polarity", pd.Series(["positive"] * n, index=out.index))
    neg = pol.fillna("positive").astype(str).str.lower().eq("negative").to_numpy()

    value = np.full(n, np.nan)
    method = np.full(n, "missing", dtype=object)
    have = ~np.isnan(t) & ~np.isnan(a)

    # range targets: bound crossed, or 100 inside the range
    is_range = have & ~np.isnan(up) & (up != t)
    lo = np.where(is_range, np.minimum(t, up), t)
    hi = np.where(is_range, np.maximum(t, up), t)
    inside = is_range & (a >= lo) & (a <= hi)
    eff_t = np.where(is_range & (a > hi), hi, np.where(is_range & (a < lo), lo, t))
    suffix = np.where(is_range, "_range", "")

    base = np.where(neg, negative_convention, "ratio")
    with np.errstate(all="ignore"):
        pos_val = 100.0 * a / eff_t
        two_val = np.maximum(0.0, 100.0 * (2.0 - a / eff_t))
        inv_val = 100.0 * eff_t / a
    neg_val = two_val if negative_convention == "two_minus_ratio" else inv_val
    computed = np.where(neg, neg_val, pos_val)

    ok = have & ~inside
    zero_t = ok & (eff_t == 0)
    neg_t = ok & (eff_t < 0)
    zero_a = ok & ~zero_t & ~neg_t & neg & (negative_convention == "inverse_ratio") & (a == 0)
    regular = ok & ~zero_t & ~neg_t & ~zero_a

    value[inside] = 100.0
    method[inside] = (base + suffix)[inside]
    value[regular] = computed[regular]
    method[regular] = (base + suffix)[regular]
    value[zero_t] = np.where(a[zero_t] == 0, 100.0, 0.0)
    method[zero_t] = "zero_target"
    method[neg_t] = "negative_target"
    method[zero_a] = "zero_actual"

    out["achievement_pct"] = value
    out["achievement_method"] = method
    out["negative_convention"] = np.where(neg, negative_convention, "")
    return out


# --------------------------------------------------------------------------------------
# Evaluation bands (Permendagri 86/2017)
# --------------------------------------------------------------------------------------
class Band(NamedTuple):
    """One evaluation band: values ``>= lower`` (and below the next band) get ``code``."""

    lower: float
    code: str
    label: str


PERMENDAGRI_86_2017: tuple[Band, ...] = (
    Band(91.0, "very_high", "Sangat Tinggi"),
    Band(76.0, "high", "Tinggi"),
    Band(66.0, "medium", "Sedang"),
    Band(51.0, "low", "Rendah"),
    Band(float("-inf"), "very_low", "Sangat Rendah"),
)
"""Permendagri 86/2017 evaluation scale (research/domain_anchors.md §A3): ≥91 very high,
≥76 high, ≥66 medium, ≥51 low, below very low; the lower edge is inclusive, which closes the
gaps of the printed table (90–91, 75–76 ...). Values above 100 fall in the top band and are
flagged separately by :func:`evaluation_band`. Label sets differ between documents, so the
band is identified by ``code``; ``label`` is the Permendagri wording."""


def evaluation_band(pct: float | None, bands: Sequence[Band] = PERMENDAGRI_86_2017) -> tuple[str | None, bool]:
    """Evaluation band of an achievement or absorption percentage.

    Parameters
    ----------
    pct : float
        Achievement (capaian kinerja) or absorption (realisasi anggaran) in percent.
    bands : sequence of Band
        Bands from highest to lowest lower edge; the last one should start at ``-inf``.

    Returns
    -------
    (code, above_100) : tuple
        ``code`` of the first band whose lower edge is ``<= pct`` (None for a missing
        value); ``above_100`` is True for values over 100 (over-achievement or, for
        budgets, overspending — reported separately, not a band of its own).

    Notes
    -----
    Permendagri 86/2017, Lampiran (tata cara evaluasi hasil RKPD/Renja); see
    research/domain_anchors.md §A3 for the printed intervals and the lower-edge rule.

    Examples
    --------
    >>> evaluation_band(91), evaluation_band(90.99), evaluation_band(104.6)
    (('very_high', False), ('high', False), ('very_high', True))
    """
    if not _isnum(pct):
        return None, False
    x = float(pct)
    for b in sorted(bands, key=lambda b: b.lower, reverse=True):
        if x >= b.lower:
            return b.code, x > 100
    return None, x > 100


def add_evaluation_band(
    df: pd.DataFrame,
    pct_col: str = "achievement_pct",
    bands: Sequence[Band] = PERMENDAGRI_86_2017,
    prefix: str | None = None,
) -> pd.DataFrame:
    """Add ``<prefix>_band`` and ``<prefix>_above_100`` columns for ``pct_col``.

    See :func:`evaluation_band` (Permendagri 86/2017, domain_anchors.md §A3).
    """
    prefix = prefix or pct_col.removesuffix("_pct")
    out = df.copy()
    res = [evaluation_band(v, bands) for v in pd.to_numeric(out[pct_col], errors="coerce")]
    out[f"{prefix}_band"] = [r[0] for r in res]
    out[f"{prefix}_above_100"] = [r[1] for r in res]
    return out


# --------------------------------------------------------------------------------------
# Polarity
# --------------------------------------------------------------------------------------
_WS = re.compile(r"\s+")
# The polarity words below are lower case and compiled without re.I: a text is searched in lower
# case, where a case-sensitive pattern matches exactly where it matched the text with re.I (about
# three times faster), unless it holds one of the four characters that re.I matches to an ASCII
# letter or that lower() turns into one (dotted and dotless i, long s, Kelvin
# sign); such a text is searched with re.I (:func:`_ignoring_case`). The set is
# analysis.extract.vocabulary.CASE_FOLDS_TO_ASCII, written out here: the studies import this
# module and must not import the extraction (.importlinter).
_CASE_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
# An indicator phrased as a reduction measures the reduction itself: higher is better.
_REDUCTION = re.compile(
    r"\b(penurunan|menurunnya|menurunkan|menurun|berkurangnya|pengurangan|mengurangi|"
    r"turunnya|eliminasi|pengentasan)\b",
)
# Wording of quantities where lower is better.
_NEGATIVE = re.compile(
    r"\b(kematian|mortalitas|kasus|prevalensi|stunting|wasting|underweight|gizi\s+buruk|"
    r"gizi\s+kurang|kemiskinan|miskin|pengangguran|angka\s+kesakitan|morbiditas|"
    r"putus\s+sekolah|rasio\s+ketergantungan|inflasi|kerusakan|pelanggaran|kecelakaan|"
    r"laka(?:\s+lantas)?|temuan|tunggakan|kriminalitas|kejahatan|"
    r"dwell?ing\s+time|dwealing\s+time|waktu\s+tunggu|waktu\s+penyelesaian|lama\s+waktu|"
    r"(?<!tepat\s)waktu)\b",
)
# Handling, treating or following up something bad is itself a positive measure.
_HANDLING = re.compile(
    r"\b(penanganan|ditangani|tertangani|menangani|penyelesaian|diselesaikan|"
    r"terselesaikan|menyelesaikan|pengobatan|diobati|terobati|dilayani|terlayani|"
    r"tindak\s*lanjut|ditindaklanjuti|tl|pemeriksaan|diperiksa|penegakan|pendampingan|"
    r"rehabilitasi|penemuan|deteksi|keberhasilan|pencegahan|perlindungan|penindakan|"
    r"penanggulangan)\b",
)
# A count or share of units (districts, villages, agencies ...) meeting a condition.
_UNITS = re.compile(
    r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:jumlah|persentase|presentase|persentasi|presentasi|"
    r"prosentase|proporsi|cakupan|%)?\s*(?:kab(?:upaten)?\s*/\s*kota|kabupaten|kota|desa|"
    r"kelurahan|puskesmas|rumah\s+sakit|sekolah|perangkat\s+daerah|opd|pd)\b",
    re.I,
)


@functools.lru_cache(maxsize=8)
def _ignoring_case(rx: re.Pattern) -> re.Pattern:
    """``rx`` compiled with re.I (for the rare text with a character of
    :data:`_CASE_FOLDS_TO_ASCII`;
    compiled when first needed)."""
    return re.compile(rx.pattern, rx.flags | re.I)


#: A target printed as a bound: a maximum (*≤ 5 hari*, *< 2%*, *maks. 3*, *paling lama 14 hari*)
#: is a lower-is-better indicator, a minimum (*≥ 80%*, *min. 90*, *paling sedikit 2*) a
#: higher-is-better one.
TARGET_MAXIMUM = re.compile(r"^\W*?(?:≤|<|=<|<=|maks(?:imal|imum)?\b\.?|paling\s+(?:lama|banyak|tinggi)\b|"
                            r"tidak\s+lebih\s+dari\b)", re.I)
TARGET_MINIMUM = re.compile(r"^\W*?(?:≥|>|=>|>=|min(?:imal|imum)?\b\.?|paling\s+(?:sedikit|rendah)\b|"
                            r"sekurang-kurangnya\b)", re.I)


def polarity_from_target(target_texts: Sequence[str | None]) -> tuple[str, str] | None:
    """Polarity printed in an indicator's targets: every target stated as a maximum
    (:data:`TARGET_MAXIMUM`) makes it **negative**, every one stated as a minimum
    (:data:`TARGET_MINIMUM`) **positive**; None when the targets state no bound or disagree.

    A bound is the document's own statement of direction, stronger evidence than the wording
    rule of :func:`infer_polarity` (PermenPANRB 53/2014 asks each indicator's target to be
    stated; a maximum means lower is better).

    Examples
    --------
    >>> polarity_from_target(["≤ 5 hari"])
    ('negative', "target printed as a maximum ('≤ 5 hari')")
    >>> polarity_from_target(["Maks. 2%", None, ""])[0], polarity_from_target(["≥ 80%"])[0]
    ('negative', 'positive')
    >>> polarity_from_target(["80%"]) is None, polarity_from_target(["≤ 5", "≥ 3"]) is None
    (True, True)
    """
    texts = [str(t).strip() for t in target_texts if t is not None and str(t).strip()]
    if not texts:
        return None
    if all(TARGET_MAXIMUM.match(t) for t in texts):
        return "negative", f"target printed as a maximum ('{texts[0]}')"
    if all(TARGET_MINIMUM.match(t) for t in texts):
        return "positive", f"target printed as a minimum ('{texts[0]}')"
    return None


def infer_polarity(indicator_text: str | None) -> tuple[str, str]:
    """Polarity of an indicator from its wording.

    Rules, in order:

    1. phrased as a reduction (*penurunan*, *menurunnya*, *berkurangnya*, *eliminasi* ...):
       the measure is the reduction, so **positive** ('penurunan angka kematian');
    2. a lower-is-better quantity (*kematian*, *kasus*, *prevalensi*, *stunting*,
       *wasting*, *gizi buruk*, *kemiskinan/miskin*, *pengangguran*, *angka kesakitan*,
       *waktu* (not *tepat waktu*), *rasio ketergantungan*, *inflasi*, *kerusakan*,
       *pelanggaran*, *kecelakaan*, *laka*, *temuan*, *tunggakan* ...) is **negative**,
       unless
       a. the indicator measures handling or follow-up of it (*penanganan*,
          *diselesaikan*, *diobati*, *tindak lanjut*, *pemeriksaan* ...): positive; or
       b. it counts or shares units meeting a condition ('Kab/Kota dengan prevalensi ...',
          'Jumlah kab/kota endemis dengan kematian ... = 0'): positive;
    3. otherwise **positive**.

    Reviewed exceptions belong in ``analysis/reference/polarity_overrides.csv``
    (:func:`apply_polarity_overrides`).

    Returns
    -------
    (polarity, rule) : tuple of str
        ``polarity`` is ``positive`` or ``negative``; ``rule`` says which rule decided.

    Examples
    --------
    >>> infer_polarity("11. Prevalensi Stunting")
    ('negative', "negative keyword 'prevalensi'")
    >>> infer_polarity("Persentase penurunan angka kematian ibu")[0]
    'positive'
    """
    return _infer_polarity(str(indicator_text or ""))


@functools.lru_cache(maxsize=16384)  # pure in the text; a name is judged once per year row and per document
def _infer_polarity(indicator_text: str) -> tuple[str, str]:
    text = _WS.sub(" ", indicator_text).strip()
    if _CASE_FOLDS_TO_ASCII.isdisjoint(text):
        probe, reduction, negative, handling = text.lower(), _REDUCTION, _NEGATIVE, _HANDLING
    else:
        probe = text
        reduction, negative, handling = (_ignoring_case(rx) for rx in (_REDUCTION, _NEGATIVE, _HANDLING))
    m = reduction.search(probe)
    if m:
        return "positive", f"reduction phrasing '{m.group(1).lower()}' (the measure is the reduction)"
    m = negative.search(probe)
    if m:
        kw = _WS.sub(" ", m.group(1).lower())
        # handling wording outside the keyword itself ('waktu penyelesaian' is a duration)
        h = handling.search(probe[:m.start()] + " " * (m.end() - m.start()) + probe[m.end():])
        if h:
            hw = _WS.sub(" ", h.group(1).lower())
            return "positive", (
                f"negative keyword '{kw}' outweighed by handling/follow-up wording '{hw}'"
            )
        u = _UNITS.match(text)
        if u:
            return "positive", f"negative keyword '{kw}' inside a count/share of units meeting a condition"
        return "negative", f"negative keyword '{kw}'"
    return "positive", "default (no lower-is-better wording)"


def apply_polarity_overrides(df: pd.DataFrame, overrides: pd.DataFrame | None) -> pd.DataFrame:
    """Apply reviewed polarity exceptions.

    Parameters
    ----------
    df : DataFrame
        Indicator rows with ``indicator``, ``polarity`` and (optionally) ``polarity_rule``.
    overrides : DataFrame or None
        Columns ``indicator_pattern, polarity, reason`` (``analysis/reference/polarity_overrides.csv``).
        A pattern matches when it occurs in the indicator text, case-insensitively, as a
        plain substring (not a regular expression). When several match, the longest
        (most specific) pattern wins.

    Returns
    -------
    DataFrame
        A copy; matching rows get the override's polarity and ``polarity_rule`` =
        ``"override '<pattern>': <reason>"``.
    """
    out = df.copy()
    if "polarity_rule" not in out.columns:
        out["polarity_rule"] = ""
    if overrides is None or len(overrides) == 0 or len(out) == 0:
        return out
    missing = {"indicator_pattern", "polarity", "reason"} - set(overrides.columns)
    if missing:
        raise ValueError(f"polarity overrides lack column(s) {sorted(missing)}")
    rules = []
    for _, r in overrides.iterrows():
        pat = str(r["indicator_pattern"]).strip()
        pol = str(r["polarity"]).strip().lower()
        if not pat:
            continue
        if pol not in ("positive", "negative"):
            raise ValueError(f"polarity override for {pat!r}: polarity must be positive/negative, not {pol!r}")
        rules.append((pat.lower(), pat, pol, str(r["reason"]).strip()))
    rules.sort(key=lambda x: -len(x[0]))
    texts = out["indicator"].fillna("").astype(str).str.lower()
    pols = out["polarity"].astype(object).to_numpy().copy()
    why = out["polarity_rule"].astype(object).to_numpy().copy()
    for i, t in enumerate(texts):
        for low, pat, pol, reason in rules:
            if low in t:
                pols[i] = pol
                why[i] = f"override '{pat}': {reason}"
                break
    out["polarity"] = pols
    out["polarity_rule"] = why
    return out
