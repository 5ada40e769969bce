// swift-tools-version: 6.1
// Flowgate: serve promptflow flows as real-time endpoints. Module graph: docs/architecture.md.
import PackageDescription

let package = Package(
    name: "Flowgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flowgate", targets: ["flowgate"]),
        .library(name: "FlowSpec", targets: ["FlowSpec"]),
        .library(name: "Jinja", targets: ["Jinja"]),
        .library(name: "LLM", targets: ["LLM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    ],
    targets: [
        // The one JSON syntax reader (no dependencies), generic over the value type FlowSpec, LLM and Jinja build.
        .target(name: "JSONSyntax"),
        // The flow model: flow.dag.yaml, .prompty, flow.flex.yaml, bindings, graph, validation.
        .target(name: "FlowSpec", dependencies: ["JSONSyntax", .product(name: "Yams", package: "Yams")]),
        // A Jinja2-compatible template engine (Foundation and the shared JSON scanner only).
        .target(name: "Jinja", dependencies: ["JSONSyntax"]),
        // LLM clients (OpenAI, Azure OpenAI, OpenAI-compatible): chat prompt to messages, HTTP, SSE, retries.
        .target(
            name: "LLM", dependencies: ["JSONSyntax", .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // Long-lived Python worker processes that call a flow's @tool functions; venvs per requirements.
        .target(name: "PythonHost", resources: [.copy("Resources/python")]),
        // Running a flow: scheduling, activate/bypass, variants, streaming, records; prompt, llm and python tools.
        .target(name: "FlowEngine", dependencies: ["FlowSpec", "Jinja", "LLM", "PythonHost"]),
        // Serving telemetry: promptflow's metric names in Prometheus text, spans with W3C trace context,
        // a bounded local trace store and OTLP/HTTP export.
        .target(
            name: "Telemetry",
            dependencies: [
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        // One flow's HTTP contract (promptflow's /score, /health, /version, /swagger.json, /feedback).
        .target(
            name: "FlowServer",
            dependencies: [
                "FlowSpec", "FlowEngine", "Telemetry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The control plane: the local connection store, the Store (endpoints, deployments, keys, operations)
        // with its SQLite implementation, Azure ML endpoint/deployment YAML, content-addressed flow snapshots.
        .target(
            name: "Platform",
            dependencies: [
                "FlowSpec", "FlowEngine", "FlowServer", "Telemetry",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        // The data plane: /endpoints/{name}/score with key auth, traffic weights, limits, 424 wrapping.
        .target(
            name: "Gateway",
            dependencies: [
                "Platform", "FlowServer", "FlowSpec", "Telemetry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
        // The management REST API under /api/v1 and its OpenAPI 3.1 document.
        .target(
            name: "ManagementAPI",
            dependencies: [
                "Platform", "FlowSpec", "FlowEngine", "Telemetry",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        // The web console (issue 7): static HTML, CSS and ES modules embedded in the binary, served at `/`.
        .target(
            name: "Console",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            resources: [.embedInCode("assets")]),
        // `flowgate server`: bootstrap (data dir, master and admin keys), API + gateway + health on one port.
        .target(
            name: "FlowgateServer",
            dependencies: [
                "Platform", "Gateway", "ManagementAPI", "FlowServer", "Telemetry", "Console",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Test support only: a deterministic OpenAI-compatible server that can be told to fail.
        .target(
            name: "FlowgateTestSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/FlowgateTestSupport"),
        // Test support only: a real FlowServer over a flow folder, for the serving and gateway tests.
        .target(
            name: "FlowServingTestSupport",
            dependencies: [
                "FlowServer", "FlowEngine", "FlowSpec", "PythonHost", "Telemetry",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/FlowServingTestSupport"),
        // The commands; the executable's main only hands over.
        .target(
            name: "FlowgateCLI",
            dependencies: [
                "FlowSpec", "Jinja", "LLM", "FlowEngine", "Platform", "FlowServer", "FlowgateServer", "Console",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        .executableTarget(name: "flowgate", dependencies: ["FlowgateCLI"]),

        // Benchmarks (not tests): see benchmarks/README.md.
        .executableTarget(name: "JinjaBench", dependencies: ["Jinja"], path: "benchmarks/JinjaBench"),
        .executableTarget(name: "PythonCallBench", dependencies: ["PythonHost"], path: "benchmarks/PythonCallBench"),
        .executableTarget(name: "EngineBench", dependencies: ["FlowEngine", "FlowSpec"], path: "benchmarks/EngineBench"),
        .executableTarget(
            name: "HelloBench", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "benchmarks/HelloBench"),
        .executableTarget(
            name: "flowgate-test-llm", dependencies: ["FlowgateTestSupport"], path: "benchmarks/TestLLMServer"),

        .testTarget(name: "JSONSyntaxTests", dependencies: ["JSONSyntax"]),
        .testTarget(name: "FlowSpecTests", dependencies: ["FlowSpec"]),
        .testTarget(name: "JinjaTests", dependencies: ["Jinja"], resources: [.copy("Corpus")]),
        .testTarget(
            name: "LLMTests", dependencies: ["LLM", "FlowgateTestSupport"], exclude: ["generate_chat_fixtures.py"]),
        .testTarget(name: "PythonHostTests", dependencies: ["PythonHost"]),
        .testTarget(name: "FlowEngineTests", dependencies: ["FlowEngine", "FlowgateTestSupport"]),
        .testTarget(name: "PlatformTests", dependencies: ["Platform", "FlowgateTestSupport"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "FlowServer", "FlowEngine", "FlowSpec", "PythonHost", "Telemetry", "FlowgateTestSupport",
                "FlowServingTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "ManagementAPITests",
            dependencies: [
                "ManagementAPI", "FlowgateTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "FlowgateServerTests",
            dependencies: [
                "FlowgateServer", "Platform", "FlowgateTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "FlowgateServer", "FlowgateCLI", "Platform", "FlowgateTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry"]),
        .testTarget(
            name: "FlowServerTests",
            dependencies: [
                "FlowServer", "FlowgateTestSupport", "FlowServingTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "FlowgateCLITests",
            dependencies: [
                "FlowgateCLI", "FlowgateServer", "FlowgateTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
    ]
)
