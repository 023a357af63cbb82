#!/usr/bin/env bash
# The house style as a check: clang-format over all our C++, clang-tidy (.clang-tidy) over the
# sources of the service (tests excluded to keep `make test` short). Needs a configured BUILD_DIR
# (for compile_commands.json). Usage: lint.sh [BUILD_DIR] [format|tidy|all]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
what=${2:-all}
mapfile -t sources < <(find domain persistence server clients bench tests -name '*.cc' -o -name '*.h' | sort)
if [ "$what" = format ] || [ "$what" = all ]; then
  clang-format --dry-run -Werror "${sources[@]}"
fi
if [ "$what" = tidy ] || [ "$what" = all ]; then
  find domain persistence server clients bench -name '*.cc' | sort |
    xargs -P 2 -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
fi
