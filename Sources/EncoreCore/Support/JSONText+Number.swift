import Foundation

extension JSONText {
    /// A floating-point figure with 10 significant digits, or `null` when it is not finite (JSON
    /// has no NaN or infinity).
    public static func number(_ value: Double) -> JSONText {
        value.isFinite ? .raw(String(format: "%.10g", value)) : .null
    }
}
