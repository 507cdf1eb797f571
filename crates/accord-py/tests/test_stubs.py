"""The type stubs (`__init__.pyi`, `negmas.pyi`) match the modules: the same public names,
and for every function and method the same parameters, in order, with the same defaults."""

import ast
import inspect
import types
from pathlib import Path

import accord
import pytest

PACKAGE = Path(accord.__file__).parent
#: Names that only exist for type checkers: aliases and the negotiator protocol.
STUB_ONLY = {"Json", "Option", "Terms", "Negotiator"}
#: The exceptions' attributes, set on each instance when raised.
PER_INSTANCE = {"diagnostics", "negotiator", "party", "job", "scenario"}


def _stub(name):
    path = PACKAGE / name
    assert path.exists(), f"{path} is not installed with the package"
    return ast.parse(path.read_text())


def _params(fn: ast.FunctionDef):
    """(name, default source or None) per parameter, `self` dropped."""
    a = fn.args
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    out = [(p.arg, d) for p, d in zip(positional, defaults)]
    out += [(p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.vararg:
        out.append(("*" + a.vararg.arg, None))
    if a.kwarg:
        out.append(("**" + a.kwarg.arg, None))
    if out and out[0][0] in ("self", "cls"):
        out = out[1:]
    return [(n, None if d is None else ast.literal_eval(d) if _literal(d) else ...) for n, d in out]


def _literal(node):
    try:
        ast.literal_eval(node)
        return True
    except ValueError:
        return False


def _runtime_params(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        pytest.fail(f"{obj!r} has no signature (PyO3 gives every function one)")
    out = []
    for p in sig.parameters.values():
        if p.name in ("self", "cls"):
            continue
        name = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "") + p.name
        default = None if p.default is p.empty else p.default
        out.append((name, default))
    return out


def _check_function(stub: ast.FunctionDef, obj, where):
    ours = _params(stub)
    theirs = _runtime_params(obj)
    assert [n for n, _ in ours] == [n for n, _ in theirs], f"{where}: parameters differ"
    for (name, d), (_, rd) in zip(ours, theirs):
        if d is ...:  # `= ...` in a stub: any default, but there must be one
            assert rd is not None or name.startswith("*"), f"{where}({name}) has no default"
        else:
            assert d == rd, f"{where}({name}): stub default {d!r}, module {rd!r}"


def _public(names):
    return {n for n in names if not n.startswith("_")}


def _runtime_members(cls):
    return _public(
        n
        for n, v in vars(cls).items()
        if callable(v) or isinstance(v, (property, types.GetSetDescriptorType, staticmethod))
        or inspect.isdatadescriptor(v)
    )


def _stub_members(node: ast.ClassDef):
    names = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    return names


def test_the_package_stub_lists_what_the_module_has():
    tree = _stub("__init__.pyi")
    top = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            top[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                top[t.id] = node
    stubbed = set(top) - STUB_ONLY
    exported = set(accord.__all__) - {"negmas"}
    assert stubbed == exported, (stubbed ^ exported)
    for name, node in top.items():
        if name in STUB_ONLY:
            continue
        obj = getattr(accord, name)
        if isinstance(node, ast.FunctionDef):
            _check_function(node, obj, name)
        elif isinstance(node, ast.ClassDef):
            runtime = _runtime_members(obj)
            if issubclass(obj, BaseException):
                runtime = set()  # the exceptions add only `.diagnostics`, set per instance
            stub = _public(_stub_members(node))
            assert runtime <= stub, f"{name}: not in the stub: {runtime - stub}"
            missing = {m for m in _stub_members(node) if not hasattr(obj, m)}
            if issubclass(obj, BaseException):
                missing -= PER_INSTANCE
            assert not missing, f"{name}: the stub has members the class lacks: {missing}"
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not any(
                    isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list
                ):
                    _check_function(item, getattr(obj, item.name), f"{name}.{item.name}")


def test_the_exceptions_carry_the_stubbed_diagnostics(toy):
    with pytest.raises(accord.UsageError) as e:
        toy.evaluate(plan="nope")
    assert isinstance(e.value.diagnostics, list)


def test_the_negmas_stub_lists_what_the_module_has():
    pytest.importorskip("negmas")
    import accord.negmas as an

    tree = _stub("negmas.pyi")
    stubbed = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            stubbed[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stubbed[node.target.id] = node
    runtime = {
        n
        for n, v in vars(an).items()
        if not n.startswith("_")
        and not inspect.ismodule(v)
        and getattr(v, "__module__", an.__name__) == an.__name__
        and not isinstance(v, type(__import__("__future__").annotations))
    }
    assert set(stubbed) == runtime
    for name, node in stubbed.items():
        if isinstance(node, ast.FunctionDef):
            _check_function(node, getattr(an, name), f"negmas.{name}")


def test_the_package_is_typed():
    assert (PACKAGE / "py.typed").exists()
