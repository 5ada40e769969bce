import Foundation
import Testing

/// `flowgate run create|show|list` through the built binary, with FLOWGATE_HOME in a temporary folder.
@Suite struct RunCommandTests {
    @Test func createShowAndListAnEvaluationRun() throws {
        let home = try TemporaryDirectory()
        let environment = ["FLOWGATE_HOME": home.url.path]
        let create = try FlowgateProcess.run(
            [
                "run", "create", "--flow", "examples/flows/eval-accuracy", "--data",
                "examples/flows/eval-accuracy/data.jsonl", "--column-mapping", "groundtruth=${data.groundtruth}",
                "prediction=${data.prediction}", "--name", "eval-1", "--concurrency", "2",
            ], environment: environment)
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout.contains("\"metrics\" : {\"accuracy\": 0.75, \"graded_lines\": 4}"))
        #expect(create.stdout.contains("\"status\" : \"Completed\""))
        // Not a terminal: plain progress lines, then the summary.
        #expect(create.stderr.contains("4/4 lines done, 0 failed"))
        #expect(create.stderr.contains("Run 'eval-1' completed: 4 of 4 lines completed, 0 failed."))

        let folder = home.url.appendingPathComponent("runs/eval-1")
        for file in ["run.json", "outputs.jsonl", "errors.jsonl", "metrics.json", "snapshot/flow.dag.yaml"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.json"), encoding: .utf8)
        #expect(metrics == "{\"accuracy\": 0.75, \"graded_lines\": 4}\n")
        let outputs = try String(contentsOf: folder.appendingPathComponent("outputs.jsonl"), encoding: .utf8)
        #expect(outputs.split(separator: "\n").first == "{\"line_number\": 0, \"grade\": \"Correct\"}")

        let show = try FlowgateProcess.run(["run", "show", "eval-1"], environment: environment)
        #expect(show.status == 0)
        #expect(show.stdout.contains("\"name\" : \"eval-1\""))
        #expect(show.stdout.contains("\"column_mapping\" : {"))
        #expect(show.stdout.contains("\"groundtruth\" : \"${data.groundtruth}\""))
        #expect(show.stdout.contains("\"completed\" : 4"))
        #expect(show.stdout.contains("\"metrics\" : {\"accuracy\": 0.75, \"graded_lines\": 4}"))

        let second = try FlowgateProcess.run(
            [
                "run", "create", "--flow", "examples/flows/eval-accuracy", "--data",
                "examples/flows/eval-accuracy/data.jsonl", "--name", "eval-2",
            ], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("\"metrics\" : {\"accuracy\": 1.0, \"graded_lines\": 4}"))
        let list = try FlowgateProcess.run(["run", "list"], environment: environment)
        let rows = list.stdout.split(separator: "\n")
        #expect(rows.first?.hasPrefix("NAME") == true)
        #expect(rows.dropFirst().map { $0.split(separator: " ").first } == ["eval-2", "eval-1"])

        let duplicate = try FlowgateProcess.run(
            [
                "run", "create", "--flow", "examples/flows/eval-accuracy", "--data",
                "examples/flows/eval-accuracy/data.jsonl", "--name", "eval-1",
            ], environment: environment)
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.contains("A run named 'eval-1' already exists"))
    }

    @Test func failingAndMalformedLinesAreReportedAndTheRunCompletes() throws {
        let home = try TemporaryDirectory()
        let data = try home.write(
            "data.jsonl",
            """
            {"text": "One fish. Two fish."}
            {"text": "broken
            {"text": "Red fish, blue fish!"}
            """)
        let run = try FlowgateProcess.run(
            ["run", "create", "--flow", "examples/flows/python-only", "--data", data.path, "--column-mapping",
             "text=${data.text}", "--name", "py"],
            environment: ["FLOWGATE_HOME": home.url.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 of 3 lines completed, 1 failed"))
        #expect(run.stderr.contains("line 1: Line 2 of \(data.path) is not valid JSON"))
        let folder = home.url.appendingPathComponent("runs/py")
        let outputs = try String(contentsOf: folder.appendingPathComponent("outputs.jsonl"), encoding: .utf8)
        #expect(outputs.split(separator: "\n").map { $0.hasPrefix("{\"line_number\": 0") || $0.hasPrefix("{\"line_number\": 2") } == [true, true])
        let errors = try String(contentsOf: folder.appendingPathComponent("errors.jsonl"), encoding: .utf8)
        #expect(errors.hasPrefix("{\"line_number\": 1, \"error\": {\"code\": \"UserError\""))
    }

    @Test func badArgumentsGiveClearErrors() throws {
        let home = try TemporaryDirectory()
        let environment = ["FLOWGATE_HOME": home.url.path]
        let missing = try FlowgateProcess.run(
            ["run", "create", "--flow", "examples/flows/eval-accuracy", "--data", "/nonexistent.jsonl"],
            environment: environment)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("The data file '/nonexistent.jsonl' does not exist or cannot be read."))

        let unknown = try FlowgateProcess.run(
            ["run", "create", "--flow", "examples/flows/eval-accuracy", "--data",
             "examples/flows/eval-accuracy/data.jsonl", "--column-mapping", "prediction=${data.label}", "--name", "u"],
            environment: environment)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Couldn't find these mapping relations: ${data.label}"))
        #expect(unknown.stdout.contains("\"status\" : \"Failed\""))

        let badMapping = try FlowgateProcess.run(
            ["run", "create", "--flow", "examples/flows/eval-accuracy", "--data",
             "examples/flows/eval-accuracy/data.jsonl", "--column-mapping", "prediction"],
            environment: environment)
        #expect(badMapping.status != 0)
        #expect(badMapping.stderr.contains("--column-mapping: 'prediction' is not name=value."))

        let noRun = try FlowgateProcess.run(["run", "show", "nope"], environment: environment)
        #expect(noRun.status != 0)
        #expect(noRun.stderr.contains("No run named 'nope'"))
    }
}
