/// The principal of the management request being handled, set by the API's authentication for the request's task,
/// so handlers (and what they call) can tell who asks without threading it through every signature.
public enum CurrentPrincipal {
    @TaskLocal public static var name: String?
}
