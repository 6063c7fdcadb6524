import Foundation

/// IANA time zone validation, backed by the system's zone database.
enum TimeZones {
    static func isValid(_ identifier: String) -> Bool {
        identifier.utf8.count <= 64 && TimeZone(identifier: identifier) != nil
    }
}
