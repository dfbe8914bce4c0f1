"""The plugin's parts import downward only: the shared vocabulary at the bottom, what the user runs at the top.

Read from the source (every import, in functions and under TYPE_CHECKING too), so a new two-way tie fails here
before it tangles the code.
"""

import ast
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "paper_digest"
# Lowest first. A part may import the parts of lower layers, never one of its own layer or above.
LAYERS = [
    {"problems"},  # where and how bad: imports nothing of ours
    {"files", "retrying", "options", "roles"},  # utilities and the run's configuration
    {"digest"},  # digest -> papers, knows nothing of Pelican or HTTP
    {"metadata", "translation"},  # arXiv's records; the English
    {"pipeline"},  # papers -> rendered, translated, cited
    {"speed"},  # caches and memos over the plain pipeline
    {"site"},  # the Pelican glue and theme helpers
    {"commands"},  # what the user runs: builds, publishing, the tasks' logic
    {"preview"},  # the live preview
    {"__init__"},  # the plugin's register()
]
LAYER = {part: n for n, layer in enumerate(LAYERS) for part in layer}


def part_of(module: str) -> str:
    """'paper_digest.site.papers' -> 'site'; 'paper_digest.problems' -> 'problems'; the package -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> list[tuple[str, int]]:
    """The plugin modules a file imports, with their lines."""
    here = list(path.relative_to(PLUGIN.parent).with_suffix("").parts[:-1])  # the package a relative import starts in
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            whole = module == "paper_digest"  # `from paper_digest import problems` names a part, not the package
            targets = [module] if node.module and not whole else [f"{module}.{alias.name}" for alias in node.names]
            found += [(target, node.lineno) for target in targets]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return [(target, line) for target, line in found if target.split(".")[0] == "paper_digest"]


SOURCES = sorted(PLUGIN.rglob("*.py"))


def test_every_part_has_a_layer():
    parts = {part_of(".".join(p.relative_to(PLUGIN.parent).with_suffix("").parts)) for p in SOURCES}
    assert parts <= LAYER.keys(), parts - LAYER.keys()


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGIN)))
def test_imports_go_down_only(path):
    mine = part_of(".".join(path.relative_to(PLUGIN.parent).with_suffix("").parts))
    wrong = [
        f"{path.relative_to(PLUGIN)}:{line} ({mine}) imports {target} ({part_of(target)})"
        for target, line in imports(path)
        if part_of(target) != mine and LAYER[part_of(target)] >= LAYER[mine]
    ]
    assert wrong == []


def test_no_two_way_ties_between_parts():
    ties = {
        (part_of(".".join(p.relative_to(PLUGIN.parent).with_suffix("").parts)), part_of(target))
        for p in SOURCES
        for target, _ in imports(p)
    }
    assert [(a, b) for a, b in ties if a < b and (b, a) in ties] == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGIN)))
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300
