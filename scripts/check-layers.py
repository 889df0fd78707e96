#!/usr/bin/env python3
"""Checks the module graph of src/: no import circle between files, and no lower
layer that knows a higher one.

Each .rs file under src/ (not src/bin) is a node. An edge A -> B is any path in A's
non-test code that names B: `crate::x::y`, `super::y`, `self::y`, or a name lib.rs
re-exports at the crate root (`crate::Map` -> campaign/map.rs). A `mod.rs` that only
declares and re-exports its children is still a node; so is lib.rs, which is left out
of the cycle check because it re-exports everything by design.

Layers, lowest first: error/model/sort, io, index, campaign, draw, wasm (and gen,
which may read anything but is read by nothing but the CLI). A file may name files of
its own layer or lower ones only.

Run by scripts/test.sh; prints the graph's circles or layer breaks and exits 1.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src')
LAYERS = {'error': 0, 'model': 0, 'sort': 0, 'io': 1, 'index': 2, 'campaign': 3,
          'draw': 4, 'wasm': 5, 'gen': 6, 'lib': 7}


def modules():
    """Module path (tuple) -> file path, for every file of the library."""
    out = {}
    for dirpath, _, files in os.walk(ROOT):
        rel = os.path.relpath(dirpath, ROOT)
        if rel.split(os.sep)[0] == 'bin':
            continue
        parts = [] if rel == '.' else rel.split(os.sep)
        for f in files:
            if not f.endswith('.rs'):
                continue
            name = f[:-3]
            if name == 'lib' and not parts:
                out[()] = os.path.join(dirpath, f)
            elif name == 'mod':
                out[tuple(parts)] = os.path.join(dirpath, f)
            else:
                out[tuple(parts + [name])] = os.path.join(dirpath, f)
    return out


def code_of(path):
    """The file's text without comments and without its #[cfg(test)] modules."""
    text = open(path, encoding='utf-8').read()
    m = re.search(r'^#\[cfg\((?:all\()?test\b[^\n]*\]\s*\n\s*mod \w+\s*\{', text, re.M)
    if m:
        text = text[:m.start()]
    text = re.sub(r'//[^\n]*', '', text)
    # Visibility (`pub(super) fn`) names no module's items.
    text = re.sub(r'pub\s*\((?:crate|self|super|in [^)]*)\)', 'pub', text)
    return text


PATH = re.compile(r'\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)*)(::\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\})?')


def refs(text):
    """Every path named: a list of (head, [segments])."""
    out = []
    for m in PATH.finditer(text):
        head, rest, _, group = m.group(1), m.group(2), m.group(3), m.group(4)
        segs = [s for s in rest.split('::') if s]
        if group is None:
            out.append((head, segs))
            continue
        depth, cur, items = 0, '', []
        for ch in group:
            if ch == '{':
                depth += 1
            elif ch == '}':
                depth -= 1
            if ch == ',' and depth == 0:
                items.append(cur)
                cur = ''
            else:
                cur += ch
        items.append(cur)
        for it in items:
            first = re.match(r'\s*([A-Za-z_][A-Za-z0-9_]*)', it)
            if first:
                out.append((head, segs + [first.group(1)]))
    return out


def main():
    mods = modules()
    lib_text = code_of(mods[()])
    # Names lib.rs re-exports: name -> module path.
    reexp = {}
    for head, segs in refs(lib_text):
        if head == 'crate' and segs:
            for k in range(len(segs), 0, -1):
                if tuple(segs[:k]) in mods:
                    if k < len(segs):
                        reexp[segs[k]] = tuple(segs[:k])
                    break
    for m in re.finditer(r'pub use crate::([a-z_:]+)::\{([^}]*)\}', lib_text, re.S):
        base = tuple(m.group(1).split('::'))
        for name in re.findall(r'[A-Za-z_][A-Za-z0-9_]*', m.group(2)):
            reexp[name] = base if base in mods else reexp.get(name, base)

    # Modules a file re-exports from civicmap-kernels (crates/kernels): a lower
    # crate, so naming them is no edge here (`pub use civicmap_kernels::palette;`
    # in draw/mod.rs makes `crate::draw::palette` one).
    kernel = set()
    for m, f in mods.items():
        for u in re.finditer(r'use civicmap_kernels::([a-z_:]+?)(?:::\{([^}]*)\})?;', code_of(f)):
            path = u.group(1).split('::')
            if u.group(2) is None:
                kernel.add(m + (path[-1],))
            else:
                for item in u.group(2).split(','):
                    kernel.add(m + (item.split(' as ')[-1].strip(),))

    def resolve(me, head, segs):
        # `self` is the file's own module, `super` its parent, whether the file is
        # a mod.rs or not; a bare name is a child module of the file's module.
        base = {'crate': (), 'self': me, 'super': me[:-1], 'child': me}[head]
        path = base + tuple(segs)
        if any(path[:k] in kernel for k in range(1, len(path) + 1)):
            return None
        for k in range(len(path), len(base) - 1, -1):
            if path[:k] in mods:
                if path[:k] == () and segs:
                    t = reexp.get(segs[0], ())
                    return t if t in mods else None
                return path[:k]
        return None

    edges = {m: set() for m in mods}
    for m, f in mods.items():
        if m == ():
            continue
        text = code_of(f)
        named = refs(text)
        # Paths that start with a child module's name (`use bin::Binner;`).
        for child in re.findall(r'(?<![:\w])([a-z_][a-z0-9_]*)::', text):
            if m + (child,) in mods:
                named.append(('child', [child]))
        for head, segs in named:
            t = resolve(m, head, segs)
            if t is not None and t != m and t != ():
                edges[m].add(t)

    problems = []
    layer = lambda m: LAYERS.get(m[0] if m else 'lib', 0)
    for a, bs in edges.items():
        for b in bs:
            if layer(b) > layer(a):
                problems.append(f"layer break: {'/'.join(a)} ({layer(a)}) names {'/'.join(b)} ({layer(b)})")

    # Circles: strongly connected components with more than one file.
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(comp)

    sys.setrecursionlimit(10000)
    for v in edges:
        if v not in index and v != ():
            strong(v)
    for comp in sccs:
        names = sorted('/'.join(c) or 'lib' for c in comp)
        detail = [f"{'/'.join(a)} -> {'/'.join(b)}" for a in comp for b in edges[a] if b in comp]
        problems.append('import circle: ' + ', '.join(names) + ' (' + '; '.join(sorted(detail)) + ')')

    if os.environ.get("SHOW_EDGES"):
        for a in sorted(edges):
            print("/".join(a) or "lib", "->", ", ".join(sorted("/".join(b) for b in edges[a])))
    if problems:
        print('\n'.join(problems))
        return 1
    n_edges = sum(len(b) for b in edges.values())
    print(f'module graph: {len(mods)} files, {n_edges} edges, no circle, no layer break')
    return 0


if __name__ == '__main__':
    sys.exit(main())
