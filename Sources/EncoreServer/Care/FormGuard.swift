import EncoreCore
import Foundation

/// CSRF tokens for the forms of public pages: an HMAC of the page's scope (its link token, or a
/// visitor cookie) and an hour, valid for that hour and the next few. A form posted from
/// another site cannot carry one, since it cannot read the page.
struct FormGuard: Sendable {
    /// Signs with the server's link key (shared by every instance), in the "form" domain.
    let signer: LinkSigner
    /// How many hours a form stays valid after it was shown.
    static let validHours: Int64 = 4

    private func mac(scope: String, hour: Int64) -> String {
        let code = signer.authenticationCode("\(hour)|\(scope)", label: "form")
        return "\(hour)." + LinkSigner.base64url(Data(code.prefix(16)))
    }

    /// The token to put in a form shown now.
    func token(scope: String, now: Timestamp) -> String {
        mac(scope: scope, hour: now.millisecondsSinceEpoch / 3_600_000)
    }

    /// Whether `token` was made for `scope` within the last `validHours`.
    func verify(_ token: String?, scope: String, now: Timestamp) -> Bool {
        guard let token, let dot = token.firstIndex(of: "."), let hour = Int64(token[..<dot]) else { return false }
        let current = now.millisecondsSinceEpoch / 3_600_000
        guard hour <= current, current - hour < Self.validHours else { return false }
        let expected = Array(mac(scope: scope, hour: hour).utf8)
        let given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}
