import EncoreCore
import Foundation
import Synchronization

/// Decoded store settings by their stored JSON: every page reads its store, and decoding the
/// same few hundred bytes with `JSONDecoder` on each request was 3% of a receipt page.
final class StoreSettingsCache: Sendable {
    static let shared = StoreSettingsCache()
    private let entries = Mutex<[String: StoreSettings]>([:])
    /// Distinct settings documents kept (one per store in practice); the cache is emptied past it.
    private let capacity = 1_024

    /// The settings this JSON holds, or nil if it does not decode.
    func decode(_ json: String) -> StoreSettings? {
        if let hit = entries.withLock({ $0[json] }) { return hit }
        guard let settings = try? JSONDecoder().decode(StoreSettings.self, from: Data(json.utf8)) else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[json] = settings
        }
        return settings
    }
}
