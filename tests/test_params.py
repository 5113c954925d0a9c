"""Parameter files: strict YAML (codes stay text), structure, validation against the notebooks'
parameters cells, and the committed parameter files against the committed notebooks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from analysis.reporting.params import (
    REQUIRED,
    ParamError,
    ParamLoader,
    TypeSpec,
    load_params,
    notebook_spec,
    validate,
)
from analysis.reporting.runner import prepare_run

ROOT = Path(__file__).resolve().parents[1]


def test_codes_and_ids_stay_strings():
    data = yaml.load(
        "region: 53.10\nkupang: 53.71\ndoc: 001\ndocs: [001, 004]\nzero: 0\nyear: 2023\nshare: 0.5\n"
        "tolerance: 1e-3\nflag: no\nswitch: on\nday: 2024-01-31\ntime: 1:30\nhex: 0x1F\nsep: 1_000\n"
        "ok: true\nnothing: ~\n",
        Loader=ParamLoader)
    assert data["region"] == "53.10" and data["doc"] == "001" and data["docs"] == ["001", "004"]
    # a plain decimal is a number: 53.71 == float; declaring the parameter as text catches it
    assert data["kupang"] == 53.71
    assert (data["zero"], data["year"], data["share"], data["tolerance"]) == (0, 2023, 0.5, 0.001)
    assert (data["flag"], data["switch"], data["day"], data["time"], data["hex"], data["sep"]) == \
        ("no", "on", "2024-01-31", "1:30", "0x1F", "1_000")
    assert data["ok"] is True and data["nothing"] is None
    # plain yaml.safe_load would have guessed: 53.1, 1, True, 90 (sexagesimal), 31
    guessed = yaml.safe_load("region: 53.10\ndoc: 001\nflag: no\ntime: 1:30\nhex: 0x1F")
    assert guessed == {"region": 53.1, "doc": 1, "flag": False, "time": 90, "hex": 31}


def test_duplicate_key_is_an_error(tmp_path):
    p = tmp_path / "dup.yml"
    p.write_text("title: a\nnotebooks: [x]\nparameters:\n  fiscal_year: 2023\n  fiscal_year: 2024\n")
    with pytest.raises(ParamError, match=r"dup.yml: line 5: invalid YAML: found duplicate key 'fiscal_year' \(first at line 4\)"):
        load_params(p)


def test_structure_errors_name_file_and_line(tmp_path):
    p = tmp_path / "bad.yml"
    p.write_text("title: a\nnotebook: [x]\nparameters: {}\n")
    with pytest.raises(ParamError) as exc:
        load_params(p)
    text = str(exc.value)
    assert f"{p}: line 2: unknown key 'notebook'" in text
    assert f"{p}: missing required key 'notebooks'" in text


def _nb(tmp_path: Path, src: str) -> Path:
    nb = nbformat.v4.new_notebook()
    c = nbformat.v4.new_code_cell(src)
    c.metadata["tags"] = ["parameters"]
    nb.cells = [c]
    p = tmp_path / "notebooks" / "nb.ipynb"
    p.parent.mkdir(exist_ok=True)
    nbformat.write(nb, p)
    return p


def test_notebook_spec_types_from_annotation_and_default(tmp_path):
    spec = notebook_spec(_nb(tmp_path, 'doc_ids: list[str] = []\nprovince = "Bali"\nfiscal_year = 2024\n'
                                       'tol: float | None = None\nratio = 0.5\nflags = [True]\n'))
    assert spec["doc_ids"].type == TypeSpec("list", "str")
    assert spec["province"].type == TypeSpec("str") and spec["fiscal_year"].type == TypeSpec("int")
    assert spec["tol"].type == TypeSpec("float", nullable=True)
    assert spec["ratio"].type == TypeSpec("float") and spec["flags"].type == TypeSpec("list", "bool")
    assert spec["fiscal_year"].line == 3
    assert spec["ratio"].check(1) is None  # an int is accepted for a float
    assert "expected float | None, got str" in spec["tol"].check("0.50")


def test_computed_default_is_refused(tmp_path):
    with pytest.raises(ParamError, match=r"line 2: 'twice' has a computed default"):
        notebook_spec(_nb(tmp_path, "a = 1\ntwice = a * 2\n"))


def test_validate_injects_only_defined_keys(tmp_path):
    nb = _nb(tmp_path, 'doc_ids = []\nprovince = ""\nfiscal_year = 0\nregion_code = "53.71"\n')
    p = tmp_path / "p.yml"
    p.write_text("title: t\nnotebooks: [nb]\nparameters:\n  province: Bali\n  fiscal_year: 2024\n"
                 "  doc_ids: [004]\nnotebook_parameters:\n  nb:\n    region_code: 51.71\n")
    with pytest.raises(ParamError) as exc:
        validate(load_params(p), {"nb": notebook_spec(nb)})
    # 51.71 written without quotes is a number; the notebook declares text
    assert (f"{p}: line 9: notebook_parameters.nb.region_code: expected str, got float 51.71 "
            '(quote it to keep it as text: "51.71")') in str(exc.value)
    p.write_text(p.read_text().replace("51.71", '"51.71"'))
    out = validate(load_params(p), {"nb": notebook_spec(nb)})
    assert out == {"nb": {"province": "Bali", "fiscal_year": 2024, "doc_ids": ["004"], "region_code": "51.71"}}


def test_doc_ids_must_be_text(tmp_path):
    nb = _nb(tmp_path, 'doc_ids = []\nprovince = ""\nfiscal_year = 0\n')
    p = tmp_path / "p.yml"
    p.write_text("title: t\nnotebooks: [nb]\nparameters:\n  province: Bali\n  fiscal_year: 2024\n  doc_ids: [4]\n")
    with pytest.raises(ParamError, match=r"parameters.doc_ids: item 0: expected str, got int 4"):
        validate(load_params(p), {"nb": notebook_spec(nb)})


@pytest.mark.parametrize("path", sorted((ROOT / "params").glob("*.yml")), ids=lambda p: p.name)
def test_committed_parameter_files_are_valid(path):
    prep = prepare_run(path, ROOT)
    for nb, params in prep.injected.items():
        for key in REQUIRED:
            assert key in params, (nb, key)
        assert all(isinstance(d, str) for d in params["doc_ids"])


def test_committed_parameter_files_name_documents_of_the_manifest():
    import csv

    with open(ROOT / "data" / "raw" / "manifest.csv", encoding="utf-8") as fh:
        manifest = {r["doc_id"]: r for r in csv.DictReader(fh)}
    ntt = load_params(ROOT / "params" / "ntt_lkpj_2023.yml").parameters
    bali = load_params(ROOT / "params" / "bali_lkjip_2024.yml").parameters
    assert ntt["doc_ids"] == ["001"] and manifest["001"]["province"] == ntt["province"] == "Nusa Tenggara Timur"
    assert int(manifest["001"]["fiscal_year"]) == ntt["fiscal_year"] == 2023
    assert bali["doc_ids"] == ["004"] and manifest["004"]["province"] == bali["province"] == "Bali"
    assert int(manifest["004"]["fiscal_year"]) == bali["fiscal_year"] == 2024


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_are_runner_ready(path):
    """Committed without outputs; a tagged parameters cell defining what the runner injects and
    requires (literal defaults, so the runner can read the types)."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: cell {i} has outputs"
    spec = notebook_spec(path)
    for name in ("processed_dir", "external_dir", "output_dir", "doc_ids", "province", "fiscal_year"):
        assert name in spec, f"{path.name}: the parameters cell does not define {name}"
    assert spec["province"].type == TypeSpec("str") and spec["fiscal_year"].type == TypeSpec("int")
