public import EncoreCore

/// A way to deliver one outgoing message: email over SMTP, SMS over a provider's HTTP API, a signed
/// webhook, or a stand-in for tests and benchmarks.
///
/// The outbox worker calls ``deliver(_:)`` once per attempt and records the `DeliveryOutcome` as it
/// is (`MessagingStorage.recordDeliveries`): delivered, retry later (`.transient`) or give up
/// (`.permanent`, which for email is a bounce). A channel never throws: every failure is
/// classified here, so the worker needs no knowledge of SMTP codes or HTTP statuses. The
/// outcome's text is short and meant to be stored: the server's reply, the provider's id, or what
/// went wrong. A channel may be called concurrently from many tasks.
public protocol MessageChannel: Sendable {
    /// Attempts delivery of `message` once.
    ///
    /// Retrying is the caller's job: a channel answers `.transient` rather than retrying on its
    /// own, so attempts are counted and spaced in one place (`RetryPolicy`). `.transient` covers
    /// anything a later attempt may fix, including problems on our side (TLS, credentials); it is
    /// never a reason to suppress the recipient. A channel that cannot carry the message's kind
    /// of content (an SMS to the email channel) answers `.permanent`.
    func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome
}
