import FlowEngine
import FlowSpec
import Foundation
import Hummingbird
import Platform

/// Bulk runs on the server: start one (202; it runs in the background), list, show (status, snapshot, variant,
/// line counts, metrics, times) and read its completed lines.
extension ManagementAPI {
    func createRun(_ request: APIRequest) async throws -> Response {
        let body = try await request.jsonObject()
        let run: ServerRun
        do {
            run = try await controlPlane.runs.start(try RunJSON.request(body))
        } catch let error as ServerRunError {
            throw APIError.run(error)
        }
        logger.info("run created", metadata: ["run": .string(run.name)])
        return JSONBody.response(.object(RunJSON.run(run)), status: .accepted)
    }

    func listRuns(_ request: APIRequest) async throws -> Response {
        JSONBody.list(controlPlane.runs.list().map { .object(RunJSON.run($0)) })
    }

    func showRun(_ request: APIRequest) async throws -> Response {
        do {
            return JSONBody.response(.object(RunJSON.run(try controlPlane.runs.run(named: request.path("name")))))
        } catch {
            throw APIError.run(error)
        }
    }

    func runOutputs(_ request: APIRequest) async throws -> Response {
        let limit = try request.query("limit", range: 1...100_000, fallback: 100)
        let lines: [FlowObject]
        do {
            lines = try controlPlane.runs.outputs(named: request.path("name"), limit: limit)
        } catch {
            throw APIError.run(error)
        }
        return JSONBody.list(lines.map { .object($0) })
    }

    /// A deployment body's `run` (a completed run's snapshot and variant) or `variant`, taken out of the body:
    /// the body then names the run's snapshot. `nil` when neither is given (the variant stays as it was).
    func resolveRun(_ body: inout FlowObject) throws -> String?? {
        var variant: String??
        let given = (variant: body["variant"], run: body["run"])
        body["variant"] = nil
        body["run"] = nil
        switch given.variant {
        case nil: break
        case .null?: variant = .some(nil)
        case .string(let text)?: variant = .some(text)
        case let other?:
            throw APIError.badArgument(field: "variant", "must be text like ${node.variant_id}, not \(other.kindName)")
        }
        switch given.run {
        case nil, .null?: return variant
        case .string(let name)?:
            guard body["model"] == nil, body["snapshot_id"] == nil else {
                throw APIError.badArgument(field: "run", "give either run or the flow (model, snapshot_id), not both")
            }
            let run: ServerRun
            do {
                run = try controlPlane.runs.run(named: name)
            } catch {
                throw APIError.badArgument(field: "run", "no run named '\(name.prefix(128))'")
            }
            guard run.status == .completed, let snapshotID = run.snapshotID else {
                let why =
                    run.snapshotID == nil
                    ? "did not run on the server (it has no snapshot)" : "is \(run.status.rawValue)"
                throw APIError.badArgument(field: "run", "run '\(name)' \(why); deploy a completed server run")
            }
            body["snapshot_id"] = .string(snapshotID)
            return variant ?? .some(run.variant)
        case let other?:
            throw APIError.badArgument(field: "run", "must be a run's name, not \(other.kindName)")
        }
    }
}
