import Foundation
import Synchronization

/// Template settings and the loader for include/import. Parsed templates are cached per name,
/// so `{% include %}` in a hot loop parses its target once.
public struct Environment: Sendable {
    public let trimBlocks: Bool
    public let lstripBlocks: Bool
    public let keepTrailingNewline: Bool
    public let loader: (any TemplateLoader)?
    let cache = TemplateCache()

    public init(
        trimBlocks: Bool = true, lstripBlocks: Bool = false, keepTrailingNewline: Bool = true,
        loader: (any TemplateLoader)? = nil
    ) {
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
        self.keepTrailingNewline = keepTrailingNewline
        self.loader = loader
    }

    /// Parses `source` once; throws `TemplateError` (syntax, or unsupported constructs) at load time.
    public func template(source: String, name: String? = nil) throws -> Template {
        var lexer = Lexer(
            trimBlocks: trimBlocks, lstripBlocks: lstripBlocks, keepTrailingNewline: keepTrailingNewline,
            templateName: name)
        let tokens = try lexer.tokenize(source)
        var parser = Parser(tokens: tokens, templateName: name)
        let nodes = try parser.parseTemplate()
        let rootStored = Node.rootShadowedNames(nodes)
        return Template(
            name: name, nodes: nodes, compiled: Compiler.block(nodes), environment: self, rootStored: rootStored)
    }

    /// Loads and parses a template through the loader.
    public func template(named: String) throws -> Template {
        guard let loader else {
            throw TemplateError(.notFound, "no loader for this environment", templateName: named)
        }
        let source: String
        do {
            source = try loader.source(named: named)
        } catch let e as TemplateError {
            throw e
        } catch {
            throw TemplateError(.notFound, named, templateName: named)
        }
        return try template(source: source, name: named)
    }

    func cachedTemplate(named name: String) throws -> Template {
        if let t = cache.get(name) { return t }
        let t = try template(named: name)
        cache.set(name, t)
        return t
    }
}

/// Parsed templates by name, shared by copies of an `Environment`.
final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var templates: [String: Template] = [:]

    func get(_ name: String) -> Template? { lock.withLock { templates[name] } }
    func set(_ name: String, _ t: Template) { lock.withLock { templates[name] = t } }
}

/// Where `{% include %}`, `{% import %}` and `Environment.template(named:)` find template sources.
public protocol TemplateLoader: Sendable {
    func source(named: String) throws -> String
}

/// Templates held in memory, by name.
public struct DictionaryLoader: TemplateLoader {
    let templates: [String: String]

    public init(_ templates: [String: String]) { self.templates = templates }

    public func source(named: String) throws -> String {
        guard let s = templates[named] else { throw TemplateError(.notFound, named, templateName: named) }
        return s
    }
}

/// Templates read from files under `root`. Names that leave the root (`..`, absolute paths,
/// symlinks resolving outside) are refused with a `.security` error.
public struct FileSystemLoader: TemplateLoader {
    let root: URL

    public init(root: URL) { self.root = root }

    public func source(named: String) throws -> String {
        if named.hasPrefix("/") || named.hasPrefix("\\") || named.contains("\\") || named.contains("\0") {
            throw TemplateError(.security, "template name '\(named)' leaves the template folder", templateName: named)
        }
        let parts = named.split(separator: "/", omittingEmptySubsequences: true)
        if parts.contains(where: { $0 == ".." }) {
            throw TemplateError(.security, "template name '\(named)' leaves the template folder", templateName: named)
        }
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var url = URL(fileURLWithPath: rootPath, isDirectory: true)
        for p in parts where p != "." { url.appendPathComponent(String(p)) }
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        if !resolved.hasPrefix(prefix) {
            throw TemplateError(.security, "template name '\(named)' leaves the template folder", templateName: named)
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDir), !isDir.boolValue,
            let data = FileManager.default.contents(atPath: resolved)
        else {
            throw TemplateError(.notFound, named, templateName: named)
        }
        guard let s = String(data: data, encoding: .utf8) else {
            throw TemplateError(.value, "template '\(named)' is not valid UTF-8", templateName: named)
        }
        return s
    }
}

/// A parsed template. Rendering walks the tree; it never re-parses.
public struct Template: Sendable {
    public let name: String?
    let nodes: [Node]
    let compiled: NodeFunction
    let environment: Environment
    /// Names assigned at the template's top level (see `Scope.rootStored`).
    let rootStored: Set<String>
    /// The size of the last output, to reserve the buffer once.
    let sizeHint = SizeHint()

    /// Renders with the given variables. Errors carry the template name and line.
    public func render(_ context: [String: JinjaValue]) throws -> String {
        let rt = Runtime(environment: environment, templateName: name)
        defer { rt.finish() }
        let root = Scope(parent: nil, context: context)
        let top = Scope(parent: root)
        if !rootStored.isEmpty { top.rootStored = rootStored }
        var out = Output(capacity: sizeHint.value.load(ordering: .relaxed))
        do {
            try compiled(rt, top, &out)
        } catch let e as TemplateError {
            throw e.located(name: name, line: nil)
        }
        sizeHint.value.store(out.count + out.count / 8, ordering: .relaxed)
        return out.string
    }
}

/// The last output size, shared by copies of a template and by concurrent renders (a stale value only costs a reallocation).
final class SizeHint: Sendable {
    let value = Atomic<Int>(0)
}
