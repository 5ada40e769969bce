import FlowgateServer
import Foundation
import Platform

/// What `flowgate server` prints once it accepts requests: where it listens, where its state is, and, on the
/// first start only, the admin API key.
struct ServerBanner: Sendable {
    let server: PlatformServer
    let directory: DataDirectory

    func print() {
        let url = server.baseURL.absoluteString
        let adminKeyPath = AdminKeyFile(directory: directory).url.path
        var text = """
            Flowgate server listening on \(url) (Ctrl+C to stop)
              console         \(url)/   (sign in with an API key, e.g. the admin key in \(adminKeyPath))
              management API  \(url)/api/v1   (OpenAPI: \(url)/api/v1/openapi.json)
              scoring         \(url)/endpoints/<name>/score
              data directory  \(directory.url.path)

            """
        if server.adminKeyCreated {
            text += """
                Admin API key (shown once; saved to \(adminKeyPath), mode 0600,
                where `flowgate endpoint|deployment|connection` find it):
                  \(server.adminKey)

                """
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
