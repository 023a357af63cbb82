#!/usr/bin/env bash
# The README's "Trying it" commands, run as written (grpcurl, the tool a newcomer reaches for)
# against the real server that run_with_server.py started: each must succeed, the health check
# must say SERVING, `list` must name our services, the consultant must come back with a name.
# Usage (from ctest): run_with_server.py --server BIN -- readme_commands.sh GRPCURL README
set -euo pipefail
grpcurl=${1:?usage: readme_commands.sh GRPCURL README}
readme=${2:?usage: readme_commands.sh GRPCURL README}
target=${INBURGERING_TARGET:?run me under run_with_server.py}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The first ```sh block after "## Trying it", with the address and the tool replaced.
python3 - "$readme" "$target" "$grpcurl" >"$work/commands.sh" <<'PY'
import re, sys
readme, target, grpcurl = sys.argv[1:]
text = open(readme).read()
block = re.search(r"## Trying it.*?```sh\n(.*?)```", text, re.S).group(1)
block = block.replace("127.0.0.1:50051", target)
print(re.sub(r"(^|\n)grpcurl ", lambda m: m.group(1) + grpcurl + " ", block))
PY
[ "$(grep -c "$grpcurl" "$work/commands.sh")" -ge 3 ] || { cat "$work/commands.sh"; exit 1; }
bash -e "$work/commands.sh" >"$work/out.txt"
grep -q '"status": "SERVING"' "$work/out.txt"
grep -q '^inburgering.v1.ClientService$' "$work/out.txt"
grep -q '^grpc.health.v1.Health$' "$work/out.txt"
grep -q '"display_name": "Anna de Vries"' "$work/out.txt"
echo "the README's grpcurl commands work as written"
