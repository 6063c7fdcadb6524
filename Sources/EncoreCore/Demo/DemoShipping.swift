/// A shipment's timeline as of `end`, with the instants the after-sales steps depend on.
struct DemoDelivery {
    var shipment: Shipment
    /// When it was delivered, if it was by `end`.
    var deliveredAt: Int64?
    /// When it got back to the roastery, if it did by `end`.
    var returnedToSenderAt: Int64?
    /// Delivered after the estimate.
    var late: Bool
}

extension DemoGenerator.Iterator {
    /// The parcel of an order: label, pickup, a hub scan on longer trips, out for delivery and
    /// delivered on the promised day (a quarter of them a day early), in daytime in the
    /// customer's time zone. About 5% arrive one to four days late, 1% after a failed attempt
    /// the next day, and 2% hit an exception: 40% of those go back to the sender, the others
    /// arrive two to five days late. Checkpoints after `end` are not there yet.
    mutating func ship(_ order: Order, label: Int64, shopper: inout DemoShopper) -> DemoDelivery {
        let region = DemoRegion.all[shopper.region]
        let zone = region.zone
        let city = region.cities[shopper.city]
        let carriers = region.domestic ? DemoCarrier.domesticWeights : DemoCarrier.internationalWeights
        let carrier = DemoCarrier(rawValue: shopper.random.pick(carriers))!
        let nominal = shopper.random.int(in: carrier.transitDays(domestic: region.domestic))
        shipmentCount += 1
        let labelMidnight = zone.localMidnight(containing: label)
        func local(_ day: Int, _ hours: ClosedRange<Double>, _ random: inout DemoRandom) -> Int64 {
            zone.utc(fromLocal: labelMidnight + Int64(day) * 86_400_000 + Int64(random.uniform(hours) * Self.msPerHour))
        }
        let estimated = zone.utc(fromLocal: labelMidnight + Int64(nominal) * 86_400_000 + 20 * 3_600_000)

        var points: [ShipmentCheckpoint] = []
        points.reserveCapacity(7)
        func add(_ status: ShipmentStatus, _ at: Int64, _ location: String, _ message: String) {
            let earliest = (points.last?.at.millisecondsSinceEpoch ?? Int64.min / 2) + 30 * 60_000
            points.append(
                ShipmentCheckpoint(
                    status: status, at: Self.stamp(Swift.max(at, earliest)), location: location,
                    message: message))
        }
        add(.labelCreated, label, DemoRegion.warehouseLocation, "Shipping label created")
        let pickup = label + Int64(shopper.random.uniform(5...14) * Self.msPerHour)
        add(.inTransit, pickup, DemoRegion.warehouseLocation, "Picked up by \(carrier.name)")
        if nominal >= 3 {
            add(.inTransit, pickup + Int64(shopper.random.uniform(16...30) * Self.msPerHour), carrier.hub,
                "Arrived at sort facility")
        }
        var late = false
        var deliveryDay = nominal
        let outcome = shopper.random.uniform()
        var returnedToSender = false
        if outcome < 0.02 {
            let lastAt = points[points.count - 1].at.millisecondsSinceEpoch
            let message = !region.domestic && shopper.random.chance(0.4)
                ? DemoCarrier.customsMessage
                : DemoCarrier.exceptionMessages[shopper.random.int(below: DemoCarrier.exceptionMessages.count)]
            add(.exception, lastAt + Int64(shopper.random.uniform(8...30) * Self.msPerHour), carrier.hub, message)
            if shopper.random.chance(0.4) {
                returnedToSender = true
                let at = points[points.count - 1].at.millisecondsSinceEpoch
                add(.returnedToSender, at + Int64(shopper.random.uniform(3...8) * Self.msPerDay),
                    DemoRegion.warehouseLocation, "Returned to sender")
            } else {
                deliveryDay = nominal + shopper.random.int(in: 2...5)
                late = true
            }
        } else if outcome < 0.03 {
            add(.outForDelivery, local(nominal, 7...9.5, &shopper.random), city, "Out for delivery")
            add(.failedAttempt, local(nominal, 11...18, &shopper.random), city,
                "Delivery attempted: no one available")
            deliveryDay = nominal + 1
            late = true
        } else if outcome < 0.08 {
            deliveryDay = nominal + shopper.random.int(in: 1...4)
            late = true
        } else if nominal > 2 && shopper.random.chance(0.25) {
            deliveryDay = nominal - 1
        }
        var deliveredAt: Int64?
        if !returnedToSender {
            add(.outForDelivery, local(deliveryDay, 7...9.5, &shopper.random), city, "Out for delivery")
            let message = DemoCarrier.deliveredMessages[shopper.random.int(below: DemoCarrier.deliveredMessages.count)]
            add(.delivered, local(deliveryDay, 10...19.5, &shopper.random), city, message)
            deliveredAt = points[points.count - 1].at.millisecondsSinceEpoch
        }
        let returnedAt = returnedToSender ? points[points.count - 1].at.millisecondsSinceEpoch : nil
        let tracking = carrier.trackingNumber(sequence: shipmentCount, random: &shopper.random)
        points.removeAll { $0.at.millisecondsSinceEpoch > endMs }
        let shipment = Shipment(
            storeID: storeID, key: DemoKeys.make("demo-s", shipmentCount, width: 6), orderKey: order.key,
            carrier: carrier.name, trackingNumber: tracking,
            estimatedDelivery: Timestamp(millisecondsSinceEpoch: estimated), checkpoints: points)
        return DemoDelivery(
            shipment: shipment, deliveredAt: deliveredAt.flatMap { $0 <= endMs ? $0 : nil },
            returnedToSenderAt: returnedAt.flatMap { $0 <= endMs ? $0 : nil }, late: late)
    }
}
