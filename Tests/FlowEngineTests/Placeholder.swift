import Testing
@testable import FlowEngine
