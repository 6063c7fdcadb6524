/// A cheap, synchronous look at whether anything was committed to the database: what a cache
/// of rendered pages asks before serving a copy.
///
/// `generation()` returns a number that differs from every earlier answer of the same watch
/// once any connection, in this process or another, has committed a change since; while nothing
/// is committed it returns the same number. Read it *before* reading what a cache entry is made
/// of, so an entry can only ever be marked older than its content, never newer. Nil means the
/// watch cannot tell (the database could not be asked), and callers must not serve a copy.
public protocol CommitWatch: Sendable {
    func generation() -> Int64?
}
