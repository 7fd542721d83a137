"""The shape of the code: imports run one way, and the parts of the board keep apart.

The imports are read from the source with `ast` (nothing is imported), those inside
functions included: a cycle that Python tolerates only because an import was tucked
into a function, or put at the bottom of a file, is still a cycle. Imports under
`if TYPE_CHECKING:` are left out: they name types for the reader and never run.
"""

from __future__ import annotations

import ast
from collections import deque
from itertools import pairwise
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "aicb_board"
# The app factory (the package root) wires every part together; worker and wsgi load it.
WIRING = {"aicb_board", "aicb_board.worker", "aicb_board.wsgi"}
# What the moderation engine announces to, and must never call.
LISTENERS = {
    "aicb_board.search",
    "aicb_board.mail",
    "aicb_board.notifications",
    "aicb_board.alerts",
}

Graph = dict[str, set[str]]


# Reading the imports ---------------------------------------------------------------------


def modules_of(root: Path) -> dict[str, Path]:
    """Every module of the package at `root`, by dotted name (a package by its own name)."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that module `name` imports, anywhere in it.

    `from x import y` imports module `x.y` when there is one, else (a name in) module `x`.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    type_only = {id(node) for block in ast.walk(tree) if _type_checking(block)
                 for statement in block.body for node in ast.walk(statement)}  # fmt: skip
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            source = ".".join(part for part in (base, node.module) if part)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                names.add(submodule if submodule in modules else source)
    return (names & modules.keys()) - {name}


def _type_checking(node: ast.AST) -> bool:
    """Whether `node` is an `if TYPE_CHECKING:` block."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == (
        "TYPE_CHECKING"
    )


def import_graph(root: Path) -> Graph:
    """Which module of the package at `root` imports which others of its modules."""
    modules = modules_of(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


# Reading the graph ------------------------------------------------------------------------


def part_of(module: str) -> str:
    """The top-level part a module belongs to: `aicb_board.moderation.views` → `…moderation`."""
    return ".".join(module.split(".")[:2])


def parts_graph(graph: Graph, leave_out: set[str] = WIRING) -> Graph:
    """The graph between the top-level parts, without the modules that wire them together."""
    parts: Graph = {}
    for module, targets in graph.items():
        if module in leave_out:
            continue
        found = {part_of(target) for target in targets if target not in leave_out}
        parts.setdefault(part_of(module), set()).update(found - {part_of(module)})
    return parts


def cycles(graph: Graph) -> list[list[str]]:
    """The shortest cycle through each node that is on one, each once: [a, b, …, a]."""
    found = {}
    for node in sorted(graph):
        path = shortest_path(graph, node, node)
        if path is not None:
            ring = path[:-1]
            start = ring.index(min(ring))  # the same cycle, whichever node found it
            found.setdefault(tuple(ring[start:] + ring[:start]), path)
    return list(found.values())


def shortest_path(graph: Graph, start: str, goal: str) -> list[str] | None:
    """The shortest chain of imports from `start` to `goal` (one step at least), if any."""
    paths = deque([[start]])
    seen = set()
    while paths:
        path = paths.popleft()
        for target in sorted(graph.get(path[-1], ())):
            if target == goal:
                return [*path, target]
            if target not in seen:
                seen.add(target)
                paths.append([*path, target])
    return None


def kind_packages(root: Path) -> set[str]:
    """The parts that declare a content kind: the packages with a kind.py."""
    return {part_of(name) for name in modules_of(root) if name.endswith(".kind")}


def imports_between(graph: Graph, source: str, targets: set[str]) -> list[str]:
    """Each import from a module of part `source` into a module of one of the `targets`."""
    return [
        f"{module} imports {target}"
        for module, imported in sorted(graph.items())
        if part_of(module) == source
        for target in sorted(imported)
        if part_of(target) in targets
    ]


def explain(chain: list[str], graph: Graph) -> str:
    """A cycle between parts as `a → b → a`, with the module imports behind each step."""
    steps = [
        f"  {a} → {b}: " + "; ".join(imports_between(graph, a, {b})) for a, b in pairwise(chain)
    ]
    return " → ".join(chain) + "\n" + "\n".join(steps)


# The board --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(PACKAGE)


def test_no_import_cycle_between_modules(graph):
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in found)


def test_no_import_cycle_between_the_parts_of_the_board(graph):
    found = cycles(parts_graph(graph))
    assert not found, "cycles between parts:\n" + "\n".join(explain(c, graph) for c in found)


def test_moderation_imports_no_listener_and_no_kind(graph):
    forbidden = LISTENERS | kind_packages(PACKAGE)
    found = imports_between(graph, "aicb_board.moderation", forbidden)
    assert not found, "moderation must only announce:\n" + "\n".join(found)


def test_moderation_does_not_reach_a_listener_or_a_kind_through_another_module(graph):
    forbidden = LISTENERS | kind_packages(PACKAGE)
    starts = [module for module in graph if part_of(module) == "aicb_board.moderation"]
    chains = [
        " → ".join(path)
        for start in starts
        for target in sorted(graph)
        if part_of(target) in forbidden
        and (path := shortest_path(graph, start, target)) is not None
    ]
    assert not chains, "moderation reaches what must only listen:\n" + "\n".join(chains[:10])


def test_no_kind_imports_another_kind(graph):
    kinds = kind_packages(PACKAGE)
    assert {"aicb_board.roles", "aicb_board.mentors", "aicb_board.stories"} <= kinds
    found = [
        line for kind in sorted(kinds) for line in imports_between(graph, kind, kinds - {kind})
    ]
    assert not found, "kinds must not know each other:\n" + "\n".join(found)


# The helpers, on a package made up for the purpose -----------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root / "app"


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    root = write(tmp_path, {
        "app/__init__.py": "from .shop import views\n",
        "app/shop/__init__.py": "",
        "app/shop/views.py": "from . import helpers\nfrom ..shop.models import Item\n",
        "app/shop/helpers.py": "def page():\n    from .views import bp\n",
        "app/shop/models.py": "import app.shop\n",
    })  # fmt: skip
    graph = import_graph(root)
    assert graph["app"] == {"app.shop.views"}  # `from .shop import views`: the module
    assert graph["app.shop.views"] == {"app.shop.helpers", "app.shop.models"}
    assert graph["app.shop.models"] == {"app.shop"}
    assert cycles(graph) == [["app.shop.helpers", "app.shop.views", "app.shop.helpers"]]


def test_cycles_between_parts_leave_out_the_wiring_and_name_the_imports(tmp_path):
    root = write(tmp_path, {
        "app/__init__.py": "from . import engine, search\n",
        "app/engine/__init__.py": "",
        "app/engine/services.py": "from ..search import index\n",
        "app/search/__init__.py": "",
        "app/search/index.py": "from app.engine.services import load\n",
        "app/main.py": "import app\n",
    })  # fmt: skip
    graph = import_graph(root)
    assert cycles(graph) == [["app.engine.services", "app.search.index", "app.engine.services"]]
    parts = parts_graph(graph, leave_out={"app"})
    assert parts["app.main"] == set()
    [chain] = cycles(parts)
    assert chain == ["app.engine", "app.search", "app.engine"]
    assert "app.engine.services imports app.search.index" in explain(chain, graph)


def test_kinds_are_the_packages_with_a_kind_module(tmp_path):
    root = write(tmp_path, {
        "app/__init__.py": "",
        "app/engine/__init__.py": "from ..jobs import views\n",
        "app/jobs/__init__.py": "",
        "app/jobs/kind.py": "",
        "app/jobs/views.py": "from ..talks.choices import TOPICS\n",
        "app/talks/__init__.py": "",
        "app/talks/kind.py": "",
        "app/talks/choices.py": "TOPICS = []\n",
    })  # fmt: skip
    graph = import_graph(root)
    kinds = kind_packages(root)
    assert kinds == {"app.jobs", "app.talks"}
    assert imports_between(graph, "app.jobs", kinds) == ["app.jobs.views imports app.talks.choices"]
    assert imports_between(graph, "app.engine", kinds) == ["app.engine imports app.jobs.views"]
