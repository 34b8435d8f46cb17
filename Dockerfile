# ThiDua: build with the Swift toolchain, run on a slim Debian with libpq only.

# Swift 6.2 or later: the code uses nonisolated(nonsending), and Hummingbird needs tools 6.2.
FROM swift:6.2-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies first so that a change of our sources reuses this layer.
COPY Package.swift ./
RUN swift package resolve
COPY schema.sql ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product thidua --static-swift-stdlib \
 && cp "$(swift build -c release --show-bin-path)/thidua" /thidua

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --uid 10001 thidua
COPY --from=build /thidua /usr/local/bin/thidua
USER thidua
WORKDIR /home/thidua
ENV THIDUA_HOST=0.0.0.0 THIDUA_PORT=8080
EXPOSE 8080
# No curl in the slim image: bash speaks just enough HTTP to ask /health/ready.
HEALTHCHECK --interval=10s --timeout=3s CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/usr/local/bin/thidua"]
CMD ["serve"]
