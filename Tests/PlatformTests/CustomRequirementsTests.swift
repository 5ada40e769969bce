import Foundation
import Testing

@testable import Platform

/// `environment: {requirements: ...}` in deployment YAML/JSON: read, bounded, and refused when pip would reach
/// outside the text and the package index.
@Suite struct CustomRequirementsTests {
    private func parse(_ environment: String) throws -> DeploymentDefinition {
        try DeploymentDefinition.parse(
            yaml: "name: blue\nendpoint_name: ep-1\nmodel: /srv/flow\n" + environment, file: "d.yaml")
    }

    @Test func aRequirementsTextIsRead() throws {
        let definition = try parse(
            """
            environment:
              requirements: |
                # pinned for the tool
                six==1.16.0
                Humanize[extra]>=4.0; python_version >= "3.9"
                pkg==1.0 --hash=sha256:abc
              conda_file: ./conda.yml
            """)
        #expect(
            definition.deployment.customRequirements
                == "# pinned for the tool\nsix==1.16.0\nHumanize[extra]>=4.0; python_version >= \"3.9\"\npkg==1.0 --hash=sha256:abc\n"
        )
        #expect(definition.keys.contains("environment"))
        #expect(definition.ignored.map(\.key) == ["environment.conda_file"])
        #expect(try parse("environment: null\n").deployment.customRequirements == nil)
        #expect(try parse("environment: azureml:my-env:1\n").ignored.map(\.key) == ["environment"])
    }

    @Test func aTooBigTextIsRefused() {
        let big = String(repeating: "six\n", count: CustomRequirements.maxBytes / 4 + 1)
        let error = #expect(throws: DefinitionError.self) {
            try parse("environment:\n  requirements: \"\(big.replacingOccurrences(of: "\n", with: "\\n"))\"\n")
        }
        #expect(error?.diagnostics.count == 1)
        #expect(error?.diagnostics.first?.message.contains("environment.requirements") == true)
        #expect(error?.diagnostics.first?.message.contains("at most 16384") == true)
        #expect(error?.diagnostics.first?.line == 5)
    }

    @Test func pipOptionsPathsAndURLsAreRefusedWithTheirLine() {
        let error = #expect(throws: DefinitionError.self) {
            try parse(
                """
                environment:
                  requirements: |
                    six
                    --index-url https://evil.example/simple
                    -e ./local
                    requests -r other.txt
                    ./wheels/x.whl
                    pkg @ https://example.com/pkg.whl
                    tool # ok comment
                """)
        }
        let messages = error?.diagnostics.map(\.message) ?? []
        #expect(messages.count == 5)
        #expect(messages[0].contains("line 2 ('--index-url https://evil.example/simple'): pip options"))
        #expect(messages[0].contains("reach outside this text and the package index"))
        #expect(messages[1].contains("line 3 ('-e ./local')"))
        #expect(messages[2].contains("line 4 ('requests -r other.txt')"))
        #expect(messages[3].contains("line 5") && messages[3].contains("local paths and files are refused"))
        #expect(messages[4].contains("line 6") && messages[4].contains("direct references"))
        #expect(CustomRequirements.refusal(of: "tool # ok comment") == nil)
        #expect(CustomRequirements.refusal(of: "tool\t# tabbed comment") == nil)
        #expect(CustomRequirements.refusal(of: "vendor/tool")?.contains("local paths") == true)
        #expect(CustomRequirements.refusal(of: "tool-1.0-py3-none-any.whl")?.contains("local paths") == true)
        #expect(CustomRequirements.refusal(of: "git+https://example.com/x.git")?.contains("direct references") == true)
        #expect(CustomRequirements.refusal(of: #"tool>=1,<2; python_version >= "3.9""#) == nil)
        #expect(CustomRequirements.refusal(of: "   ") == nil)
    }

    @Test func theTextIsStoredAndSurvivesReopeningAndAnUpdateDropsIt() async throws {
        let fixture = StoreFixture()
        var deployment = Deployment(endpointName: "chat", name: "blue", flowPath: "/f")
        deployment.customRequirements = "inflection==0.5.1\n"
        do {
            let store = try fixture.open()
            _ = try await store.createEndpoint(Endpoint(name: "chat"), keys: .generate(), operation: nil)
            _ = try await store.createDeployment(deployment, operation: nil)
        }
        let reopened = try fixture.open()
        var stored = try await reopened.deployment("blue", endpoint: "chat")
        #expect(stored.customRequirements == "inflection==0.5.1\n")
        stored.customRequirements = nil
        _ = try await reopened.updateDeployment(stored, operation: nil)
        #expect(try await reopened.deployment("blue", endpoint: "chat").customRequirements == nil)
    }
}
