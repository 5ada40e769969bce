import Testing
@testable import LLM
