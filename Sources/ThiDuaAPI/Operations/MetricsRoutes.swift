import Hummingbird
import ThiDuaHTTP
import Metrics
import NIOCore
import Prometheus

/// `/metrics` in the Prometheus text format: request counts and latencies by route (from
/// Hummingbird's `MetricsMiddleware`) and the database pool's gauges.
struct MetricsRoutes {
    let registry: PrometheusCollectorRegistry

    func register(on router: RouteCollection<AppRequestContext>) {
        SecureRouter(router: router, prefix: "").get("/metrics", .open) { _, _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}

/// The process-wide metrics registry. swift-metrics has one global backend, bootstrapped once
/// however many applications a process builds (the tests build many). Touch it before making
/// anything that creates metrics (the pool), or those bind to the no-op backend.
public enum MetricsRegistry {
    public static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
