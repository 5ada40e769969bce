import Testing
@testable import FlowgateCLI
