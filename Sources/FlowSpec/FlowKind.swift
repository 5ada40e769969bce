/// What kind of flow a folder holds, which decides how it is run and served.
/// DAG flows are standard, chat (an input has `is_chat_input`) or evaluation (aggregation nodes or `type: evaluation`).
public enum FlowKind: String, Sendable, Equatable, CaseIterable {
    case standard
    case chat
    case evaluation
    case prompty
    case flex
}
