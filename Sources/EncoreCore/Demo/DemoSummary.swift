/// Counts and sums over a generated demo store, for the command line and for tests.
public struct DemoSummary: Sendable, Equatable, CustomStringConvertible {
    /// Number of batches added.
    public var batches = 0
    /// Customer records.
    public var customers = 0
    /// Product records.
    public var products = 0
    /// Orders, cancelled ones included.
    public var orders = 0
    /// Order lines.
    public var lineItems = 0
    /// Shipments, whatever their status.
    public var shipments = 0
    /// Shipments whose latest checkpoint is "delivered".
    public var deliveredShipments = 0
    /// Refund records.
    public var refunds = 0
    /// Return records.
    public var returns = 0
    /// Orders with a cancellation date.
    public var cancelledOrders = 0
    /// Customers with more than one order.
    public var repeatCustomers = 0
    /// Sum of totals of orders not cancelled, minor units.
    public var revenue: Int64 = 0
    /// Sum of refunds, minor units.
    public var refunded: Int64 = 0
    /// Orders per sales channel.
    public var ordersByChannel: [SalesChannel: Int] = [:]

    private var ordersByCustomer: [String: Int] = [:]

    /// An empty summary.
    public init() {}

    /// The summary of every batch of `generator`.
    public init(_ generator: DemoGenerator) {
        self.init()
        for batch in generator { add(batch) }
    }

    /// Adds one batch.
    public mutating func add(_ batch: IngestBatch) {
        batches += 1
        customers += batch.customers.count
        products += batch.products.count
        orders += batch.orders.count
        shipments += batch.shipments.count
        refunds += batch.refunds.count
        returns += batch.returns.count
        for order in batch.orders {
            lineItems += order.lines.count
            ordersByChannel[order.channel, default: 0] += 1
            if order.cancelledAt != nil {
                cancelledOrders += 1
            } else {
                revenue += order.total
            }
            if let customer = order.customerKey {
                let count = ordersByCustomer[customer, default: 0] + 1
                ordersByCustomer[customer] = count
                if count == 2 { repeatCustomers += 1 }
            }
        }
        for shipment in batch.shipments where shipment.status == .delivered { deliveredShipments += 1 }
        for refund in batch.refunds { refunded += refund.amount }
    }

    /// Orders per customer who ordered.
    public var ordersPerCustomer: Double {
        ordersByCustomer.isEmpty ? 0 : Double(orders) / Double(ordersByCustomer.count)
    }

    /// One line of counts, e.g. for the command line.
    public var description: String {
        let channels = SalesChannel.allCases.map { "\($0.rawValue) \(ordersByChannel[$0, default: 0])" }
        return "\(customers) customers, \(products) products, \(orders) orders (\(cancelledOrders) cancelled; "
            + channels.joined(separator: ", ") + "), \(lineItems) lines, \(shipments) shipments "
            + "(\(deliveredShipments) delivered), \(returns) returns, \(refunds) refunds, "
            + "\(repeatCustomers) repeat customers, revenue \(revenue), refunded \(refunded) in \(batches) batches"
    }

    /// Share of ordering customers who ordered more than once.
    public var repeatRate: Double {
        ordersByCustomer.isEmpty ? 0 : Double(repeatCustomers) / Double(ordersByCustomer.count)
    }
}
