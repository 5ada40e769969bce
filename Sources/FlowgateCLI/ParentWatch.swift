import Foundation
import Logging

/// `flow serve --exit-with-parent`: when the parent process goes away (a `flowgate server` killed with SIGKILL
/// leaves its process instances orphaned, re-parented to init), this process sends itself SIGTERM, so it shuts
/// down gracefully instead of serving on a port nobody routes to.
enum ParentWatch {
    static func start(logger: Logger, every period: Duration = .milliseconds(500)) {
        let parent = getppid()
        Task.detached {
            while true {
                try? await Task.sleep(for: period)
                if getppid() != parent {
                    logger.warning("the parent process \(parent) exited; stopping")
                    kill(getpid(), SIGTERM)
                    return
                }
            }
        }
    }
}
