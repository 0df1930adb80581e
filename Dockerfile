# Parley in a container: build with the Swift toolchain, prepare on a slim Debian, run from
# scratch with only the binary, the store and the libraries they load (glibc, libstdc++,
# libsqlite3, zlib; bash for the health check). The store is built (and validated) at image build time, so a container never
# starts with a dataset it has not checked.
#
#   docker build -t parley .                       compile in the Swift image (needs the network)
#   podman build --format docker --pull=never --build-arg ARTIFACTS=host \
#     --build-arg RUNTIME_BASE=localhost/parley-base:bookworm -t parley .
#                                                  binary and store built on the host, copied from
#                                                  Tests/Container/artifacts (see Tests/Container/image.sh)
#
# Build arguments:
#   SWIFT_IMAGE     the toolchain image of the compile stage
#   RUNTIME_BASE    the runtime stage's base: any Debian bookworm image; when it already has
#                   libsqlite3-0 and zlib1g (e.g. `mmdebstrap --variant=minbase
#                   --include=libsqlite3-0,zlib1g bookworm`), the runtime stage needs no network
#   ARTIFACTS       `compile` (default): the compile stage builds binary and store;
#                   `host`: take them from HOST_ARTIFACTS in the build context. The stage not
#                   chosen is never built (BuildKit and buildah ≥ 1.27 skip unused stages), so
#                   the Swift image is not even pulled on the host path.
#   HOST_ARTIFACTS  directory in the build context holding `parley` (a release binary built with
#                   --static-swift-stdlib on bookworm-compatible glibc) and `store.sqlite`
#                   (`parley build --out …`)
#
# Package pins (hadolint DL3008) are the bookworm versions `apt-cache policy PACKAGE` shows as
# candidate with bookworm, bookworm-updates and bookworm-security in sources.list (what
# debian:bookworm-slim has). Debian drops a superseded version from the archive, so when a point
# release or a security update replaces one of them, `apt-get install` here fails with "Version …
# for … was not found": run `docker run --rm debian:bookworm-slim sh -c 'apt-get update -qq &&
# apt-cache policy libsqlite3-0 zlib1g'` and put the new Candidate versions below (the -dev
# packages of the compile stage take the same versions). Tests/Container/image.sh warns when the
# pins differ from the versions in a freshly made base.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_BASE=debian:bookworm-slim
ARG ARTIFACTS=compile

FROM ${SWIFT_IMAGE} AS compile
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev=3.40.1-2+deb12u2 zlib1g-dev=1:1.2.13.dfsg-1+deb12u1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product parley
COPY Resources ./Resources
RUN mkdir -p /out && cp .build/release/parley /out/parley \
 && /out/parley build --dataset Resources/dataset --out /out/store.sqlite

# The whole directory, so that this stage also succeeds when it is built without being chosen
# (the classic builder builds every stage); the directory holds a README at least.
FROM scratch AS host
ARG HOST_ARTIFACTS=Tests/Container/artifacts
COPY ${HOST_ARTIFACTS}/ /out/

# The stage the runtime stage copies from: `compile` or `host`. (`:-compile` repeats the default
# for buildah 1.28 (podman 4.3, Debian 12), whose unused-stage analysis ignores ARG defaults.)
FROM ${ARTIFACTS:-compile} AS artifacts

FROM ${RUNTIME_BASE} AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Installed only when the base lacks them (only then is the network needed). `apt-get clean` also
# drops apt's binary caches (tens of MB) on bases without the official images' docker-clean. The
# binary also needs libstdc++6 and libgcc-s1, which every Debian base has (apt depends on them);
# `parley check` below fails the build if any library is missing.
RUN if [ "$(dpkg-query -W -f='${db:Status-Status} ' libsqlite3-0 zlib1g 2>/dev/null)" = "installed installed " ]; then \
      dpkg-query -W -f='base has ${Package} ${Version}\n' libsqlite3-0 zlib1g; \
    else \
      apt-get update \
      && apt-get install -y --no-install-recommends libsqlite3-0=3.40.1-2+deb12u2 zlib1g=1:1.2.13.dfsg-1+deb12u1 \
      && apt-get clean && rm -rf /var/lib/apt/lists/*; \
    fi \
 && groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /srv/parley --shell /usr/sbin/nologin parley
COPY --from=artifacts /out/parley /usr/local/bin/parley
COPY --from=artifacts --chown=root:root /out/store.sqlite /srv/parley/store.sqlite
# Loads the binary (every shared library present) and checks the store it will serve; then
# gathers what the server needs at run time and nothing else: the binary, the store, the shared
# libraries it and bash (the HEALTHCHECK's /dev/tcp) load, the dynamic loader, and the user and
# group entries. No package manager, no shell utilities: the image is these files (about 40 MB,
# where the Debian base alone is 79).
RUN /usr/local/bin/parley check --db /srv/parley/store.sqlite \
 && mkdir -p /rootfs/etc \
 && ldd /usr/local/bin/parley /bin/bash | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && NF > 1 { print $1 }' \
    | sort -u | xargs -r cp --parents --dereference -t /rootfs \
 && cp --parents --dereference -t /rootfs /usr/local/bin/parley /srv/parley/store.sqlite /bin/bash \
 && grep -E '^(root|parley):' /etc/passwd > /rootfs/etc/passwd \
 && grep -E '^(root|parley):' /etc/group > /rootfs/etc/group

FROM scratch
COPY --from=runtime /rootfs/ /
USER 10001:10001
ENV PARLEY_HOST=0.0.0.0 PARLEY_PORT=8080 PARLEY_DB=/srv/parley/store.sqlite
EXPOSE 8080
# bash's /dev/tcp and builtins keep the image free of curl; /healthz answers 200 while the process
# serves. Nothing is written, so it works on a read-only root filesystem.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PARLEY_PORT} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/parley"]
CMD ["serve"]
