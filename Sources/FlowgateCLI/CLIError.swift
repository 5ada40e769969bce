/// An error the CLI reports as `Error: <message>` with exit code 1 (no usage text: the arguments were fine).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
