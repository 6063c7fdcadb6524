import HTTPTypes
import Hummingbird

/// The methods the router serves on each path pattern, to tell a path it does not know (404) from
/// a method it does not serve there (405, with the methods it does serve).
///
/// Built from `Router.routes` once every route is registered. A request path is matched the way
/// the router's trie matches it: segment by segment, a literal segment before a capture before a
/// wildcard, so the pattern that answers is the one the router would have chosen.
struct RouteMethods: Sendable {
    private struct Pattern: Sendable {
        var components: [RouterPath.Element]
        var methods: Set<HTTPRequest.Method>
    }

    private let patterns: [Pattern]

    init(_ routes: [Router<EncoreRequestContext>.RouteDescription]) {
        var byPath: [String: Pattern] = [:]
        for route in routes {
            byPath[route.path.description, default: Pattern(components: route.path.components, methods: [])]
                .methods.insert(route.method)
        }
        patterns = byPath.keys.sorted().map { byPath[$0]! }
    }

    /// The methods served on `path`, sorted; nil when no route has this path.
    func allowed(on path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: [Int]?
        var methods = Set<HTTPRequest.Method>()
        for pattern in patterns {
            guard let rank = Self.rank(pattern.components, segments) else { continue }
            if let current = best, current == rank {
                methods.formUnion(pattern.methods)
            } else if best.map({ $0.lexicographicallyPrecedes(rank) }) ?? true {
                best = rank
                methods = pattern.methods
            }
        }
        guard best != nil else { return nil }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }

    /// How specifically `components` match `segments` (one number per segment, larger is more
    /// specific), or nil when they do not match.
    private static func rank(_ components: [RouterPath.Element], _ segments: [Substring]) -> [Int]? {
        var rank: [Int] = []
        var index = 0
        for component in components {
            if component == .recursiveWildcard {
                rank.append(contentsOf: repeatElement(0, count: max(segments.count - index, 1)))
                return rank
            }
            guard index < segments.count, component ~= segments[index] else { return nil }
            if component == segments[index] {
                rank.append(3)  // a literal segment
            } else {
                rank.append(component == .wildcard ? 1 : 2)  // a capture, or a partial wildcard
            }
            index += 1
        }
        return index == segments.count ? rank : nil
    }
}
