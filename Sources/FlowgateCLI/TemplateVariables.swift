import ArgumentParser
import Foundation
import Jinja

/// Reads `--vars` (a JSON object, or `@file.json`) into a template context, keeping key order.
enum TemplateVariables {
    static func parse(_ argument: String) throws -> [String: JinjaValue] {
        var text = argument
        var origin = "--vars"
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            origin = path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("--vars: cannot read '\(path)'.")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let value: JinjaValue
        do {
            value = try JinjaValue(json: text)
        } catch {
            throw ValidationError("\(origin): not valid JSON: \(error)")
        }
        guard case .dict(let dict) = value else {
            throw ValidationError("\(origin): variables must be a JSON object, like {\"question\": \"Hi\"}.")
        }
        return dict.templateContext
    }
}
