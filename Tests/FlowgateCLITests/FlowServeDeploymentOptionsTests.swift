import Foundation
import Testing

/// The hidden `flow serve` options a process instance's child gets (`--variant`, `--connection-override`): bad values
/// are refused with the option's name before anything is served.
@Suite struct FlowServeDeploymentOptionsTests {
    @Test func aVariantTheFlowLacksIsRefused() throws {
        let result = try FlowgateProcess.run([
            "flow", "serve", "examples/flows/variants", "--port", "0", "--variant", "${summarize.variant_9}",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--variant:"), "\(result.stderr)")
        #expect(result.stderr.contains("variant_9"), "\(result.stderr)")
    }

    @Test func anOverrideThatIsNotKeyEqualsValueIsRefused() throws {
        let result = try FlowgateProcess.run([
            "flow", "serve", "examples/flows/python-only", "--port", "0", "--connection-override", "chat",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--connection-override: 'chat' is not node_or_connection=connection"))
    }

    @Test func theOptionsStayOutOfTheHelp() throws {
        let result = try FlowgateProcess.run(["flow", "serve", "--help"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("--variant") && !result.stdout.contains("--connection-override"))
    }
}
