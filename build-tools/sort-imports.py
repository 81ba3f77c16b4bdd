#!/usr/bin/env python3
"""Rewrites the import block of Java files: static imports first, then java., javax., every other
package, io.jamesdspam.; each group sorted (ASCII) and separated by one blank line; unused
single-type imports are kept (checkstyle reports them)."""
import re
import sys

IMPORT = re.compile(r'^import\s+(static\s+)?([\w.]+(?:\.\*)?)\s*;\s*$')


def group(name, static):
    if static:
        return 0
    if name.startswith('java.'):
        return 1
    if name.startswith('javax.'):
        return 2
    if name.startswith('io.jamesdspam.'):
        return 4
    return 3


def rewrite(text):
    lines = text.split('\n')
    first = last = None
    for i, line in enumerate(lines):
        if IMPORT.match(line):
            if first is None:
                first = i
            last = i
        elif first is not None and line.strip() and not line.strip().startswith('//'):
            # the import block ends at the first non-import, non-blank line
            if last is not None and i > last:
                break
    if first is None:
        return text
    block = lines[first:last + 1]
    imports = set()
    for line in block:
        if not line.strip():
            continue
        m = IMPORT.match(line)
        if not m:
            return text  # comments inside the block: leave the file alone
        imports.add((bool(m.group(1)), m.group(2)))
    groups = {}
    for static, name in imports:
        groups.setdefault(group(name, static), []).append(('import static ' if static else 'import ') + name + ';')
    out = []
    for key in sorted(groups):
        if out:
            out.append('')
        out.extend(sorted(groups[key], key=lambda s: s.rstrip(';').split(' ')[-1]))
    new = lines[:first] + out + lines[last + 1:]
    return '\n'.join(new)


changed = 0
for path in sys.argv[1:]:
    with open(path, encoding='utf-8') as f:
        text = f.read()
    new = rewrite(text)
    if new != text:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(new)
        changed += 1
print(f'{changed} files rewritten', file=sys.stderr)
