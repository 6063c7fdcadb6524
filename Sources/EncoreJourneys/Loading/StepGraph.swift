/// The steps as a graph of "continues at" edges, for finding loops that never pause.
struct StepGraph {
    let steps: [JourneyStep]

    /// Where execution may go after step `index` without pausing. `wait` and `wait_for` steps
    /// have no edges here: a loop through them pauses, so it is allowed.
    func successors(of index: Int) -> [Int] {
        let step = steps[index]
        var targets: [GotoTarget]
        switch step.kind {
        case .wait, .waitFor, .exit: return []
        case .send, .update, .webhook: targets = [.next]
        case .branch(let branch): targets = branch.cases.map(\.goto) + [branch.otherwise]
        case .split(let arms): targets = arms.map(\.goto)
        }
        return targets.compactMap { target in
            switch target {
            case .exit: nil
            case .next: index + 1 < steps.count ? index + 1 : nil
            case .step(let id): steps.firstIndex { $0.id == id }
            }
        }
    }

    /// Each strongly connected set of steps that can loop without passing a wait, as step
    /// indices in order, first step first (Tarjan's algorithm).
    func loopsWithoutPause() -> [[Int]] {
        var index = 0
        var indices = [Int?](repeating: nil, count: steps.count)
        var lowLinks = [Int](repeating: 0, count: steps.count)
        var onStack = [Bool](repeating: false, count: steps.count)
        var stack: [Int] = []
        var loops: [[Int]] = []

        func connect(_ v: Int) {
            indices[v] = index
            lowLinks[v] = index
            index += 1
            stack.append(v)
            onStack[v] = true
            let next = successors(of: v)
            for w in next {
                if indices[w] == nil {
                    connect(w)
                    lowLinks[v] = min(lowLinks[v], lowLinks[w])
                } else if onStack[w] {
                    lowLinks[v] = min(lowLinks[v], indices[w]!)
                }
            }
            if lowLinks[v] == indices[v] {
                var component: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    component.append(w)
                    if w == v { break }
                }
                if component.count > 1 || next.contains(v) { loops.append(component.sorted()) }
            }
        }
        for v in steps.indices where indices[v] == nil { connect(v) }
        return loops.sorted { $0[0] < $1[0] }
    }
}
