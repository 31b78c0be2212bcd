#!/usr/bin/env python3
"""The house style's hard limits on the exported package (see README, "Contributing"): no `;`-joined statements,
no line over 140 characters, no function over 50 lines. Each offence is named with the notebook cell it comes from.
Run from the repository root: `python .ci/style_check.py`; exits 1 when anything is over a limit."""
import ast, io, re, sys, tokenize
from pathlib import Path

MAX_LINE, MAX_FN = 140, 50
CELL = re.compile(r'^# %% (\S+\.ipynb) #?(\w*)')

def cell_of(lines:list[str], lineno:int)->str:
    "The notebook and cell id that nbdev wrote above line `lineno` (1-based) of an exported module."
    for l in reversed(lines[:lineno]):
        if m := CELL.match(l): return f'{m[1].removeprefix("../")} cell {m[2]}'
    return 'no notebook cell'

def offences(path:Path)->list[str]:
    "Every `;` statement separator, long line and long function in one module, as 'file:line: what (where)' strings."
    src = path.read_text()
    lines = src.splitlines()
    out = []
    for t in tokenize.generate_tokens(io.StringIO(src).readline):
        if t.type == tokenize.OP and t.string == ';': out.append((t.start[0], "';' joins two statements"))
    out += [(i, f'line of {len(l)} characters (limit {MAX_LINE})') for i, l in enumerate(lines, 1) if len(l) > MAX_LINE]
    for n in ast.walk(ast.parse(src)):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > MAX_FN:
            out.append((n.lineno, f'function {n.name} has {n.end_lineno - n.lineno + 1} lines (limit {MAX_FN})'))
    return [f'{path}:{i}: {what} ({cell_of(lines, i)})' for i, what in sorted(out)]

if __name__ == '__main__':
    pkg = Path(sys.argv[1] if len(sys.argv) > 1 else 't2i_attribution')
    found = [o for f in sorted(pkg.glob('*.py')) if f.name not in ('_modidx.py', '__init__.py') for o in offences(f)]
    print('\n'.join(found) or f'style: {pkg}/ has no ";" joins, no line over {MAX_LINE} characters, no function over {MAX_FN} lines')
    sys.exit(1 if found else 0)
