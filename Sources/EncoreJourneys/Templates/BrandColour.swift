import Foundation

/// The store's brand colour made safe for an email: a CSS hex colour or the default, darkened
/// until white button text on it is readable (WCAG contrast at least 4.5:1).
///
/// The colour lands inside `style` attributes, so anything but `#rgb` / `#rrggbb` is refused:
/// a settings field can never inject CSS into every message.
public enum BrandColour {
    /// Used when the store has no brand colour or an invalid one.
    public static let fallback = "#2b4c7e"

    /// A lower-case `#rrggbb` colour for `raw`, readable behind white text.
    public static func sanitized(_ raw: String?) -> String {
        guard var rgb = parse(raw ?? "") ?? parse(fallback) else { return fallback }
        var steps = 0
        while contrastWithWhite(rgb) < 4.5 && steps < 40 {
            rgb = (rgb.0 * 9 / 10, rgb.1 * 9 / 10, rgb.2 * 9 / 10)
            steps += 1
        }
        return "#" + hex(rgb.0) + hex(rgb.1) + hex(rgb.2)
    }

    static func parse(_ text: String) -> (Int, Int, Int)? {
        let trimmed = text.filter { $0 != " " && $0 != "\t" }
        guard trimmed.hasPrefix("#") else { return nil }
        var digits = Array(trimmed.dropFirst())
        guard digits.count == 3 || digits.count == 6, digits.allSatisfy(\.isHexDigit) else { return nil }
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        func channel(_ i: Int) -> Int { Int(String(digits[i...i + 1]), radix: 16) ?? 0 }
        return (channel(0), channel(2), channel(4))
    }

    static func contrastWithWhite(_ rgb: (Int, Int, Int)) -> Double {
        func linear(_ c: Int) -> Double {
            let v = Double(c) / 255
            return v <= 0.039_28 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * linear(rgb.0) + 0.7152 * linear(rgb.1) + 0.0722 * linear(rgb.2)
        return 1.05 / (luminance + 0.05)
    }

    static func hex(_ value: Int) -> String {
        let text = String(value, radix: 16)
        return text.count == 1 ? "0" + text : text
    }
}
