import EncoreCore
import EncoreLoyalty

/// The rows a batch of ledger operations writes: every posting and applied event key, but each
/// lot and each customer's account row once, as the batch leaves them (a customer with ten
/// events in a batch gets one account upsert carrying the sum of their movements, not ten).
struct LedgerWrites {
    let storeID: StoreID
    let now: Timestamp
    private var postings = SQLRows(
        "INSERT INTO loyalty_postings (store_id, posting_key, event_key, kind, debit, credit, points, lot_key, customer_key, reason, at) VALUES",
        columns: 11)
    private var applied = SQLRows(
        "INSERT INTO loyalty_applied (store_id, event_key, customer_key, applied_at) VALUES", columns: 4)
    private var lots: [String: PointLot] = [:]
    private var lotOrder: [String] = []
    private var accounts: [String: Account] = [:]
    private var accountOrder: [String] = []

    /// A customer's account as the batch leaves it: the balance and debt after its last
    /// operation, and the sums moved (added to the stored running totals).
    private struct Account {
        var balance: Int64
        var debt: Int64
        var spent: Int64 = 0
        var expired: Int64 = 0
        var reversed: Int64 = 0
        var appliedToDebt: Int64 = 0
        var shortfall: Int64 = 0
    }

    init(storeID: StoreID, now: Timestamp) {
        self.storeID = storeID
        self.now = now
    }

    /// Adds one operation's change, with the customer's book after it.
    mutating func add(customerKey: String, change: LedgerChange, book: LotBook) {
        for posting in change.postings {
            postings.append([
                .int(storeID), .text(posting.key), .text(posting.eventKey), .text(posting.kind.rawValue),
                .text(posting.debit.code), .text(posting.credit.code), .int(posting.points), .text(posting.lotKey),
                .text(posting.customerKey), .text(posting.reason), .int(posting.at.millisecondsSinceEpoch),
            ])
        }
        for key in change.eventKeys {
            applied.append([.int(storeID), .text(key), .text(customerKey), .int(now.millisecondsSinceEpoch)])
        }
        for lot in change.lots {
            if lots.updateValue(lot, forKey: lot.key) == nil { lotOrder.append(lot.key) }
        }
        var account = accounts[customerKey] ?? Account(balance: 0, debt: 0)
        if accounts[customerKey] == nil { accountOrder.append(customerKey) }
        account.balance = book.balance
        account.debt = change.debt
        for posting in change.postings {
            switch posting.kind {
            case .spend: account.spent += posting.points
            case .expire: account.expired += posting.points
            case .reverse: account.reversed += posting.points
            case .earn, .adjust: break
            }
        }
        account.appliedToDebt += change.debtSettled
        account.shortfall += change.shortfall
        accounts[customerKey] = account
    }

    /// Postings and applied keys in the order made, then each lot and account once, many rows a
    /// statement (`SQLRows`).
    func statements() -> [SQLStatement] {
        var lotRows = SQLRows(
            """
            INSERT INTO loyalty_lots (store_id, lot_key, customer_key, source, funding, points, spent, expired,
            reversed, applied_to_debt, clawed_back, shortfall, earned_at, available_at, expires_at, open) VALUES
            """, columns: 16,
            tail: """
                ON CONFLICT (store_id, lot_key) DO UPDATE SET spent = excluded.spent, expired = excluded.expired,
                reversed = excluded.reversed, applied_to_debt = excluded.applied_to_debt,
                clawed_back = excluded.clawed_back, shortfall = excluded.shortfall,
                available_at = excluded.available_at, expires_at = excluded.expires_at, open = excluded.open
                """)
        for key in lotOrder {
            guard let lot = lots[key] else { continue }
            lotRows.append([
                .int(storeID), .text(lot.key), .text(lot.customerKey), .text(lot.source), .text(lot.fundingAccount.code),
                .int(lot.points), .int(lot.spent), .int(lot.expired), .int(lot.reversed), .int(lot.appliedToDebt),
                .int(lot.clawedBack), .int(lot.shortfall), .int(lot.earnedAt.millisecondsSinceEpoch),
                lot.availableAt.map { .int($0.millisecondsSinceEpoch) } ?? .null,
                lot.expiresAt.map { .int($0.millisecondsSinceEpoch) } ?? .null, .int(lot.isOpen ? 1 : 0),
            ])
        }
        // The account row holds running totals: a new row starts from the batch's sums, an existing one adds them.
        var accountRows = SQLRows(
            """
            INSERT INTO loyalty_accounts (store_id, customer_key, balance, debt, spent, expired, reversed, applied_to_debt,
            shortfall, updated_at) VALUES
            """, columns: 10,
            tail: """
                ON CONFLICT (store_id, customer_key) DO UPDATE SET balance = excluded.balance, debt = excluded.debt,
                spent = loyalty_accounts.spent + excluded.spent, expired = loyalty_accounts.expired + excluded.expired,
                reversed = loyalty_accounts.reversed + excluded.reversed,
                applied_to_debt = loyalty_accounts.applied_to_debt + excluded.applied_to_debt,
                shortfall = loyalty_accounts.shortfall + excluded.shortfall, updated_at = excluded.updated_at
                """)
        for customerKey in accountOrder {
            guard let account = accounts[customerKey] else { continue }
            accountRows.append([
                .int(storeID), .text(customerKey), .int(account.balance), .int(account.debt), .int(account.spent),
                .int(account.expired), .int(account.reversed), .int(account.appliedToDebt), .int(account.shortfall),
                .int(now.millisecondsSinceEpoch),
            ])
        }
        return postings.statements() + applied.statements() + lotRows.statements() + accountRows.statements()
    }
}
