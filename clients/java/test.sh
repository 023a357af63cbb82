#!/usr/bin/env bash
# The Java client's end-to-end suite (run by `make test` through tests/clients/run_with_server.py,
# which starts the real server and sets INBURGERING_TARGET): Maven generates the classes from
# api/proto with protoc and protoc-gen-grpc-java from Maven Central, compiles, and runs JUnit,
# all in the build tree.
# usage: test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: test.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
exec mvn -B --no-transfer-progress -Dstyle.color=never -f "$here/pom.xml" \
  -Dinburgering.build.dir="$build/clients/java" test
