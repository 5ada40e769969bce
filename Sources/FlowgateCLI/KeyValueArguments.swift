import FlowSpec

/// Reads the `k=v` arguments of `--tags`, `--traffic "blue=90 green=10"` and `--set path=value`.
/// Each argument may hold several pairs separated by spaces, as `az` accepts them.
enum KeyValueArguments {
    /// `["a=1 b=2", "c=3"]` → `[("a","1"), ("b","2"), ("c","3")]`; `flag` names the option in errors.
    static func pairs(_ arguments: [String], flag: String) throws(CLIError) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for argument in arguments {
            for item in argument.split(separator: " ") {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw CLIError("\(flag) takes KEY=VALUE, got '\(item.prefix(60))'.")
                }
                result.append((String(item[..<equals]), String(item[item.index(after: equals)...])))
            }
        }
        return result
    }

    /// `--tags k=v …` as a mapping; a later key wins.
    static func strings(_ arguments: [String], flag: String) throws(CLIError) -> [String: String] {
        var result: [String: String] = [:]
        for pair in try pairs(arguments, flag: flag) { result[pair.key] = pair.value }
        return result
    }

    /// `--traffic "blue=90 green=10"` as percentages.
    static func percentages(_ arguments: [String], flag: String) throws(CLIError) -> [String: Int] {
        var result: [String: Int] = [:]
        for pair in try pairs(arguments, flag: flag) {
            guard let percent = Int(pair.value) else {
                throw CLIError("\(flag): '\(pair.value.prefix(20))' for \(pair.key) is not a whole percentage.")
            }
            result[pair.key] = percent
        }
        return result
    }

    /// Applies `--set a.b=value` to a request body: the value is read as JSON when it parses (`5`, `true`,
    /// `{"x":1}`), else taken as text; missing objects on the path are created.
    static func apply(_ settings: [String], to body: inout FlowObject) throws(CLIError) {
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw CLIError(
                    "--set takes PATH=VALUE (e.g. request_settings.request_timeout_ms=10000), got '\(setting.prefix(60))'."
                )
            }
            let path = setting[..<equals].split(separator: ".").map(String.init)
            let text = String(setting[setting.index(after: equals)...])
            let value = (try? FlowValue(json: text)) ?? .string(text)
            guard !path.isEmpty, !path.contains(where: \.isEmpty) else {
                throw CLIError("--set: '\(setting[..<equals])' is not a dotted path of keys.")
            }
            set(value, at: path[...], in: &body)
        }
    }

    private static func set(_ value: FlowValue, at path: ArraySlice<String>, in object: inout FlowObject) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var child = object[key]?.objectValue ?? FlowObject()
        set(value, at: path.dropFirst(), in: &child)
        object[key] = .object(child)
    }
}
