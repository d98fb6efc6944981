# Komek in a container: a static binary on a distroless base, running as a
# non-root user, with its database on the /data volume.
#
#   docker build -t komek .
#   docker run -d -v komek-data:/data -e TELEGRAM_TOKEN=… komek          (the bot)
#   docker run -it --rm -v komek-data:/data komek chat                  (terminal chat)

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/komek ./cmd/komek \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/komek /usr/local/bin/komek
# The volume's mount point belongs to the nonroot user (65532) so the bot can
# create its database there; the database file itself is created 0600.
COPY --from=build --chown=65532:65532 /out/data /data
ENV KOMEK_DB=/data/komek.db \
    KOMEK_LISTEN=0.0.0.0:8080
EXPOSE 8080
VOLUME ["/data"]
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/komek"]
CMD ["serve"]
