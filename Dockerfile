# syntax=docker/dockerfile:1
# The inburgering server image: built with the same scripts `make` uses, run as a non-root user
# on a read-only root filesystem (data under /var/lib/inburgering, scratch in /tmp). It carries
# the REST gateway too (/usr/local/bin/inburgering-gateway, docs/rest.md), which the Helm chart
# runs as a second container of the pod.
#
#   docker build -t inburgering-server .
#   docker run --read-only --tmpfs /tmp -v inburgering:/var/lib/inburgering -p 50051:50051 \
#     inburgering-server serve --dev-auth

FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN make build DEPS=build CMAKE_ARGS=-DBUILD_TESTING=OFF BUILD_DIR=/src/build JOBS=4 \
 && strip build/server/inburgering-server build/clients/cpp/inburgering

# The REST gateway (Go, static): Go 1.26 is newer than Debian 12's, so from the Go image.
FROM golang:1.26-bookworm AS gateway
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      protobuf-compiler && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY api ./api
COPY gateway ./gateway
COPY scripts/build-gateway.sh ./scripts/
RUN bash scripts/build-gateway.sh /src/build

FROM debian:12-slim
# The shared libraries the binaries need (tests/docker/check-runtime.sh keeps this list true).
ARG RUNTIME_PACKAGES="libgrpc++1.51 libgrpc29 libprotobuf32 libabsl20220623 libsoci-core4.0 libsoci-sqlite3-4.0 libsoci-postgresql4.0 libsqlite3-0 libpq5 libssl3 libxml2 libcpp-httplib0.11 tzdata ca-certificates"
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $RUNTIME_PACKAGES \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 inburgering \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/inburgering --no-create-home \
      --shell /usr/sbin/nologin inburgering \
 && mkdir -p /var/lib/inburgering && chown 10001:10001 /var/lib/inburgering
COPY --from=build /src/build/server/inburgering-server /src/build/clients/cpp/inburgering /usr/local/bin/
COPY --from=gateway /src/build/gateway/inburgering-gateway /usr/local/bin/
USER 10001:10001
WORKDIR /var/lib/inburgering
ENV INBURGERING_LISTEN=0.0.0.0:50051 \
    INBURGERING_DATABASE_URL=sqlite:/var/lib/inburgering/inburgering.db \
    INBURGERING_TIME_ZONE=Europe/Amsterdam
EXPOSE 50051 8080 9464
ENTRYPOINT ["/usr/local/bin/inburgering-server"]
CMD ["serve"]
