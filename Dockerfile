# Komek in a container: a static binary on a distroless base (no shell, no
# package manager), running as a non-root user, with its database on the
# /data volume. compose.yaml beside this file runs it with its tokens, volume,
# health check and log rotation: see "Deploy" in README.md.
#
#   docker compose up -d --build                                  (the bot)
#   docker build -t komek . && docker run -it --rm -v komek-data:/data komek chat
#
# The version printed by "komek version" comes from the VERSION build arg, or
# else from git (git describe) in the build context; "dev" only without both.
#   docker build --build-arg VERSION=v1.2.0 -t komek .

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
RUN v="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}" \
 && echo "building komek ${v}" \
 && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${v}" -o /out/komek ./cmd/komek \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="komek" \
      org.opencontainers.image.description="Komek referral bot for Telegram" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /out/komek /usr/local/bin/komek
# The volume's mount point belongs to the nonroot user (65532) so the bot can
# create its database there; the database file itself is created 0600.
COPY --from=build --chown=65532:65532 /out/data /data
ENV KOMEK_DB=/data/komek.db \
    KOMEK_LISTEN=0.0.0.0:8080
# 8080: /healthz, /readyz and, in webhook mode, the webhook. The admin
# endpoint (127.0.0.1:8081) stays inside the container.
EXPOSE 8080
VOLUME ["/data"]
USER 65532:65532
# The image has no shell and no curl: the binary checks itself. "komek
# health" asks /readyz on KOMEK_LISTEN (0.0.0.0 becomes 127.0.0.1) and exits
# 0 when the bot is connected to Telegram, 1 with the reason otherwise.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/komek", "health"]
ENTRYPOINT ["/usr/local/bin/komek"]
CMD ["serve"]
