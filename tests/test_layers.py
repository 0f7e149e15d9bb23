"""The package's imports follow DESIGN.md's flow: no circles, nothing imports upward.

Layers, bottom to top (a module may import its own layer and the ones below):

    codes -> knowledge, model -> store, extract, sources -> analysis, ingest
          -> report, web -> cli, api

Read from the source with ``ast``, so lazy imports inside functions count too (an
upward import is upward wherever it sits); imports under ``if TYPE_CHECKING:`` do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "comity"

#: First dotted part under ``comity`` -> layer (higher may import lower).
LAYERS: dict[str, int] = {
    "codes": 0,
    "knowledge": 1, "model": 1,
    "store": 2, "extract": 2, "sources": 2,
    "analysis": 3, "ingest": 3, "live": 3, "watch": 3,
    "report": 4, "web": 4,
    "cli": 5, "api": 5, "__init__": 5,
    "__main__": 5,
}
#: Same-layer imports DESIGN.md forbids: the store is written only by the store, from
#: what readers and the extractor hand it; readers never import the store.
FORBIDDEN_SIDEWAYS = {("sources", "store"), ("extract", "store"), ("store", "sources"),
                      ("store", "extract")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The comity modules ``name`` imports (``from pkg import sub`` counts as ``pkg.sub``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "comity")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_pkg else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "comity":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in modules else base)
    return {m for m in out if m != name and m in modules}


def layer_key(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def test_every_module_has_a_layer():
    unknown = sorted({layer_key(m) for m in all_modules()} - set(LAYERS))
    assert not unknown, f"modules outside DESIGN.md's layers: {unknown}"


def upward_imports(g: dict[str, set[str]]) -> list[str]:
    bad = []
    for mod, targets in sorted(g.items()):
        src = layer_key(mod)
        for t in sorted(targets):
            dst = layer_key(t)
            if src not in LAYERS or dst not in LAYERS:
                continue
            if LAYERS[dst] > LAYERS[src] or (src, dst) in FORBIDDEN_SIDEWAYS:
                bad.append(f"{mod} -> {t}")
    return bad


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        work = [(v, iter(sorted(g.get(v, ()))))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(g.get(nxt, ())))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_upward():
    bad = upward_imports(graph())
    assert not bad, "imports against DESIGN.md's flow:\n  " + "\n  ".join(bad)


def test_no_import_circles():
    found = cycles(graph())
    assert not found, "import circles:\n  " + "\n  ".join(" <-> ".join(c) for c in found)


@pytest.mark.parametrize(
    "edges, circle",
    [({"a": {"b"}, "b": {"a"}}, True), ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
     ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True)],
)
def test_the_circle_finder_finds_circles(edges, circle):
    assert bool(cycles(edges)) is circle


def test_the_checker_sees_an_upward_import():
    assert upward_imports({"comity.codes.x": {"comity.store.store"}}) == [
        "comity.codes.x -> comity.store.store"]
    assert upward_imports({"comity.sources.x": {"comity.store"}}) == [
        "comity.sources.x -> comity.store"]
    assert upward_imports({"comity.report.x": {"comity.analysis.series"}}) == []
