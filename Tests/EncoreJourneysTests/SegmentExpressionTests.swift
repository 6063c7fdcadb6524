import EncoreCore
import Testing

@testable import EncoreJourneys

@Suite("Custom segments: filter expressions")
struct SegmentExpressionTests {
    static func customer(_ fields: [String: ContextValue]) -> ContextValue { .object(["customer": .object(fields)]) }

    static let vip = customer([
        "p_alive": .decimal("0.210000"), "orders_count": .integer(5),
        "total_spent": .money(Money(minorUnits: 45_000, currency: .usd)), "rfm_segment": .string("at_risk"),
        "tags": .list([.string("wholesale"), .string("and or")]),
    ])
    static let newcomer = customer([
        "p_alive": .decimal("0.950000"), "orders_count": .integer(1),
        "total_spent": .money(Money(minorUnits: 2_000, currency: .usd)), "rfm_segment": .string("new"), "tags": .list([]),
    ])

    func holds(_ text: String, _ context: ContextValue) throws -> Bool {
        try SegmentExpression(parsing: text).evaluate(in: context)
    }

    @Test("and binds tighter than or; parentheses and not group")
    func precedence() throws {
        let text = "customer.orders_count >= 5 or customer.rfm_segment == new and customer.p_alive < 0.5"
        // or(orders>=5, and(new, p<0.5)): the newcomer's p_alive is high, so only the VIP holds.
        #expect(try holds(text, Self.vip))
        #expect(try !holds(text, Self.newcomer))
        let grouped = "(customer.orders_count >= 5 or customer.rfm_segment == new) and customer.p_alive < 0.5"
        #expect(try holds(grouped, Self.vip))
        #expect(try !holds(grouped, Self.newcomer))
        #expect(try holds("not customer.orders_count >= 2", Self.newcomer))
        #expect(try !holds("not (customer.orders_count >= 2 or customer.p_alive > 0.9)", Self.newcomer))
        #expect(try holds("customer.total_spent >= 400 USD and not customer.tags contains retail", Self.vip))
        let parsed = try SegmentExpression(parsing: text)
        #expect(parsed.conditions.map(\.path) == ["customer.orders_count", "customer.rfm_segment", "customer.p_alive"])
    }

    @Test("keywords inside quotes and lists are values, not operators")
    func quoted() throws {
        #expect(try holds("customer.tags contains \"and or\"", Self.vip))
        #expect(try holds("customer.rfm_segment in [new, 'or', at_risk] and customer.orders_count > 1", Self.vip))
        #expect(try !holds("customer.rfm_segment in [new, 'or', at_risk] and customer.orders_count > 1", Self.newcomer))
    }

    @Test("a missing field is false, never an error; money of another currency never matches")
    func missing() throws {
        #expect(try !holds("customer.predicted_clv > 10 USD", Self.vip))
        #expect(try holds("not customer.predicted_clv exists", Self.vip))
        #expect(try !holds("customer.total_spent >= 1 EUR", Self.vip))
    }

    @Test(
        "bad expressions say what and where",
        arguments: [
            ("", "the expression is empty"),
            ("   ", "the expression is empty"),
            ("(customer.orders_count > 1", "the '(' at character 1 is never closed"),
            ("customer.orders_count > 1 and", "the expression ends where a condition was expected"),
            ("or customer.orders_count > 1", "a condition is missing before 'or' at character 1"),
            ("customer.orders_count > 1 and or customer.p_alive < 1", "a condition is missing before 'or' at character 31"),
            ("customer.orders_count >", "has no value"),
            ("customer.orders_count > 1) ", "unexpected ')' at character 26"),
            ("customer.p_alive ~ 1", "unknown operator '~'"),
            ("customer.orders_count > 1 and customer.rfm_segment > new", "(at character 31)"),
        ])
    func errors(_ text: String, _ message: String) {
        do {
            _ = try SegmentExpression(parsing: text)
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("a segment checks its id, name and filter against the segment fields, each error naming its field")
    func segment() throws {
        let ok = try CustomerSegment(id: "vip-at-risk", name: " VIPs at risk ", where: "customer.clv_decile >= 9 and customer.p_alive < 0.4")
        #expect(ok.name == "VIPs at risk")
        func field(_ id: String, _ name: String, _ text: String) -> InputError? {
            do {
                _ = try CustomerSegment(id: id, name: name, where: text)
                return nil
            } catch { return error }
        }
        #expect(field("VIP", "x", "customer.orders_count > 1")?.field == "id")
        #expect(field("-vip", "x", "customer.orders_count > 1")?.field == "id")
        #expect(field(String(repeating: "a", count: 65), "x", "customer.orders_count > 1")?.field == "id")
        #expect(field("vip", "  ", "customer.orders_count > 1")?.field == "name")
        let unknown = field("vip", "x", "customer.shoe_size > 40")
        #expect(unknown?.field == "where")
        #expect(unknown?.reason.contains("the context has no field 'customer.shoe_size'") == true)
        let kind = field("vip", "x", "customer.predicted_clv > 100")
        #expect(kind?.reason.contains("is money") == true)
        #expect(field("vip", "x", "order.total > 5 USD")?.field == "where", "segments read customers, not orders")
        #expect(field("vip", "x", "customer.orders_count >")?.field == "where")
    }

    @Test("journeys read the prediction fields and segments under customer")
    func journeySchema() throws {
        for path in ["customer.p_alive", "customer.predicted_clv", "customer.clv_decile", "customer.rfm_segment", "customer.segments"] {
            #expect(ContextSchema.standard.node(at: path) != nil, "\(path)")
        }
        #expect(ContextSchema.standard.check(try Condition(parsing: "customer.p_alive < 0.2")) == nil)
        #expect(ContextSchema.standard.check(try Condition(parsing: "customer.segments contains vip")) == nil)
    }
}
