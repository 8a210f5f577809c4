#!/usr/bin/env python3
"""Checks that moving text from the README into docs/ lost nothing: every non-trivial line of the
README at a git revision (default: main) must appear, modulo heading level, link syntax and
surrounding whitespace, in README.md or docs/*.md of the working tree. A line whose words all appear
in one line of the new text (a cross-reference reworded into a link) is listed as reworded, for a
person to read; a line found nowhere fails the check.
Usage: python3 tests/tools/docs-nothing-lost.py [REV]"""
import pathlib, re, subprocess, sys

root = pathlib.Path(__file__).resolve().parents[2]
rev = sys.argv[1] if len(sys.argv) > 1 else "main"
old = subprocess.run(["git", "show", f"{rev}:README.md"], cwd=root, check=True,
                     capture_output=True, text=True).stdout

def norm(line: str) -> str:
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"^#+\s*", "", line.strip()))

def words(line: str) -> set[str]:
    return {w for w in re.findall(r"[\w`.-]+", line.lower()) if len(w) > 2 and w not in {"see", "above"}}

new_lines = [norm(l) for p in [root / "README.md", *sorted((root / "docs").glob("*.md"))]
             for l in p.read_text().splitlines()]
now = "\n".join(new_lines)
absent = [l for l in old.splitlines() if len(norm(l)) > 3 and norm(l) not in now]
reworded = [l for l in absent if any(words(l) <= words(n) for n in new_lines)]
missing = [l for l in absent if l not in reworded]
for l in reworded:
    print(f"reworded: {l}")
for l in missing:
    print(f"missing: {l}")
print(f"{len(missing)} line(s) of {rev}:README.md missing, {len(reworded)} reworded")
sys.exit(1 if missing else 0)
