// swift-tools-version:6.0
// Benchmarks live in a package of their own so that `swift test` of the service never builds
// them; they use the service's libraries by path.
import PackageDescription

let package = Package(
    name: "ThiDuaBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "thidua"), // a link to the repository root, so the identity is "thidua" wherever it is cloned
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "pq-bench",
            dependencies: [
                .product(name: "PQ", package: "thidua"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
