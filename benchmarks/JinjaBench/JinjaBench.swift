// Flowgate side of the Jinja benchmark (see benchmarks/README.md).
// Usage: JinjaBench TEMPLATE VARS.json SECONDS OUTPUT_FILE
// Writes the rendered text to OUTPUT_FILE and prints one JSON line shaped like jinja_bench.py's.
import Foundation
import Jinja

@main
struct JinjaBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count == 5, let seconds = Double(args[3]) else {
            FileHandle.standardError.write(Data("usage: JinjaBench TEMPLATE VARS.json SECONDS OUTPUT_FILE\n".utf8))
            exit(2)
        }
        let source = try String(contentsOfFile: args[1], encoding: .utf8)
        let varsJSON = try String(contentsOfFile: args[2], encoding: .utf8)
        guard case .dict(let dict) = try JinjaValue(json: varsJSON) else {
            FileHandle.standardError.write(Data("VARS must be a JSON object\n".utf8))
            exit(2)
        }
        let context = dict.templateContext
        let template = try Environment().template(source: source, name: URL(fileURLWithPath: args[1]).lastPathComponent)
        let output = try template.render(context)
        try output.write(toFile: args[4], atomically: true, encoding: .utf8)
        for _ in 0..<200 { _ = try template.render(context) }  // warm-up

        var renders = 0
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        var now = start
        while now < deadline {
            for _ in 0..<100 { _ = try template.render(context) }
            renders += 100
            now = clock.now
        }
        let elapsed = Double((now - start).components.attoseconds) / 1e18 + Double((now - start).components.seconds)
        let line: [String: Any] = [
            "engine": "flowgate-jinja",
            "renders": renders,
            "seconds": (elapsed * 1000).rounded() / 1000,
            "per_second": (Double(renders) / elapsed * 10).rounded() / 10,
        ]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
