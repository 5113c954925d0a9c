"""Run the notebooks of one parameter file into ``reports/<name>/``.

For a parameter file ``params/<name>.yml`` the runner

1. reads every listed notebook's ``parameters`` cell and validates the file against them
   (:mod:`analysis.reporting.params`) before anything runs;
2. executes each notebook with papermill (kernel ``python3``, working directory = repository
   root, the file's parameters plus ``processed_dir``, ``external_dir`` and ``output_dir``
   injected; a progress bar per notebook counts the cells) into ``reports/<name>.partial/``;
3. keeps each executed notebook without volatile metadata (timestamps, durations), converts it
   to HTML without code cells (nbconvert, ``exclude_input=True``) and records which figures
   and tables it wrote;
4. writes ``run.json`` and ``index.html`` and, when every notebook succeeded, moves the folder
   into place as ``reports/<name>/`` (replacing the previous report only then).

When a notebook fails, the others still run, the executed notebooks go to
``reports/<name>.failed/`` (the failing one with papermill's error banner), the previous
``reports/<name>/`` stays as it was, and :class:`RunResult` lists each failure: notebook, cell
number, first line of the cell's source and the error.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from .names import inside, safe_name
from .params import ParamError, ParamFile, load_params, notebook_spec, validate

__all__ = ["KERNEL_NAME", "RunResult", "NotebookFailure", "PreparedRun", "prepare_run", "run_prepared",
           "strip_volatile", "to_html", "check_kernel"]

KERNEL_NAME = "python3"
#: papermill/nbclient metadata that changes on every run (removed from the kept notebooks)
VOLATILE_NB_KEYS = ("start_time", "end_time", "duration", "environment_variables", "input_path",
                    "output_path")
VOLATILE_CELL_KEYS = ("start_time", "end_time", "duration")


@dataclass
class NotebookFailure:
    """One notebook that did not finish."""

    notebook: str
    cell: int | None          # 1-based position in the source notebook
    first_line: str
    error: str
    kept: Path | None = None

    def message(self) -> str:
        where = f"cell {self.cell}" if self.cell is not None else "before the first cell"
        src = f": `{self.first_line}`" if self.first_line else ""
        return f"notebooks/{self.notebook}.ipynb failed at {where}{src}\n  {self.error}"


@dataclass
class RunResult:
    """Outcome of one parameter file."""

    name: str
    out_dir: Path
    ok: bool
    failures: list[NotebookFailure] = field(default_factory=list)
    outputs: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class PreparedRun:
    """A validated parameter file, ready to run."""

    params: ParamFile
    name: str
    notebooks: list[str]
    notebook_paths: dict[str, Path]
    injected: dict[str, dict[str, Any]]
    specs: dict[str, dict]


def prepare_run(params_path: str | Path, root: str | Path = ".",
                notebooks: list[str] | None = None) -> PreparedRun:
    """Load and validate a parameter file against the notebooks it lists.

    Parameters
    ----------
    params_path : path-like
        ``params/<name>.yml``.
    root : path-like
        Repository root (notebooks are ``<root>/notebooks/<name>.ipynb``).
    notebooks : list of str, optional
        Run only these (each must be listed in the file); all are validated regardless.

    Raises
    ------
    ParamError
        Everything wrong with the file, at once (key, file, line, notebook).
    """
    pf = load_params(params_path)
    root = Path(root)
    errors: list[str] = []
    paths, specs = {}, {}
    for nb in pf.notebooks:
        path = root / "notebooks" / f"{nb}.ipynb"
        if safe_name(nb) != nb or not path.is_file():
            errors.append(f"{pf.where('notebooks')}: notebook {nb!r} not found (expected {path})")
            continue
        paths[nb] = path
        try:
            specs[nb] = notebook_spec(path)
        except ParamError as exc:
            errors.extend(exc.errors)
    selected = list(pf.notebooks)
    if notebooks:
        unknown = [n for n in notebooks if n not in pf.notebooks]
        if unknown:
            errors.append(f"{pf.path}: --notebooks {', '.join(unknown)}: not listed in the file's "
                          f"'notebooks' ({', '.join(pf.notebooks)})")
        selected = [n for n in pf.notebooks if n in notebooks]
    if errors:
        raise ParamError(errors)
    injected = validate(pf, specs)
    return PreparedRun(pf, safe_name(pf.path.stem), selected, paths, injected, specs)


def check_kernel(kernel_name: str = KERNEL_NAME) -> str | None:
    """None when ``kernel_name`` starts this interpreter, else what is wrong.

    ipykernel's own ``python3`` spec runs ``python``, which jupyter_client replaces by the
    running interpreter; a spec with another absolute interpreter (e.g. a user-wide
    ``~/.local/share/jupyter/kernels/python3``) would run the notebooks without this package.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return (f"no Jupyter kernel {kernel_name!r}: run `{sys.executable} -m ipykernel install "
                f"--sys-prefix` (make setup does this)")
    exe = spec.argv[0] if spec.argv else ""
    if exe in ("python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"):
        return None
    if Path(exe).resolve() != Path(sys.executable).resolve() and Path(exe).absolute() != Path(sys.executable).absolute():
        return (f"Jupyter kernel {kernel_name!r} ({spec.resource_dir}/kernel.json) starts {exe}, not "
                f"this environment's {sys.executable}; run `{sys.executable} -m ipykernel install "
                "--sys-prefix` or remove that kernel spec")
    return None


def _kernel_manager_class():
    """Kernel manager talking to the kernel over local IPC sockets (POSIX): no TCP ports, and
    no "running over TCP without encryption" warning from ipykernel; TCP on Windows."""
    from jupyter_client.manager import KernelManager
    from traitlets import Unicode

    if sys.platform == "win32":
        return KernelManager

    class IPCKernelManager(KernelManager):
        transport = Unicode("ipc")

    return IPCKernelManager


def strip_volatile(nb: Any) -> Any:
    """Remove execution timestamps and durations (papermill, nbclient) from a notebook, in
    place; keeps the parameters and the exception flags. Returns the notebook.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.metadata["papermill"] = {"start_time": "2026-01-01", "parameters": {"x": 1}, "duration": 1.5}
    >>> c = nbformat.v4.new_code_cell("1")
    >>> c.metadata["papermill"] = {"duration": 0.1, "status": "completed"}
    >>> c.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    >>> nb.cells = [c]
    >>> nb = strip_volatile(nb)
    >>> dict(nb.metadata["papermill"]), dict(nb.cells[0].metadata)
    ({'parameters': {'x': 1}}, {'papermill': {'status': 'completed'}})
    """
    pm = nb.metadata.get("papermill")
    if isinstance(pm, dict):
        for k in VOLATILE_NB_KEYS:
            pm.pop(k, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cpm = cell.metadata.get("papermill")
        if isinstance(cpm, dict):
            for k in VOLATILE_CELL_KEYS:
                cpm.pop(k, None)
    return nb


def to_html(nb: Any) -> str:
    """HTML of an executed notebook without code cells (inputs and prompts excluded)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def _list_outputs(folder: Path) -> set[str]:
    out = set()
    for sub in ("figures", "tables"):
        d = folder / sub
        if d.is_dir():
            out |= {f"{sub}/{p.name}" for p in d.iterdir() if p.is_file()}
    return out


def _failure_from(exc: BaseException, nb_name: str, executed: Any | None) -> NotebookFailure:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        index = exc.cell_index
        cell = None
        if executed is not None:
            cells = [c for c in executed.cells
                     if "papermill-error-cell-tag" not in (c.metadata.get("tags") or [])]
            injected = [i for i, c in enumerate(cells)
                        if "injected-parameters" in (c.metadata.get("tags") or [])]
            cell = index + 1 - (1 if injected and injected[0] < index else 0)
        first = next((ln.strip() for ln in (exc.source or "").splitlines() if ln.strip()), "")
        return NotebookFailure(nb_name, cell, first, f"{exc.ename}: {exc.evalue}")
    return NotebookFailure(nb_name, None, "", f"{type(exc).__name__}: {exc}")


def _reuse_previous(prep: PreparedRun, out: Path, partial: Path, result: RunResult) -> list[str]:
    """With ``--notebooks`` (a subset), start from a copy of the previous report and drop the
    selected notebooks' files: the other notebooks' reports, figures and tables are kept.
    Returns the notebooks reused."""
    others = [nb for nb in prep.params.notebooks if nb not in prep.notebooks]
    previous = out / "run.json"
    if not others or not previous.is_file():
        return []
    record = json.loads(previous.read_text(encoding="utf-8"))
    shutil.copytree(out, partial)
    for nb in prep.notebooks:
        for rel in [f"{nb}.html", f"{nb}.ipynb",
                    *[p for kind in ("figures", "tables")
                      for p in record.get("outputs", {}).get(nb, {}).get(kind, [])]]:
            (partial / rel).unlink(missing_ok=True)
    reused = [nb for nb in others if nb in record.get("outputs", {})]
    for nb in reused:
        result.outputs[nb] = record["outputs"][nb]
    return reused


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def run_prepared(prep: PreparedRun, *, root: str | Path = ".", out_dir: str | Path | None = None,
                 processed_dir: str | Path = "data/processed", external_dir: str | Path = "data/external",
                 inputs: dict[str, Any] | None = None, progress: bool = True, log_output: bool = False,
                 kernel_name: str = KERNEL_NAME, timeout: int | None = None,
                 stream: TextIO = sys.stderr) -> RunResult:
    """Execute the notebooks of a validated parameter file.

    Parameters
    ----------
    prep : PreparedRun
        From :func:`prepare_run`.
    root : path-like
        Repository root: the notebooks' working directory.
    out_dir : path-like, optional
        Report folder inside ``<root>/reports/`` (default ``<root>/reports/<name>``; a folder
        elsewhere raises ValueError). Work happens in
        ``<out_dir>.partial``; failures are kept in ``<out_dir>.failed``.
    processed_dir, external_dir : path-like
        Injected as ``processed_dir`` / ``external_dir`` (relative to ``root`` when inside it).
    inputs : dict, optional
        Input checksums (:func:`analysis.reporting.inputs.input_fingerprint`) for the index.
    progress, log_output : bool
        papermill's per-cell progress bar; echo the notebooks' output to the log.
    """
    import nbformat
    import papermill as pm

    from .index import write_index

    root = Path(root).resolve()
    out = Path(out_dir) if out_dir is not None else root / "reports" / prep.name
    out = out if out.is_absolute() else root / out
    inside(out, root / "reports")  # nothing is written outside reports/
    if out.resolve() == (root / "reports").resolve():
        raise ValueError(f"{out}: the report folder must be a folder inside reports/, not reports/ itself")
    partial = out.with_name(out.name + ".partial")
    failed = out.with_name(out.name + ".failed")
    if partial.exists():
        shutil.rmtree(partial)
    result = RunResult(prep.name, out, ok=True)
    reused = _reuse_previous(prep, out, partial, result)
    partial.mkdir(parents=True, exist_ok=True)
    n = len(prep.notebooks)
    for k, nb_name in enumerate(prep.notebooks, start=1):
        spec = prep.specs[nb_name]
        params = dict(prep.injected[nb_name])
        runner_values = {"processed_dir": _rel(Path(processed_dir) if Path(processed_dir).is_absolute()
                                               else root / processed_dir, root),
                         "external_dir": _rel(Path(external_dir) if Path(external_dir).is_absolute()
                                              else root / external_dir, root),
                         "output_dir": _rel(partial, root)}
        params.update({key: v for key, v in runner_values.items() if key in spec})
        target = partial / f"{nb_name}.ipynb"
        before = _list_outputs(partial)
        print(f"[{k}/{n}] {prep.name}: {nb_name} ...", file=stream, flush=True)
        t0 = time.perf_counter()
        executed = None
        try:
            pm.execute_notebook(
                str(prep.notebook_paths[nb_name]), str(target), parameters=params,
                kernel_name=kernel_name, language="python", cwd=str(root),
                progress_bar=progress, log_output=log_output, record_timing=False,
                execution_timeout=timeout, kernel_manager_class=_kernel_manager_class(),
            )
            error = None
        except Exception as exc:  # papermill execution error, dead kernel, missing kernel...
            error = exc
        dt = time.perf_counter() - t0
        result.seconds[nb_name] = round(dt, 1)
        if target.is_file():
            executed = nbformat.read(target, as_version=4)
            strip_volatile(executed)
            nbformat.write(executed, target)
        if error is not None:
            failure = _failure_from(error, nb_name, executed)
            failure.kept = failed / target.name if target.is_file() else None
            result.failures.append(failure)
            result.ok = False
            print(f"[{k}/{n}] {prep.name}: {nb_name} FAILED after {dt:.1f} s", file=stream, flush=True)
            continue
        (partial / f"{nb_name}.html").write_text(to_html(executed), encoding="utf-8")
        new = sorted(_list_outputs(partial) - before)
        result.outputs[nb_name] = {"figures": [p for p in new if p.startswith("figures/")],
                                   "tables": [p for p in new if p.startswith("tables/")]}
        print(f"[{k}/{n}] {prep.name}: {nb_name} done in {dt:.1f} s "
              f"({sum(p.endswith('.png') for p in new)} figures, "
              f"{sum(p.endswith('.tex') for p in new)} tables)", file=stream, flush=True)

    record = {
        "name": prep.name,
        "title": prep.params.title,
        "params_file": _rel(prep.params.path, root),
        "package_version": __version__,
        "notebooks": [nb for nb in prep.params.notebooks if nb in prep.notebooks or nb in reused],
        "parameters": {nb: prep.injected[nb] for nb in prep.params.notebooks
                       if nb in prep.notebooks or nb in reused},
        "outputs": result.outputs,
        "inputs": inputs or {},
    }
    if reused:
        record["reused_from_previous_run"] = sorted(reused)
    if not result.ok:
        record["failures"] = [{"notebook": f.notebook, "cell": f.cell, "source": f.first_line,
                               "error": f.error} for f in result.failures]
    (partial / "run.json").write_text(json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True)
                                      + "\n", encoding="utf-8")
    write_index(partial, record, description=prep.params.description)
    if result.ok:
        previous = out.with_name(out.name + ".previous")
        if previous.exists():
            shutil.rmtree(previous)
        if out.exists():
            out.rename(previous)
        partial.rename(out)
        if previous.exists():
            shutil.rmtree(previous)
        if failed.exists():
            shutil.rmtree(failed)
    else:
        if failed.exists():
            shutil.rmtree(failed)
        partial.rename(failed)
    return result
