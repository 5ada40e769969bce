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
    ],
    targets: [
        // The flow model: flow.dag.yaml, .prompty, flow.flex.yaml, bindings, graph, validation.
        .target(name: "FlowSpec", dependencies: [.product(name: "Yams", package: "Yams")]),
        // A Jinja2-compatible template engine (Foundation only).
        .target(name: "Jinja"),
        // LLM clients; today the chat prompt (role markers) to messages step.
        .target(name: "LLM"),
        // The commands; the executable's main only hands over.
        .target(
            name: "FlowgateCLI",
            dependencies: [
                "FlowSpec", "Jinja", "LLM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "flowgate", dependencies: ["FlowgateCLI"]),

        // Benchmarks (not tests): see benchmarks/README.md.
        .executableTarget(name: "JinjaBench", dependencies: ["Jinja"], path: "benchmarks/JinjaBench"),

        .testTarget(name: "FlowSpecTests", dependencies: ["FlowSpec"]),
        .testTarget(name: "JinjaTests", dependencies: ["Jinja"], resources: [.copy("Corpus")]),
        .testTarget(name: "LLMTests", dependencies: ["LLM"], exclude: ["generate_chat_fixtures.py"]),
        .testTarget(name: "FlowgateCLITests", dependencies: ["FlowgateCLI"]),
    ]
)
