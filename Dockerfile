# syntax=docker/dockerfile:1

# ---- Build stage -----------------------------------------------------------
FROM rust:1.95-bookworm AS builder
WORKDIR /src

# The whole workspace is needed: `fritid` depends on the other member crates,
# and Cargo refuses to load a workspace with missing members.
COPY Cargo.toml Cargo.lock ./
COPY crates/ crates/
COPY migrations/ migrations/
COPY tests/ tests/
COPY openapi/ openapi/

# --locked: build exactly what Cargo.lock pins, never re-resolve.
RUN cargo build --release --locked -p fritid

# ---- Runtime stage ---------------------------------------------------------
FROM debian:bookworm-slim

# ca-certificates for outbound TLS (rustls loads the system roots).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# Fixed, high uid so bind-mounted volumes get predictable ownership and never
# collide with a host user.
RUN useradd --system --uid 10001 --user-group \
        --home-dir /var/lib/fritid --no-create-home \
        --shell /usr/sbin/nologin fritid \
    && install -d -o fritid -g fritid -m 0750 /var/lib/fritid /var/lib/fritid/data

COPY --from=builder /src/target/release/fritid /usr/local/bin/fritid

# The data folder (the default SQLite database, the search index, the generated JWT
# secret, e-mail as .eml files without SMTP) is ./data/ relative to the working
# directory. It exists in the image, owned by the fritid user, so that a named volume
# mounted there starts with that ownership (Docker copies it into an empty volume).
WORKDIR /var/lib/fritid
USER fritid

ENV FRITID_BIND=0.0.0.0:8080
EXPOSE 8080

# No HEALTHCHECK: the slim image has no curl/wget to probe the HTTP endpoint.
ENTRYPOINT ["/usr/local/bin/fritid"]
CMD ["serve"]
