#!/usr/bin/env bash
# No container engine runs on these machines, so the image is checked from its parts: the build
# stage runs `make build` (exercised by every `make test`), and here the runtime stage's package
# list must exist in Debian 12 and provide every shared library the built binaries need.
# Usage: check-runtime.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: check-runtime.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
list=$(sed -n 's/^ARG RUNTIME_PACKAGES="\(.*\)"$/\1/p' "$root/Dockerfile")
[ -n "$list" ] || { echo "no RUNTIME_PACKAGES in the Dockerfile" >&2; exit 1; }
for p in $list; do
  apt-cache show "$p" >/dev/null 2>&1 || { echo "not a Debian 12 package: $p" >&2; exit 1; }
done
# In debian:12-slim already.
base="libc6 libstdc++6 libgcc-s1"
status=0
for binary in "$build/server/inburgering-server" "$build/clients/cpp/inburgering"; do
  for lib in $(readelf -d "$binary" | awk '/NEEDED/ {gsub(/[][]/, "", $5); print $5}'); do
    path=$(ldd "$binary" | awk -v l="$lib" '$1 == l {print $3}')
    # dpkg knows a file by the path its package installed (/lib or /usr/lib, merged /usr).
    owner=$({ dpkg -S "$path" || dpkg -S "$(readlink -f "$path")" ||
              dpkg -S "*/$(basename "$(readlink -f "$path")")"; } 2>/dev/null |
            cut -d: -f1 | head -n1 || true)
    case " $list $base " in
      *" $owner "*) ;;
      *) echo "$(basename "$binary") needs $lib from '$owner', missing in RUNTIME_PACKAGES" >&2
         status=1 ;;
    esac
  done
done
# The gateway is built static (CGO_ENABLED=0): it needs no library at all.
gateway="$build/gateway/inburgering-gateway"
if [ ! -x "$gateway" ]; then
  echo "no $gateway: make gateway builds it" >&2
  status=1
elif readelf -d "$gateway" 2>/dev/null | grep -q NEEDED; then
  echo "inburgering-gateway is dynamically linked; the runtime stage expects it static" >&2
  status=1
fi
[ $status -eq 0 ] && echo "runtime stage provides every library of both binaries ($(echo $list | wc -w) packages)"
exit $status
