/// What a key did: acted, or did nothing and says why (shown on the status line; no state changes).
public enum KeyOutcome: Sendable, Equatable {
    case done
    case refused(String)
}
