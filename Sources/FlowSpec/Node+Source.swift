extension Node {
    /// Where a node's tool comes from: a file in the flow folder, or a tool from an installed package.
    /// For llm and prompt nodes the code file is the Jinja template; for python nodes the `.py` file.
    public enum Source: Sendable, Equatable {
        /// `{type: code, path: …}`: a path relative to the flow folder, checked to stay inside it.
        case code(path: String)
        /// `{type: package, tool: …}`: e.g. `promptflow.tools.embedding.embedding`.
        case package(tool: String)
        /// `{type: package_with_prompt, tool: …, path: …}`.
        case packageWithPrompt(tool: String, path: String?)

        /// The file path for code sources.
        public var path: String? {
            switch self {
            case .code(let path): path
            case .packageWithPrompt(_, let path): path
            case .package: nil
            }
        }
    }
}
