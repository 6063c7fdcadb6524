extension Schema {
    /// Version 9: `orders_by_customer` also carries the order key, currency, total and
    /// cancellation, so `encore metrics` reads a store's orders in customer then time order from
    /// the index alone. Without them every order read through the index cost a look-up in the
    /// orders table (a B-tree descent each: tens of seconds at ten million orders). The index
    /// keeps its name and its leading columns, so the look-ups of a customer's orders still use it,
    /// and an import maintains the same two B-trees as before.
    static let coveringOrdersByCustomer = [
        "DROP INDEX orders_by_customer",
        "CREATE INDEX orders_by_customer ON orders (store_id, customer_key, placed_at, order_key, currency, total, cancelled_at)",
    ]
}
