# Builds the dashboard and kyc-server, then a small runtime image (see docker-compose.yml).
FROM node:20-bookworm AS dashboard
WORKDIR /src
COPY openapi.yaml ./
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend frontend
RUN cd frontend && npm run build

FROM rust:1-bookworm AS server
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p kyc-server

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/kyc kyc && mkdir -p /var/lib/kyc && chown kyc /var/lib/kyc
COPY --from=server /src/target/release/kyc-server /usr/local/bin/kyc-server
COPY --from=dashboard /src/frontend/dist /srv/kyc/dashboard
USER kyc
EXPOSE 8080
CMD ["kyc-server", "serve"]
