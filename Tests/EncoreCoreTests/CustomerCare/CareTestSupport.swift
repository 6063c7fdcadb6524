import Testing

@testable import EncoreCore

/// The instant of an ISO 8601 text ("2024-03-04T09:00:00Z"); traps on a typo in a test.
func utc(_ iso: String) -> Timestamp {
    guard let value = ISO8601.parse(iso) else { fatalError("bad test timestamp \(iso)") }
    return value
}

/// The customer-care suites, grouped so `swift test --filter CustomerCare` runs them all.
@Suite enum CustomerCare {}
