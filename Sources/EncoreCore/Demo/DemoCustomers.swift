extension DemoGenerator.Iterator {
    /// The customer record of a shopper, created a few minutes before their first order
    /// (an account opened at checkout), with consents as they stand at `end`.
    ///
    /// E-mail addresses use example.com (RFC 2606) and phone numbers the ranges reserved for
    /// fiction, so the demo can never reach a real person.
    func makeCustomer(_ shopper: inout DemoShopper) -> Customer {
        let region = DemoRegion.all[shopper.region]
        let first = region.firstNames[shopper.random.int(below: region.firstNames.count)]
        let last = region.lastNames[shopper.random.int(below: region.lastNames.count)]
        let email = first.ascii + "." + last.ascii + "." + String(shopper.number) + "@example.com"
        let phone = shopper.random.chance(region.phoneShare) ? makePhone(region, &shopper.random) : nil
        let localeIndex = shopper.random.pick(DemoWeights(region.locales.map(\.1)))
        let createdAt = shopper.nextAt - Int64(shopper.random.int(in: 30...900)) * 1000
        let created = Timestamp(millisecondsSinceEpoch: createdAt)

        var consents = [Consent(channel: .email, purpose: .transactional, granted: true, updatedAt: created)]
        if shopper.random.chance(0.65) {
            // Some who opted in at checkout unsubscribe later.
            let after = Int64(shopper.random.exponential(rate: 1.0 / 150) * DemoGenerator.Iterator.msPerDay)
            if shopper.random.chance(0.08) && createdAt + after <= endMs {
                consents.append(
                    Consent(
                        channel: .email, purpose: .marketing, granted: false,
                        updatedAt: Self.stamp(createdAt + after)))
            } else {
                consents.append(Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: created))
            }
        } else {
            consents.append(Consent(channel: .email, purpose: .marketing, granted: false, updatedAt: created))
        }
        if phone != nil {
            consents.append(Consent(channel: .sms, purpose: .transactional, granted: true, updatedAt: created))
            consents.append(
                Consent(
                    channel: .sms, purpose: .marketing, granted: shopper.random.chance(0.43), updatedAt: created))
        }
        return Customer(
            storeID: storeID, key: shopper.key, email: email, phone: phone, firstName: first.display,
            lastName: last.display, timeZone: region.zone.identifier, locale: region.locales[localeIndex].0,
            consents: consents, createdAt: created)
    }

    /// A number from the region's range reserved for drama and fiction, in E.164.
    func makePhone(_ region: DemoRegion, _ random: inout DemoRandom) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        switch region.phone {
        case .none:
            return nil
        case .northAmerica:
            bytes.append(contentsOf: "+1".utf8)
            DemoKeys.appendDigits(region.areaCodes[random.int(below: region.areaCodes.count)], width: 3, to: &bytes)
            bytes.append(contentsOf: "55501".utf8)
            DemoKeys.randomDigits(2, using: &random, into: &bytes)
        case .unitedKingdom:
            bytes.append(contentsOf: "+447700900".utf8)
            DemoKeys.randomDigits(3, using: &random, into: &bytes)
        case .france:
            bytes.append(contentsOf: "+3363998".utf8)
            DemoKeys.randomDigits(4, using: &random, into: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
