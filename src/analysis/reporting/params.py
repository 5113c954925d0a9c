"""Parameter files (``params/<name>.yml``) and the notebooks' ``parameters`` cells.

A parameter file says which notebooks a run executes and with which values::

    title: NTT LKPJ 2023
    notebooks: [00_data_overview]
    parameters:              # injected into every notebook whose parameters cell defines the key
      province: Nusa Tenggara Timur
      fiscal_year: 2023
      doc_ids: ["001"]
    notebook_parameters:     # optional, per notebook, overrides ``parameters``
      00_data_overview:
        top_n: 10

The YAML is read with :class:`ParamLoader`, a ``yaml.SafeLoader`` that resolves only ``null``,
``true``/``false`` and numbers written in their plain (canonical) form; everything else stays
text. ``53.10`` and ``001`` are therefore the strings ``"53.10"`` and ``"001"`` (a float or int
would lose the trailing or leading zero), ``yes``/``no``/``on``/``off`` stay words, dates stay
text, and a duplicated key is an error. (Plain ``53.01`` still reads as a number: a parameter the
notebook declares as text then fails validation with "quote it".)

Validation (:func:`validate`) reads each notebook's tagged ``parameters`` cell (:func:`notebook_spec`):
the names it assigns, their types (from an annotation such as ``doc_ids: list[str] = []`` or
else from the default value) and defaults. A key no listed notebook defines, a missing required
key and a value of the wrong type are errors that name the key, the parameter file (with the
line) and the notebook(s) whose parameters cell defines it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ParamError",
    "ParamLoader",
    "ParamFile",
    "ParamSpec",
    "TypeSpec",
    "REQUIRED",
    "RUNNER_PARAMETERS",
    "TOP_LEVEL_KEYS",
    "load_yaml",
    "load_params",
    "notebook_spec",
    "validate",
]


class ParamError(ValueError):
    """A parameter file or a notebook's parameters cell is not as expected.

    ``errors`` holds one message per problem (each names the key, the file and the notebook).
    """

    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


# --------------------------------------------------------------------------- YAML loading
_INT = r"[-+]?(?:0|[1-9][0-9]*)"
#: a float in plain form: no superfluous trailing zero in the fraction (``1.0`` and ``1.25``, not
#: ``53.10``), or with an exponent (``1e-3``)
_FLOAT = rf"{_INT}(?:\.(?:0|[0-9]*[1-9]))?(?:[eE][-+]?[0-9]+)?"


class ParamLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that types only what is unambiguous.

    Resolved: ``null``/``~``/empty -> None; ``true``/``false`` (also ``True``, ``TRUE`` ...) ->
    bool; integers without leading zeros -> int; decimals in plain form -> float. Everything
    else, including ``001``, ``53.10``, ``0x1F``, ``1_000``, ``yes``, ``2024-01-31`` and
    ``1:30``, stays a string. Duplicate mapping keys raise ``yaml.constructor.ConstructorError``.

    Examples
    --------
    >>> yaml.load("a: 001\\nb: 53.10\\nc: 53.1\\nd: 2023\\ne: yes\\nf: true\\ng: ~\\nh: 2024-01-31",
    ...           Loader=ParamLoader)
    {'a': '001', 'b': '53.10', 'c': 53.1, 'd': 2023, 'e': 'yes', 'f': True, 'g': None, 'h': '2024-01-31'}
    """

    yaml_implicit_resolvers: dict = {}

    def construct_mapping(self, node, deep=False):  # noqa: D102 - see class docstring
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    continue  # the base class reports unhashable keys
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"found duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark)
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


ParamLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
ParamLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
ParamLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(rf"^{_INT}$"), list("-+0123456789"))
ParamLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(rf"^(?!{_INT}$){_FLOAT}$"), list("-+0123456789"))


def _line_index(node: yaml.Node, prefix: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = (*prefix, str(k.value))
            out.setdefault(key, k.start_mark.line + 1)
            _line_index(v, key, out)


def load_yaml(path: str | Path) -> tuple[Any, dict[tuple[str, ...], int]]:
    """Read a YAML file with :class:`ParamLoader`; returns the data and the 1-based line of
    every mapping key (by key path).

    Raises
    ------
    ParamError
        Unreadable file or invalid YAML (message names the file and the line).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamError(f"{p}: cannot read the parameter file: {exc}") from None
    try:
        data = yaml.load(text, Loader=ParamLoader)  # noqa: S506 - ParamLoader is a SafeLoader
        node = yaml.compose(text, Loader=ParamLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ParamError(f"{p}: {where}invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    lines: dict[tuple[str, ...], int] = {}
    if node is not None:
        _line_index(node, (), lines)
    return data, lines


# --------------------------------------------------------------------------- parameter files
#: top-level keys of a parameter file: (required, type)
TOP_LEVEL_KEYS: dict[str, tuple[bool, type]] = {
    "title": (True, str),
    "description": (False, str),
    "notebooks": (True, list),
    "parameters": (True, dict),
    "notebook_parameters": (False, dict),
}


@dataclass
class ParamFile:
    """A parsed parameter file (not yet validated against the notebooks)."""

    path: Path
    title: str
    notebooks: list[str]
    parameters: dict[str, Any]
    notebook_parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    description: str = ""
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def where(self, *key: str) -> str:
        """``path: line N`` of a key path (or just the path)."""
        line = self.lines.get(tuple(key))
        return f"{self.path}: line {line}" if line else f"{self.path}"


def load_params(path: str | Path) -> ParamFile:
    """Read and check the structure of a parameter file.

    Raises
    ------
    ParamError
        Unknown or missing top-level keys, wrong types of ``title``, ``notebooks``,
        ``parameters`` or ``notebook_parameters``; every message names the file and line.
    """
    p = Path(path)
    data, lines = load_yaml(p)
    if not isinstance(data, dict):
        raise ParamError(f"{p}: expected a mapping with keys {', '.join(TOP_LEVEL_KEYS)}")
    errors = []

    def where(*key: str) -> str:
        line = lines.get(tuple(key))
        return f"{p}: line {line}" if line else str(p)

    for key in data:
        if key not in TOP_LEVEL_KEYS:
            errors.append(f"{where(str(key))}: unknown key {key!r}; a parameter file has "
                          f"{', '.join(TOP_LEVEL_KEYS)} (notebook parameters go under 'parameters:')")
    for key, (required, typ) in TOP_LEVEL_KEYS.items():
        if key not in data:
            if required:
                errors.append(f"{p}: missing required key {key!r}")
            continue
        if not isinstance(data[key], typ):
            errors.append(f"{where(key)}: {key!r} must be a {typ.__name__}, got "
                          f"{type(data[key]).__name__} {data[key]!r}")
    if errors:
        raise ParamError(errors)
    notebooks = data["notebooks"]
    for i, nb in enumerate(notebooks):
        if not isinstance(nb, str) or not nb:
            errors.append(f"{where('notebooks')}: notebooks[{i}] must be a notebook name, got {nb!r}")
    if not notebooks:
        errors.append(f"{where('notebooks')}: 'notebooks' is empty")
    dupes = sorted({n for n in notebooks if isinstance(n, str) and notebooks.count(n) > 1})
    if dupes:
        errors.append(f"{where('notebooks')}: notebook(s) listed twice: {', '.join(dupes)}")
    nbp = data.get("notebook_parameters") or {}
    for nb, vals in nbp.items():
        if nb not in notebooks:
            errors.append(f"{where('notebook_parameters', str(nb))}: notebook_parameters for {nb!r}, "
                          f"which is not in 'notebooks' ({', '.join(map(str, notebooks))})")
        elif not isinstance(vals, dict):
            errors.append(f"{where('notebook_parameters', str(nb))}: notebook_parameters.{nb} must be "
                          "a mapping of parameter names to values")
    for section, mapping in [("parameters", data["parameters"]),
                             *[(f"notebook_parameters.{k}", v) for k, v in nbp.items()
                               if isinstance(v, dict)]]:
        for key in mapping:
            if not isinstance(key, str) or not key.isidentifier():
                errors.append(f"{where(*section.split('.'), str(key))}: {section}: {key!r} is not a "
                              "valid parameter name")
    if errors:
        raise ParamError(errors)
    return ParamFile(path=p, title=data["title"], notebooks=list(notebooks),
                     parameters=dict(data["parameters"]),
                     notebook_parameters={k: dict(v) for k, v in nbp.items()},
                     description=data.get("description") or "", lines=lines)


# --------------------------------------------------------------------------- parameters cells
@dataclass(frozen=True)
class TypeSpec:
    """Declared type of a parameter: ``kind`` in {int, float, str, bool, list, dict, any};
    ``item`` the kind of list items (``any`` when unknown); ``nullable`` allows None.

    Examples
    --------
    >>> TypeSpec("list", "str").describe(), TypeSpec("float", nullable=True).describe()
    ('list[str]', 'float | None')
    """

    kind: str
    item: str = "any"
    nullable: bool = False

    def describe(self) -> str:
        base = f"list[{self.item}]" if self.kind == "list" and self.item != "any" else self.kind
        return f"{base} | None" if self.nullable else base


_KINDS = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "dict": dict}


def _kind_of(value: Any) -> str:
    if value is None:
        return "any"
    for name in ("bool", "int", "float", "str", "list", "dict"):
        if isinstance(value, _KINDS[name]):
            return name
    return "any"


def _type_from_default(value: Any) -> TypeSpec:
    kind = _kind_of(value)
    if value is None:
        return TypeSpec("any", nullable=True)
    if kind == "list" and value:
        kinds = {_kind_of(v) for v in value}
        return TypeSpec("list", kinds.pop() if len(kinds) == 1 else "any")
    return TypeSpec(kind)


def _type_from_annotation(node: ast.expr) -> TypeSpec | None:
    """``int``, ``str | None``, ``Optional[float]``, ``list[str]``, ``dict``... or None."""
    if isinstance(node, ast.Constant) and node.value is None:
        return TypeSpec("any", nullable=True)
    if isinstance(node, ast.Name):
        if node.id in _KINDS:
            return TypeSpec(node.id)
        if node.id in ("Any", "object"):
            return TypeSpec("any", nullable=True)
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        parts = [_type_from_annotation(node.left), _type_from_annotation(node.right)]
        non_null = [t for t in parts if t is not None and t.kind != "any"]
        if any(t is None for t in parts) or len(non_null) != 1:
            return None
        return TypeSpec(non_null[0].kind, non_null[0].item,
                        nullable=any(t.nullable for t in parts if t is not None))
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        if node.value.id == "Optional":
            inner = _type_from_annotation(node.slice)
            return None if inner is None else TypeSpec(inner.kind, inner.item, True)
        if node.value.id in ("list", "List"):
            inner = _type_from_annotation(node.slice)
            return None if inner is None else TypeSpec("list", inner.kind)
        if node.value.id in ("dict", "Dict"):
            return TypeSpec("dict")
    return None


@dataclass(frozen=True)
class ParamSpec:
    """One name assigned in a notebook's ``parameters`` cell."""

    name: str
    default: Any
    type: TypeSpec
    notebook: str
    line: int

    def check(self, value: Any) -> str | None:
        """None when ``value`` fits the declared type, else what is wrong.

        Ints are accepted for floats; nothing else is converted.

        Examples
        --------
        >>> s = ParamSpec("region_code", "53.71", TypeSpec("str"), "nb", 1)
        >>> s.check("53.10") is None, s.check(53.01)
        (True, 'expected str, got float 53.01 (quote it to keep it as text: "53.01")')
        """
        return _check(value, self.type)


def _check(value: Any, t: TypeSpec) -> str | None:
    if value is None:
        return None if t.nullable or t.kind == "any" else f"expected {t.describe()}, got null"
    got = _kind_of(value)
    if t.kind == "any":
        return None
    ok = got == t.kind or (t.kind == "float" and got == "int")
    if not ok:
        hint = ""
        if t.kind == "str" and got in ("int", "float", "bool"):
            hint = f' (quote it to keep it as text: "{value}")'
        elif t.kind in ("int", "float") and got == "str" and re.fullmatch(r"[-+]?[0-9.]+", value):
            hint = (" (read as text because of a leading or trailing zero; write the number in "
                    "plain form)")
        return f"expected {t.describe()}, got {got} {value!r}{hint}"
    if t.kind == "list" and t.item != "any":
        for i, v in enumerate(value):
            err = _check(v, TypeSpec(t.item))
            if err:
                return f"item {i}: {err}"
    return None


def _parameters_cell(nb: dict) -> tuple[int, str] | None:
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code" and "parameters" in (cell.get("metadata", {}).get("tags") or []):
            src = cell.get("source", "")
            return i, "".join(src) if isinstance(src, list) else src
    return None


def notebook_spec(path: str | Path) -> dict[str, ParamSpec]:
    """The parameters a notebook declares in its cell tagged ``parameters``.

    Every top-level ``name = literal`` or ``name: annotation = literal`` is a parameter; the
    type comes from the annotation when it is a simple one (``int``, ``str | None``,
    ``list[str]``) and else from the default value (an empty list or None accepts any value).

    Raises
    ------
    ParamError
        No tagged cell, a syntax error, or a default that is not a literal (papermill could
        not override a computed value consistently).
    """
    import nbformat

    p = Path(path)
    nb = nbformat.read(p, as_version=4)
    found = _parameters_cell(nb)
    if found is None:
        raise ParamError(f"{p}: no code cell tagged 'parameters' (add the tag in JupyterLab: "
                         "property inspector -> Add Tag)")
    _, src = found
    try:
        tree = ast.parse(src)
    except SyntaxError as exc:
        raise ParamError(f"{p}: parameters cell, line {exc.lineno}: {exc.msg}") from None
    out: dict[str, ParamSpec] = {}
    errors = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, value_node, ann = stmt.targets[0].id, stmt.value, None
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            name, value_node, ann = stmt.target.id, stmt.value, stmt.annotation
        else:
            continue
        try:
            default = ast.literal_eval(value_node)
        except ValueError:
            errors.append(f"{p}: parameters cell, line {stmt.lineno}: {name!r} has a computed "
                          "default; use a literal (derived values belong in a later cell)")
            continue
        t = _type_from_annotation(ann) if ann is not None else None
        out[name] = ParamSpec(name, default, t or _type_from_default(default), p.stem, stmt.lineno)
    if errors:
        raise ParamError(errors)
    return out


# --------------------------------------------------------------------------- validation
#: keys every parameter file must give under ``parameters``, with their types
REQUIRED: dict[str, TypeSpec] = {
    "province": TypeSpec("str"),
    "fiscal_year": TypeSpec("int"),
    "doc_ids": TypeSpec("list", "str"),
}
#: keys the runner sets itself (a parameter file may not give them)
RUNNER_PARAMETERS = ("processed_dir", "external_dir", "output_dir")


def validate(pf: ParamFile, specs: dict[str, dict[str, ParamSpec]]) -> dict[str, dict[str, Any]]:
    """Check a parameter file against the notebooks' parameters cells.

    Parameters
    ----------
    pf : ParamFile
    specs : mapping notebook name -> its :func:`notebook_spec`

    Returns
    -------
    dict
        notebook name -> the parameters to inject (``parameters`` restricted to the keys the
        notebook defines, then ``notebook_parameters[notebook]``).

    Raises
    ------
    ParamError
        All problems at once: unknown keys, missing required keys, keys reserved for the
        runner, wrong types. Each message names the key, the file (with the line) and the
        notebook(s) whose parameters cell defines the key.
    """
    errors: list[str] = []
    listed = [nb for nb in pf.notebooks if nb in specs]
    for key in REQUIRED:
        if key not in pf.parameters:
            errors.append(f"{pf.path}: missing required parameter {key!r} under 'parameters' "
                          f"(expected {REQUIRED[key].describe()})")
    out: dict[str, dict[str, Any]] = {nb: {} for nb in listed}

    def check_key(section: tuple[str, ...], key: str, value: Any, notebooks: list[str]) -> list[str]:
        where = pf.where(*section, key)
        label = ".".join((*section, key))
        if key in RUNNER_PARAMETERS:
            return [f"{where}: {label}: set by the runner (use the command-line options), not by "
                    "the parameter file"]
        defining = [nb for nb in notebooks if key in specs[nb]]
        if not defining:
            return [f"{where}: {label}: unknown parameter; no parameters cell of "
                    f"{', '.join(f'notebooks/{nb}.ipynb' for nb in notebooks)} defines it"]
        errs = []
        if key in REQUIRED and section == ("parameters",):
            err = _check(value, REQUIRED[key])
            if err:
                errs.append(f"{where}: {label}: {err} (required by the runner; defined in "
                            f"{', '.join(f'notebooks/{nb}.ipynb' for nb in defining)})")
                return errs
        for nb in defining:
            spec = specs[nb][key]
            err = spec.check(value)
            if err:
                errs.append(f"{where}: {label}: {err}; declared in notebooks/{nb}.ipynb, "
                            f"parameters cell line {spec.line}: {spec.name} = {spec.default!r}")
        return errs

    for key, value in pf.parameters.items():
        errors += check_key(("parameters",), key, value, listed)
        for nb in listed:
            if key in specs[nb]:
                out[nb][key] = value
    for nb, vals in pf.notebook_parameters.items():
        if nb not in specs:
            continue
        for key, value in vals.items():
            errors += check_key(("notebook_parameters", nb), key, value, [nb])
            out[nb][key] = value
    if errors:
        raise ParamError(errors)
    return out
