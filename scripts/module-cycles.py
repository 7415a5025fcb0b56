#!/usr/bin/env python3
"""`make lint` fails on a module cycle inside any crate of the workspace.

For each crate (a folder with Cargo.toml and src/), reads which top-level modules each top-level
module names through `crate::…` paths (including `use crate::{a, b::c}` lists), leaving out
`#[cfg(test)] mod tests` blocks and comments, and looks for a cycle by depth-first search. Prints
each cycle found as `crate: a -> b -> a`, or with --order the modules bottom-up. Exit 1 on a cycle.
"""
import pathlib
import re
import sys


def top_modules(src: pathlib.Path) -> set[str]:
    names = set()
    for p in src.iterdir():
        if p.is_file() and p.suffix == ".rs" and p.stem not in ("lib", "main"):
            names.add(p.stem)
        elif p.is_dir() and any(p.glob("*.rs")):
            names.add(p.name)
    return names


def code_of(path: pathlib.Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.split(r"#\[cfg\(test\)\]\s*mod\s+tests\b", text)[0]
    return re.sub(r"//[^\n]*", "", text)


def graph(src: pathlib.Path) -> dict[str, set[str]]:
    mods = top_modules(src)
    edges = {m: set() for m in mods}
    for path in src.rglob("*.rs"):
        first = path.relative_to(src).parts[0]
        owner = first[:-3] if first.endswith(".rs") else first
        if owner not in mods:
            continue
        code = code_of(path)
        named = set(re.findall(r"\bcrate::(\w+)", code))
        for group in re.findall(r"\bcrate::\{([^;]*?)\};", code, flags=re.S):
            # Only the first segment of each path in the list.
            depth, token, firsts = 0, "", []
            for ch in group + ",":
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                elif ch == "," and depth == 0:
                    firsts.append(token.strip().split("::")[0].strip())
                    token = ""
                    continue
                token += ch if depth == 0 else ""
            named.update(firsts)
        edges[owner] |= {n for n in named if n in mods and n != owner}
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state, stack = {}, []

    def visit(m: str) -> list[str] | None:
        state[m] = "open"
        stack.append(m)
        for n in sorted(edges[m]):
            if state.get(n) == "open":
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = "done"
        return None

    for m in sorted(edges):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def order(edges: dict[str, set[str]]) -> list[str]:
    done, out = set(), []

    def visit(m: str) -> None:
        if m in done:
            return
        done.add(m)
        for n in sorted(edges[m]):
            visit(n)
        out.append(m)

    for m in sorted(edges):
        visit(m)
    return out


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    show_order = "--order" in sys.argv
    bad = 0
    for manifest in sorted(root.glob("**/Cargo.toml")):
        rel = manifest.parent.relative_to(root)
        if rel.parts and rel.parts[0] in ("target", "fuzz", "node_modules"):
            continue
        src = manifest.parent / "src"
        if not src.is_dir():
            continue
        edges = graph(src)
        cycle = find_cycle(edges)
        name = str(rel) or "."
        if cycle:
            bad += 1
            print(f"{name}: module cycle: {' -> '.join(cycle)}")
        elif show_order and len(edges) > 1:
            print(f"{name}: {' < '.join(order(edges))}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
