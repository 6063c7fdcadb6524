import EncoreCore
import Mustache

/// Turns a `ContextValue` into the values swift-mustache walks: dictionaries for objects (it
/// looks dictionary keys up through `MustacheParent`), arrays for lists, and small wrappers
/// that render money and times formatted while still exposing their parts.
struct MustacheValues {
    var time: LocalTimeFormatter

    func convert(_ value: ContextValue) -> Any {
        switch value {
        case .null: return RenderNull()
        case .bool(let flag): return flag
        case .integer(let number): return number
        case .decimal(let text): return text
        case .string(let text): return text
        case .money(let money): return RenderMoney(money: money)
        case .time(let instant): return RenderTime(instant: instant, formatter: time)
        case .list(let items): return items.map(convert)
        case .object(let fields): return fields.mapValues(convert)
        }
    }

    /// The root object of a render: the context, with `store.brand_colour` made safe and
    /// always present (see `BrandColour`).
    func root(_ context: ContextValue) -> [String: Any] {
        var root: [String: Any] = [:]
        if case .object(let fields) = context { root = fields.mapValues(convert) }
        var store = root["store"] as? [String: Any] ?? [:]
        var raw: String?
        if case .string(let colour)? = context.value(at: "store.brand_colour") { raw = colour }
        store["brand_colour"] = BrandColour.sanitized(raw)
        root["store"] = store
        return root
    }
}

/// A missing value: renders as nothing and is false in a section.
struct RenderNull: MustacheCustomRepresentation {
    var representation: Any? { nil }
}

/// Money: `{{order.total}}` renders "$1,234.50"; `.amount` ("1234.50") and `.currency` ("USD")
/// are there for templates that need them. Zero is false in a section, so
/// `{{#order.discount}}…{{/order.discount}}` shows only a real discount.
struct RenderMoney: MustacheCustomRenderable, MustacheParent {
    var money: Money
    var renderText: String { MoneyFormatter.format(money) }
    var isNull: Bool { money.minorUnits == 0 }

    func child(named name: String) -> Any? {
        switch name {
        case "formatted": return renderText
        case "amount": return money.decimalString
        case "currency": return money.currency.code
        default: return nil
        }
    }
}

/// A moment in the customer's zone: `{{order.placed_at}}` renders "March 3, 2026 at 2:05 PM"
/// (a moment at local midnight, a date such as a delivery estimate, renders "Thursday, March 5");
/// `.date`, `.day`, `.time`, `.weekday` and `.iso8601` render the parts.
struct RenderTime: MustacheCustomRenderable, MustacheParent {
    var instant: Timestamp
    var formatter: LocalTimeFormatter
    /// A moment at local midnight is a date (a delivery estimate): it renders as the day alone.
    var renderText: String {
        let fields = formatter.fields(instant)
        if fields.hour == 0 && fields.minute == 0 && fields.second == 0 { return formatter.day(instant) }
        return formatter.dateTime(instant)
    }
    var isNull: Bool { false }

    func child(named name: String) -> Any? {
        switch name {
        case "date": return formatter.date(instant)
        case "day": return formatter.day(instant)
        case "time": return formatter.clock(instant)
        case "weekday": return formatter.weekday(instant)
        case "iso8601": return formatter.iso8601(instant)
        default: return nil
        }
    }
}
