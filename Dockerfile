# Parley in a container: build with the Swift toolchain, run on a slim Debian with only glibc and
# libsqlite3. The store is built (and validated) at image build time, so a container never
# starts with a dataset it has not checked.
ARG SWIFT_IMAGE=swift:6.3-bookworm
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product parley
COPY Resources ./Resources
RUN mkdir -p /out && cp .build/release/parley /out/parley \
 && /out/parley build --dataset Resources/dataset --out /out/store.sqlite

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 zlib1g && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /srv/parley --shell /usr/sbin/nologin parley
COPY --from=build /out/parley /usr/local/bin/parley
COPY --from=build --chown=root:root /out/store.sqlite /srv/parley/store.sqlite
USER parley
ENV PARLEY_HOST=0.0.0.0 PARLEY_PORT=8080 PARLEY_DB=/srv/parley/store.sqlite
EXPOSE 8080
# bash's /dev/tcp keeps the image free of curl; /healthz answers 200 while the process serves.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PARLEY_PORT} && printf "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/parley"]
CMD ["serve"]
