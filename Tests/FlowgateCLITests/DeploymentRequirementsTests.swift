import FlowSpec
import FlowgateTestSupport
import Foundation
import Testing

@testable import FlowgateCLI

/// A deployment's custom requirements text (`environment.requirements`) through the `flowgate` binary and a real
/// server: pip installs a package (`inflection`, tiny and pure Python, from PyPI) that only the custom text names,
/// the python tool imports it and answers; `show` says so; an update goes back to the flow's requirements.txt.
@Suite(.serialized) struct DeploymentRequirementsTests {
    static let requirements = "# the tool's one dependency\ninflection==0.5.1\n"

    @Test func customRequirementsBuildTheEnvironmentAndAnUpdateGoesBack() async throws {
        try await ManagementClientServer.serving(walk)
    }

    private func walk(_ platform: ManagementClientServer) async throws {
        let work = try TemporaryDirectory()
        try InflectionFlow.write(into: work.url.appendingPathComponent("flows/camel"))
        try work.write("flows/camel/requirements.txt", "# the flow itself needs no package\n")
        try work.write("reqs.txt", Self.requirements)
        try work.write("bad.txt", "inflection\n-e ./vendor/inflection\n")
        try work.write("request.json", #"{"text": "hello_world"}"#)
        let endpoint = try await platform.flowgate(["endpoint", "create", "-n", "reqs-bot"], in: work.url)
        #expect(endpoint.status == 0, "\(endpoint.stderr)")

        // A refused line is reported with its number before anything is created.
        let refused = try await platform.flowgate(
            [
                "deployment", "create", "-e", "reqs-bot", "-n", "bad", "--flow", "flows/camel", "--requirements-file",
                "bad.txt",
            ], in: work.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 2 ('-e ./vendor/inflection'): pip options"), "\(refused.stderr)")

        let created = try await platform.flowgate(
            [
                "deployment", "create", "-e", "reqs-bot", "-n", "blue", "--flow", "flows/camel", "--requirements-file",
                "reqs.txt", "-o", "json",
            ], in: work.url)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("✓ environment built: custom requirements: "), "\(created.stderr)")
        let deployment = DeploymentLifecycleTests.json(created.stdout)
        #expect(deployment["provisioning_state"] == "Succeeded", "\(created.stdout)")
        #expect(deployment["environment"]?.objectValue?["requirements"] == .string(Self.requirements))

        #expect(try await invoke(platform, work, deployment: "blue") == .string("HelloWorld"))
        let shown = try await platform.flowgate(["deployment", "show", "-e", "reqs-bot", "-n", "blue"])
        #expect(shown.stdout.contains("custom requirements: inflection==0.5.1"), "\(shown.stdout)")

        // The same text from -f deployment.yml: the venv is the one built above (same text, same hash).
        try work.write(
            "deployment.yml",
            """
            name: green
            endpoint_name: reqs-bot
            model: flows/camel
            environment:
              requirements: |
                # the tool's one dependency
                inflection==0.5.1

            """)
        let fromFile = try await platform.flowgate(["deployment", "create", "-f", "deployment.yml"], in: work.url)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let firstVenv = created.stderr.split(separator: "\n").first { $0.contains("✓ environment built") }
        let secondVenv = fromFile.stderr.split(separator: "\n").first { $0.contains("✓ environment built") }
        #expect(firstVenv != nil && firstVenv == secondVenv, "\(created.stderr)\n\(fromFile.stderr)")
        #expect(try await invoke(platform, work, deployment: "green") == .string("HelloWorld"))

        // Back to the flow's requirements.txt: it installs nothing, so the tool no longer finds the package.
        let back = try await platform.flowgate(
            ["deployment", "update", "-e", "reqs-bot", "-n", "blue", "--flow-requirements", "-o", "json"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stderr.contains("- environment built (skipped): no requirements"), "\(back.stderr)")
        #expect(DeploymentLifecycleTests.json(back.stdout)["environment"] == .null, "\(back.stdout)")
        #expect(try await invoke(platform, work, deployment: "blue") == .string("no inflection"))
        let plain = try await platform.flowgate(["deployment", "show", "-e", "reqs-bot", "-n", "blue"])
        #expect(plain.stdout.contains("the flow's requirements.txt"), "\(plain.stdout)")
    }

    private func invoke(
        _ platform: ManagementClientServer, _ work: TemporaryDirectory, deployment: String
    ) async throws -> FlowValue? {
        let answer = try await platform.flowgate(
            ["endpoint", "invoke", "-n", "reqs-bot", "--request-file", "request.json", "-d", deployment], in: work.url)
        #expect(answer.status == 0, "\(answer.stderr)")
        return (try? FlowValue(json: answer.stdout))?.objectValue?["out"]
    }
}
