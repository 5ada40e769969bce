import Foundation

/// A free TCP port on the host, found by binding port 0 and closing again (for `--port 0`, so the base URL is known
/// before the server starts; another process could take it in between, which only tests ask for).
enum FreePort {
    static func pick(host: String) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FreePortError(message: "cannot open a socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        if address.sin_addr.s_addr == INADDR_NONE { address.sin_addr.s_addr = inet_addr("127.0.0.1") }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw FreePortError(message: "cannot bind \(host):0: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw FreePortError(message: "cannot read the bound port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// No free port could be found.
struct FreePortError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
