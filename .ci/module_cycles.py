#!/usr/bin/env python3
"""Fails when the top-level modules of a crate import each other in a circle.

For every crate under crates/ (and migrations/), each file or folder directly below
src/ is one module. A module depends on another when its code names
`crate::<other>` (in a `use` or a path) or `super::<other>` from a file one level down.
The crate root (lib.rs / main.rs) is the parent of all of them and is left out. A cycle
between modules means neither can be understood, tested or moved without the other:
shared pieces belong in a module of their own that both use.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRATE_REF = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
# `use crate::{a, b::c}` names several modules at once.
CRATE_GROUP = re.compile(r"\bcrate::\{([^}]*)\}")


def modules(src: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for entry in sorted(src.iterdir()):
        if entry.name in ("lib.rs", "main.rs"):
            continue
        if entry.is_file() and entry.suffix == ".rs":
            found.setdefault(entry.stem, []).append(entry)
        elif entry.is_dir():
            found.setdefault(entry.name, []).extend(sorted(entry.rglob("*.rs")))
    return found


def strip_comments(text: str) -> str:
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def edges(mods: dict[str, list[Path]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, files in mods.items():
        for f in files:
            text = strip_comments(f.read_text(encoding="utf-8"))
            targets = set(CRATE_REF.findall(text))
            for group in CRATE_GROUP.findall(text):
                for part in group.split(","):
                    head = part.strip().split("::")[0].strip()
                    if head:
                        targets.add(head)
            for t in targets:
                if t in mods and t != name:
                    graph[name].add(t)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main() -> int:
    crates = sorted(p for p in (ROOT / "crates").iterdir() if (p / "src").is_dir())
    crates.append(ROOT / "migrations")
    failed = False
    for crate in crates:
        graph = edges(modules(crate / "src"))
        for component in cycles(graph):
            failed = True
            detail = "; ".join(
                f"{m} -> {', '.join(sorted(graph[m] & set(component)))}" for m in component
            )
            print(f"{crate.relative_to(ROOT)}: modules import each other in a circle: {detail}")
    if not failed:
        print(f"ok: no import circles between the modules of {len(crates)} crates")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
