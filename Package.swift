// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "thidua",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PQ", targets: ["PQ"]),
        .executable(name: "thidua", targets: ["thidua"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "CivilDate",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PQ",
            dependencies: [
                "CLibPQ",
                "CivilDate",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LocalPostgres",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ThiDua",
            dependencies: [
                "PQ",
                "CivilDate",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.embedInCode("Resources/schema.sql")],
            swiftSettings: swiftSettings
        ),
        // The OOXML container and parts (.docx, .xlsx): knows files, not reports.
        .target(
            name: "OOXML",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ThiDuaDocuments",
            dependencies: [
                "ThiDua",
                "OOXML",
                "CivilDate",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [
                .embedInCode("Templates/document.mustache"),
                .embedInCode("Templates/chart.mustache"),
                .embedInCode("Templates/table.mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ThiDuaHTTP",
            dependencies: [
                "ThiDua",
                "PQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ThiDuaAPI",
            dependencies: [
                "ThiDuaHTTP",
                "ThiDuaDocuments",
                "ThiDua",
                "PQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ThiDuaWeb",
            dependencies: [
                "ThiDuaHTTP",
                "ThiDuaDocuments",
                "ThiDua",
                "CivilDate",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [
                .embedInCode("Templates/layout.mustache"),
                .embedInCode("Templates/error_summary.mustache"),
                .embedInCode("Templates/error.mustache"),
                .embedInCode("Templates/login.mustache"),
                .embedInCode("Templates/home.mustache"),
                .embedInCode("Templates/organization.mustache"),
                .embedInCode("Templates/commitment.mustache"),
                .embedInCode("Templates/self_assessment.mustache"),
                .embedInCode("Templates/member_record.mustache"),
                .embedInCode("Templates/cell_commitments.mustache"),
                .embedInCode("Templates/cell_meeting.mustache"),
                .embedInCode("Templates/ward_decision.mustache"),
                .embedInCode("Templates/district_grading.mustache"),
                .embedInCode("Templates/progress.mustache"),
                .embedInCode("Templates/progress_members.mustache"),
                .embedInCode("Templates/report_records.mustache"),
                .embedInCode("Templates/reports.mustache"),
                .embedInCode("Templates/member_search.mustache"),
                .embedInCode("Templates/accounts.mustache"),
                .embedInCode("Templates/account.mustache"),
                .embedInCode("Templates/report_issue.mustache"),
                .embedInCode("Templates/report_document.mustache"),
                .embedInCode("Templates/report_documents.mustache"),
                .embedInCode("Templates/commendations.mustache"),
                .embedInCode("Templates/badges.mustache"),
                .embedInCode("Templates/exemplars.mustache"),
                .embedInCode("Templates/activities.mustache"),
                .embedInCode("Templates/audit_trail.mustache"),
                .embedInCode("Templates/member_edit.mustache"),
                .embedInCode("Templates/member_transfer.mustache"),
                .embedInCode("Templates/member_import.mustache"),
                .embedInCode("Templates/organization_edit.mustache"),
                .embedInCode("Templates/organization_new.mustache"),
                .embedInCode("Templates/organization_fields.mustache"),
                .embedInCode("Assets/site.css"),
                .embedInCode("Assets/site.js"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ThiDuaService",
            dependencies: [
                "ThiDuaAPI",
                "ThiDuaWeb",
                "ThiDuaHTTP",
                "ThiDua",
                "PQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "thidua",
            dependencies: [
                "ThiDuaService",
                "ThiDuaHTTP",
                "ThiDuaAPI",
                "ThiDuaDocuments",
                "ThiDua",
                "PQ",
                "LocalPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["PQ", "ThiDua", "LocalPostgres", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PQTests",
            dependencies: ["PQ", "TestSupport", "LocalPostgres", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ThiDuaTests",
            dependencies: ["ThiDua", "PQ", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OOXMLTests",
            dependencies: ["OOXML", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ThiDuaWebTests",
            dependencies: ["ThiDuaWeb", "ThiDua", "CivilDate"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ThiDuaAPITests",
            dependencies: [
                "ThiDuaService", "ThiDuaHTTP", "ThiDuaAPI", "ThiDua", "PQ", "TestSupport", "LocalPostgres",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
