#!/usr/bin/env bash
# Builds the REST gateway (gateway/, Go) into BUILD_DIR/gateway/inburgering-gateway:
#   1. Go 1.26 or newer (what go.mod asks): the machine's, else the toolchain from the Go module proxy (once, into
#      BUILD_DIR/gateway/go; Debian 12's go 1.19 is too old for grpc-gateway v2);
#   2. the protoc plugins, pinned, with `go install` (protoc-gen-go, -go-grpc, -grpc-gateway and
#      gnostic's protoc-gen-openapi, which writes OpenAPI 3.0);
#   3. a copy of gateway/ in the build tree, the generated code in its gen/ (the source tree stays
#      clean), `go build`.
# usage: build-gateway.sh BUILD_DIR [test|bench]   (`test`: run the gateway's Go unit tests
#        afterwards; `bench`: also install ghz, pinned, for `make bench`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: build-gateway.sh BUILD_DIR [test|bench]}
mkdir -p "$build/gateway"
out=$(cd "$build/gateway" && pwd)

go_toolchain=go1.26.8
go_ok() {
  command -v go >/dev/null || return 1
  local v
  v=$(go env GOVERSION 2>/dev/null | sed -E 's/^go([0-9]+)\.([0-9]+).*/\1 \2/') || return 1
  set -- $v
  [ "${1:-0}" -gt 1 ] || [ "${2:-0}" -ge 26 ]
}
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
if ! go_ok; then
  if [ ! -x "$out/go/bin/go" ]; then
    echo "build-gateway: fetching $go_toolchain from the Go module proxy"
    python3 - "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-$go_toolchain.linux-amd64.zip" \
      "$out/go" <<'PY'
import io, os, sys, urllib.request, zipfile
with urllib.request.urlopen(sys.argv[1], timeout=600) as response:
    archive = zipfile.ZipFile(io.BytesIO(response.read()))
for info in archive.infolist():
    name = info.filename.partition(".linux-amd64/")[2]  # golang.org/toolchain@v0.0.1-goX.linux-amd64/
    if not name or name.endswith("/"):
        continue
    target = os.path.join(sys.argv[2], name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(archive.read(info))
    os.chmod(target, 0o755 if (info.external_attr >> 16) & 0o111 else 0o644)
PY
  fi
  export PATH="$out/go/bin:$PATH"
fi
export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"

plugin() {
  local name=$1 module=$2 version=$3
  if [ "$(cat "$out/bin/$name.version" 2>/dev/null)" != "$version" ] || [ ! -x "$out/bin/$name" ]; then
    mkdir -p "$out/bin"
    GOBIN="$out/bin" go install "$module@$version"
    echo "$version" >"$out/bin/$name.version"
  fi
}
plugin protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go v1.36.12
plugin protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc v1.6.1
plugin protoc-gen-grpc-gateway github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway v2.34.0
plugin protoc-gen-openapi github.com/google/gnostic/cmd/protoc-gen-openapi v0.7.1
# `make bench` drives R1 and R7 a second time with another team's load tool.
if [ "${2:-}" = bench ]; then
  plugin ghz github.com/bojand/ghz/cmd/ghz v0.93.0
fi

src=$out/src
rm -rf "$src"
mkdir -p "$src/gen/inburgeringv1"
cp "$root"/gateway/*.go "$root/gateway/go.mod" "$root/gateway/go.sum" "$src/"

# Our protos carry no go_package (adding one would be a breaking change to buf): map each here.
protos=()
mapping=""
for p in "$root"/api/proto/inburgering/v1/*.proto; do
  rel=${p#"$root/api/proto/"}
  protos+=("$rel")
  mapping="$mapping,M$rel=inburgering/gateway/gen/inburgeringv1;inburgeringv1"
done
mapping=${mapping#,}
PATH="$out/bin:$PATH" protoc -I "$root/api/proto" -I "$root/api/third_party" \
  --go_out="$src/gen/inburgeringv1" --go_opt=paths=import,module=inburgering/gateway/gen/inburgeringv1,"$mapping" \
  --go-grpc_out="$src/gen/inburgeringv1" --go-grpc_opt=module=inburgering/gateway/gen/inburgeringv1,"$mapping" \
  --grpc-gateway_out="$src/gen/inburgeringv1" --grpc-gateway_opt=module=inburgering/gateway/gen/inburgeringv1,"$mapping" \
  --openapi_out="$src/gen" \
  --openapi_opt=naming=json,enum_type=string,default_response=true,title=inburgering,version=1.0.0,"$mapping" \
  "${protos[@]}"

cd "$src"
go build -trimpath -o "$out/inburgering-gateway" .
if [ "${2:-}" = test ]; then
  go test -count=1 ./
fi
