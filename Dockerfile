# syntax=docker/dockerfile:1
# Spotify Charts API: one compiled Bun binary plus its index, in a distroless image.
#
# Two ways to get the binary and the index into the image (ARTIFACTS picks the stage):
#   npm run image                       # ARTIFACTS=prebuilt: compiled on this machine by
#                                       #   scripts/image.ts into dist/image/, offline; podman or docker
#   docker build -t charts-api .        # ARTIFACTS=source (the default): built inside the image
#                                       #   from the lockfile; needs the registries (CodeBuild, GitHub Actions)
#   docker build --build-arg CHARTS_FILE=data/charts.parquet -t charts-api .   # your data
#   docker run -p 3000:3000 --read-only --cap-drop=ALL charts-api
#
# CHARTS_FILE is a path inside the build context (a parquet or the Kaggle charts.csv).
ARG ARTIFACTS=source

# ---- source: install with the lockfile, build the index, compile the binary -----------------
FROM node:20.20.2-bookworm-slim AS source
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json bunfig.toml ./
COPY schema ./schema
COPY build ./build
COPY src ./src
COPY scripts ./scripts
COPY data ./data
ARG CHARTS_FILE=
RUN if [ -n "$CHARTS_FILE" ]; then \
      npx bun scripts/charts.ts build-index --input "$CHARTS_FILE" --out /out/index; \
    else \
      npx bun scripts/charts.ts gen-data --scale small --out /tmp/sample.parquet && \
      npx bun scripts/charts.ts build-index --input /tmp/sample.parquet --out /out/index; \
    fi
RUN npx bun scripts/compile.ts --outfile /out/charts

# ---- prebuilt: the same two artifacts, made by scripts/image.ts in the build context --------
FROM scratch AS prebuilt
COPY dist/image/charts /out/charts
COPY dist/image/index /out/index

FROM ${ARTIFACTS} AS artifacts

# ---- cloud: the binary alone; the index is pulled from S3 at start (INDEX_URL) -----------------
#   docker build --target cloud -t charts-api:cloud .     (deploy/deploy.sh builds this one)
FROM gcr.io/distroless/base-nossl-debian12:nonroot AS cloud
WORKDIR /app
COPY --from=artifacts --chown=nonroot:nonroot /out/charts /app/charts
# INDEX_DIR: the local cache of the pulled build, on the container's writable /tmp. The pull
# is its only writer and only renames whole checked builds into it, so its files are mapped
# as they are (INDEX_MODE=mmap): no private copy, half the disk
ENV PORT=3000 \
    HOST=0.0.0.0 \
    INDEX_DIR=/tmp/index \
    INDEX_MODE=mmap \
    LOG_FILE= \
    LOG_LEVEL=info
USER nonroot
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/app/charts", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/charts"]
CMD ["serve"]

# ---- runtime: glibc only (the binary needs nothing else), non-root ---------------------------
FROM gcr.io/distroless/base-nossl-debian12:nonroot AS runtime
WORKDIR /app
COPY --from=artifacts --chown=nonroot:nonroot /out/charts /app/charts
COPY --from=artifacts --chown=nonroot:nonroot /out/index /app/index
# the index is part of the image, read-only: its files are mapped as they are (INDEX_MODE=mmap)
ENV PORT=3000 \
    HOST=0.0.0.0 \
    INDEX_DIR=/app/index \
    INDEX_MODE=mmap \
    LOG_FILE= \
    LOG_LEVEL=info
USER nonroot
EXPOSE 3000
# readiness (GET /ready 200: an index is loaded), answered by the binary itself: no curl in a
# distroless image
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["/app/charts", "healthcheck"]
# exec form: the binary is PID 1 and gets SIGTERM itself; it drains in-flight requests and exits 0
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/charts"]
CMD ["serve"]
