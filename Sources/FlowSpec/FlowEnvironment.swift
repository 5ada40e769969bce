/// A flow's `environment`: the base image and the requirements file of its Python tools.
/// The requirements path is relative to the flow folder and checked to stay inside it.
public struct FlowEnvironment: Sendable, Equatable {
    public var image: String?
    public var pythonRequirementsTxt: String?

    public init(image: String? = nil, pythonRequirementsTxt: String? = nil) {
        self.image = image
        self.pythonRequirementsTxt = pythonRequirementsTxt
    }
}
