"""The package's layers import only downwards: read from the source, every import counted.

Lowest first; a module may import its own unit and the units of lower levels, never a
higher level nor another unit of its own level (crawl, query and warc stand side by
side). Imports inside functions and under TYPE_CHECKING count like the others: a
deferred import is still a dependency.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "arabnews_archive"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
LEVELS = (
    ("version", "text", "article", "formats"),
    ("parse",),
    # How alike two story texts are: read from parsed articles (their credit lines), for the store.
    ("resemblance",),
    # The parser processes: the crawl and the store's re-parse both hand them pages, so the
    # pool stands below the store; its processes load the parser and nothing above it.
    ("pool",),
    ("fetch",),
    ("store",),
    ("crawl", "query", "warc"),
    ("archive_crawl",),  # Archive's crawling methods, which Archive inherits
    ("archive",),
    ("web",),  # the web app: Archive for people, as the CLI is; below it, as `arabnews serve` starts it
    ("cli",),
    ("",),  # the package itself: its public face re-exports `Archive`
)
LEVEL = {unit: n for n, units in enumerate(LEVELS) for unit in units}
# Page understanding needs no database and no crawl loop: of the rest of crawl/ it may
# use the settings alone.
DISCOVER = "crawl.discover"
DISCOVER_MAY_USE = ("crawl.settings",)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, module: str) -> set[str]:
    """Modules of the package `path` imports, as names relative to the package ('' is the package)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = [p for p in package[:len(package) - node.level + 1] if p]
                names = [".".join([PACKAGE, *base, *([node.module] if node.module else [])])]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                found.add(name[len(PACKAGE) + 1:])
    return found


def unit(module: str) -> str:
    return module.split(".", 1)[0]


def edges() -> list[tuple[str, str]]:
    return sorted((module_name(path), target) for path in ROOT.rglob("*.py")
                  for target in imported(path, module_name(path)))


def test_every_unit_has_a_level() -> None:
    units = {unit(module) for module, _ in edges()} | {unit(target) for _, target in edges()}
    assert not units - set(LEVEL), f"units without a level in LEVELS: {sorted(units - set(LEVEL))}"


def test_imports_only_go_down() -> None:
    wrong = [f"{module or PACKAGE} -> {target or PACKAGE}" for module, target in edges()
             if unit(module) != unit(target) and LEVEL[unit(target)] >= LEVEL[unit(module)]]
    assert not wrong, "imports of a higher layer or a sibling at the same level:\n  " + "\n  ".join(wrong)


def test_discovery_needs_no_crawl_loop() -> None:
    assert (ROOT / DISCOVER.replace(".", "/") / "__init__.py").is_file()
    inside = DISCOVER + "."
    wrong = [f"{module} -> {target}" for module, target in edges()
             if (module == DISCOVER or module.startswith(inside)) and unit(target) == "crawl"
             and target != DISCOVER and not target.startswith(inside) and target not in DISCOVER_MAY_USE]
    assert not wrong, "crawl/discover/ imports the crawl loop:\n  " + "\n  ".join(wrong)
