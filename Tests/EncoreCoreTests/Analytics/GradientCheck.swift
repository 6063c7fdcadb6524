import Testing

/// Checks an analytic gradient against central finite differences (step 1e-6 of each parameter).
func expectGradient(
    _ gradient: [Double], of f: ([Double]) -> Double, at p: [Double], _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for i in p.indices {
        var up = p
        var down = p
        let h = 1e-6 * p[i]
        up[i] += h
        down[i] -= h
        let numeric = (f(up) - f(down)) / (2 * h)
        #expect(
            abs(gradient[i] - numeric) < 1e-5 * max(1, abs(numeric)), "\(label), parameter \(i): \(gradient[i]) vs \(numeric)",
            sourceLocation: sourceLocation)
    }
}
