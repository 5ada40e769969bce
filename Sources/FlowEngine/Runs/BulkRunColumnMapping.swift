import FlowSpec

/// How a bulk run maps each data line to flow inputs: `name='${data.col}'` or a literal, as promptflow's
/// `--column-mapping`. Inputs without a default that are not mapped read the same-named column.
///
/// promptflow's rule (`_complete_inputs_mapping_by_default_value`): an input with a default is NOT read from the
/// data unless the mapping names it, so without a mapping its default wins over a same-named column.
public struct BulkRunColumnMapping: Sendable, Equatable {
    /// The user's entries, in the order given: input name → `${data.col}` or a literal.
    public var entries: [(input: String, value: String)]

    public init(_ entries: [(input: String, value: String)] = []) {
        self.entries = entries
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries.map(\.input) == rhs.entries.map(\.input) && lhs.entries.map(\.value) == rhs.entries.map(\.value)
    }

    /// Parses `name=value` pairs (the value may itself contain `=`).
    public init(pairs: [String]) throws(FlowRunError) {
        var entries: [(input: String, value: String)] = []
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .user("Column mapping '\(pair)' is not name=value (e.g. question='${data.question}').")
            }
            entries.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
        }
        self.init(entries)
    }

    /// The complete mapping for `flow`: `${data.<input>}` for every input without a default, then the user's
    /// entries on top (promptflow's order of precedence).
    public func completed(for flow: Flow) -> [(input: String, value: String)] {
        var result: [(input: String, value: String)] = []
        for input in flow.inputs where input.defaultValue == nil {
            result.append((input.name, "${data.\(input.name)}"))
        }
        for entry in entries {
            if let index = result.firstIndex(where: { $0.input == entry.input }) {
                result[index].value = entry.value
            } else {
                result.append(entry)
            }
        }
        return result
    }

    /// The data column a mapping value reads (`${data.col}` → `col`), nil for a literal.
    /// Throws for a reference to anything but `data` (another run's outputs are not supported).
    static func column(of value: String) throws(FlowRunError) -> String? {
        guard value.hasPrefix("${"), value.hasSuffix("}"), value.count > 3 else { return nil }
        let inner = value.dropFirst(2).dropLast()
        guard !inner.contains("{"), !inner.contains("}") else { return nil }
        guard inner.hasPrefix("data."), inner.count > 5 else {
            throw .user(
                "Column mapping value '\(value)' is not supported: only '${data.<column>}' references and literals are.")
        }
        return String(inner.dropFirst(5))
    }

    /// Applies `mapping` (from `completed(for:)`) to one data line. Throws promptflow's message naming every
    /// relation whose column the line lacks.
    static func apply(_ mapping: [(input: String, value: String)], to line: FlowObject) throws(FlowRunError)
        -> FlowObject
    {
        var inputs = FlowObject()
        var missing: [String] = []
        for (input, value) in mapping where input != "line_number" {
            if let column = try column(of: value) {
                if let found = line[column] {
                    inputs[input] = found
                } else {
                    missing.append(value)
                }
            } else {
                inputs[input] = .string(value)
            }
        }
        if !missing.isEmpty {
            throw .user(
                "The input for batch run is incorrect. Couldn't find these mapping relations: "
                    + "\(missing.joined(separator: ", ")). Please make sure your input mapping keys and values match "
                    + "your YAML input section and input data.")
        }
        return inputs
    }
}
