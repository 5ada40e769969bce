import Testing
@testable import Jinja
