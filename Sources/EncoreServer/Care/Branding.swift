import EncoreCore
import Foundation

/// A store's look on customer pages, made safe: the brand colour is used only as a valid
/// `#rrggbb`, darkened until text in it passes WCAG AA (4.5:1) on white, with button text in
/// whichever of white or near-black contrasts more. A logo is shown only as a small `data:`
/// image (pages load nothing from elsewhere); otherwise the name stands in.
struct Branding: Sendable, Equatable {
    var name: String
    /// For links and headings on white.
    var accent: String
    /// Button background (the brand colour itself when valid).
    var button: String
    var buttonText: String
    var logoDataURL: String?

    static let defaultColour = "#1d4ed8"
    /// Largest logo accepted inline, in bytes of its data URL.
    static let maxLogoBytes = 16 * 1024

    init(store: Store) {
        name = store.settings.displayName ?? store.name
        let rgb = Self.parse(store.settings.brandColour ?? "") ?? Self.parse(Self.defaultColour)!
        button = Self.hex(rgb)
        buttonText = Self.contrast(rgb, (255, 255, 255)) >= Self.contrast(rgb, (17, 17, 17)) ? "#ffffff" : "#111111"
        var dark = rgb
        while Self.contrast(dark, (255, 255, 255)) < 4.5 {
            dark = (dark.0 * 9 / 10, dark.1 * 9 / 10, dark.2 * 9 / 10)
        }
        accent = Self.hex(dark)
        if let logo = store.settings.logoURL, logo.hasPrefix("data:image/"), logo.utf8.count <= Self.maxLogoBytes,
            !logo.contains("\""), !logo.contains("<")
        {
            logoDataURL = logo
        }
    }

    static func parse(_ text: String) -> (Int, Int, Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#"), let value = Int(String(text.dropFirst()), radix: 16)
        else { return nil }
        return ((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff)
    }

    static func hex(_ rgb: (Int, Int, Int)) -> String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for channel in [rgb.0, rgb.1, rgb.2] {
            out.append(digits[channel >> 4])
            out.append(digits[channel & 0xf])
        }
        return out
    }

    /// WCAG relative luminance.
    static func luminance(_ rgb: (Int, Int, Int)) -> Double {
        func linear(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.039_28 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(rgb.0) + 0.7152 * linear(rgb.1) + 0.0722 * linear(rgb.2)
    }

    /// WCAG contrast ratio (1...21).
    static func contrast(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}
