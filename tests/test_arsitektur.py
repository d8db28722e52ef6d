"""The README's map, checked: every app has the same rooms, imports point the documented
way between apps, and no module imports itself back through others. Imports are read from
the source (module level and inside functions), so a lazy import cannot hide a cycle."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("ekinerja", "kinerja", "penilaian", "pelatihan")

# Which app may import which (README, "Dependencies point one way"). The core imports none
# of the apps: it offers registries instead.
BOLEH = {
    "ekinerja": set(),
    "kinerja": {"ekinerja"},
    "pelatihan": {"ekinerja", "kinerja"},
    "penilaian": {"ekinerja", "kinerja", "pelatihan"},
}

# The rooms of every app (README): a module or, past ~400 lines, a package.
RUANG = ("access", "forms", "selectors", "services", "tasks", "views", "models")


def _modules():
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _targets(module, path, node):
    """The dotted names an import statement reaches (a module, or a name in one)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        if path.name != "__init__.py":
            base.pop()
        base = base[:len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module
    return [source] + [f"{source}.{alias.name}" for alias in node.names]


def _graph():
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in _targets(module, path, node):
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != module:
                    edges.add(target)
        graph[module] = edges
    return graph


GRAPH = _graph()


def _app(module):
    return module.split(".")[0]


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_imports_between_apps_follow_the_map():
    wrong = sorted(f"{module} -> {target}" for module, targets in GRAPH.items()
                   for target in targets
                   if _app(target) != _app(module) and _app(target) not in BOLEH[_app(module)])
    assert wrong == []


def test_no_module_imports_itself_back():
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above cannot pass by finding nothing."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_lazy_and_relative_imports():
    # penilaian.apps registers its gap reader inside ready(), a function-level import.
    assert "pelatihan.selectors" in GRAPH["penilaian.apps"]
    assert "penilaian.models" in GRAPH["penilaian.skor"]


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_same_rooms(app):
    missing = [room for room in RUANG
               if not (ROOT / app / f"{room}.py").exists()
               and not (ROOT / app / room / "__init__.py").exists()]
    assert missing == []
    assert (ROOT / app / "views" / "__init__.py").exists(), "views/ is a package"


@pytest.mark.parametrize("app", APPS)
def test_a_service_module_stays_readable(app):
    """A services module past ~400 lines becomes a package of modules by section."""
    path = ROOT / app / "services.py"
    if path.exists():
        assert len(path.read_text().splitlines()) <= 420


@pytest.mark.parametrize("app", APPS)
def test_views_call_services_and_selectors_not_the_orm(app):
    """Reads live in selectors (or access, for a get-or-404 by rule), writes in services."""
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / app / "views").glob("*.py"))
             for n, line in enumerate(path.read_text().splitlines(), start=1)
             if ".objects." in line]
    assert found == []
