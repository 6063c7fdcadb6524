import EncoreCore
import Synchronization

/// Token buckets per key ("ip:…", "token:…") for the public POST routes: each key may make
/// `burst` requests at once and `perMinute` a minute after that. In memory, per process: with
/// several instances behind a balancer each enforces its own share.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Int64
    }

    let burst: Double
    let perMinute: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Buckets kept before idle ones are swept.
    private let maxKeys = 100_000

    init(burst: Int, perMinute: Int) {
        self.burst = Double(burst)
        self.perMinute = Double(perMinute)
    }

    /// Takes one request from every key's bucket if all have one; otherwise takes none and
    /// returns the seconds until the emptiest has one again.
    func take(_ keys: [String], now: Timestamp) -> Int? {
        let at = now.millisecondsSinceEpoch
        let perMillisecond = perMinute / 60_000
        return buckets.withLock { buckets in
            if buckets.count > maxKeys {
                buckets = buckets.filter { Double(at - $0.value.updated) * perMillisecond < burst }
            }
            var refilled: [(String, Bucket)] = []
            var wait: Double = 0
            for key in keys {
                var bucket = buckets[key] ?? Bucket(tokens: burst, updated: at)
                bucket.tokens = min(burst, bucket.tokens + Double(max(0, at - bucket.updated)) * perMillisecond)
                bucket.updated = at
                if bucket.tokens < 1 { wait = max(wait, (1 - bucket.tokens) / perMillisecond / 1000) }
                refilled.append((key, bucket))
            }
            if wait > 0 {
                for (key, bucket) in refilled { buckets[key] = bucket }
                return max(1, Int(wait.rounded(.up)))
            }
            for (key, var bucket) in refilled {
                bucket.tokens -= 1
                buckets[key] = bucket
            }
            return nil
        }
    }
}
