"""Generates the protobuf and gRPC classes of api/proto into OUT/inburgering/v1 with grpcio-tools.

usage: python generate.py [OUT]   (default: this folder, for `pip install clients/python`)

google.rpc and google.type come from the googleapis-common-protos package, not from here."""

import os
import pathlib
import sys

from grpc_tools import protoc

HERE = pathlib.Path(__file__).resolve().parent
API = HERE.parent.parent / "api"


def main(out):
    out = pathlib.Path(out).resolve()
    protos = sorted(str(p) for p in (API / "proto" / "inburgering" / "v1").glob("*.proto"))
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    target = out / "inburgering" / "v1"
    target.mkdir(parents=True, exist_ok=True)
    code = protoc.main(["grpc_tools.protoc", "-I" + str(API / "proto"),
                        "-I" + str(API / "third_party"), "-I" + include,
                        "--python_out=" + str(out), "--pyi_out=" + str(out),
                        "--grpc_python_out=" + str(out)] + protos)
    if code != 0:
        sys.exit("protoc failed (%d)" % code)
    for package in (out / "inburgering", target):
        (package / "__init__.py").touch()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else HERE)
