import Testing
@testable import PythonHost
