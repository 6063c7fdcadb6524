import EncoreCore
import Foundation

/// The journey map as an inline SVG: one column per stage (its customers, drop-off and emotion),
/// its busiest touchpoints as bars coloured by emotion (red below zero, green above, grey without
/// feedback), and the emotion of each stage joined by a line. Presentation attributes only (the
/// admin's policy allows no inline styles); a `<title>` and `<desc>` name it for screen readers,
/// and the page puts the same figures in a table beside it.
enum JourneyMapSVG {
    static let columnWidth = 150
    static let top = 120
    static let rowHeight = 34
    static let shown = 6

    static func render(_ map: JourneyMap, id: String) -> HTML {
        let stages = map.stages
        let width = columnWidth * stages.count + 20
        let rows = min(shown, stages.map(\.touchpoints.count).max() ?? 0)
        let height = top + max(1, rows) * rowHeight + 30
        var parts: [HTML] = []
        var points: [String] = []
        for (i, stage) in stages.enumerated() {
            let x = 10 + i * columnWidth
            let drop = stage.dropOff.map { "drop-off \(Int(($0 * 100).rounded()))%" } ?? ""
            parts.append(
                """
                <g><rect x="\(x)" y="10" width="\(columnWidth - 8)" height="\(height - 20)" rx="6" fill="#f4f6f8" stroke="#d0d0d0"/>
                <text x="\(x + 8)" y="30" font-size="13" font-weight="700" fill="#1a1a1a">\(Self.label(stage.stage))</text>
                <text x="\(x + 8)" y="48" font-size="12" fill="#555">\(stage.customers) customers</text>
                <text x="\(x + 8)" y="64" font-size="12" fill="#555">\(drop)</text></g>
                """)
            if let e = stage.emotion {
                let y = 100 - Int((e * 22).rounded())
                points.append("\(x + (columnWidth - 8) / 2),\(y)")
                parts.append(
                    "<circle cx=\"\(x + (columnWidth - 8) / 2)\" cy=\"\(y)\" r=\"4\" fill=\"\(Self.colour(e))\"><title>\(Self.label(stage.stage)): emotion \(Self.signed(e))</title></circle>"
                )
            }
            let busiest = stage.touchpoints.prefix(shown)
            let most = max(1, busiest.map(\.volume).max() ?? 1)
            for (row, t) in busiest.enumerated() {
                let y = top + row * rowHeight
                let barWidth = max(4, (columnWidth - 24) * t.volume / most)
                let emotion = t.emotion.map { ", emotion \(Self.signed($0))" } ?? ", no feedback"
                parts.append(
                    """
                    <g><title>\(t.id) (\(t.channel)): \(t.volume) visits, \(t.customers) customers\(emotion)</title>
                    <rect x="\(x + 8)" y="\(y)" width="\(barWidth)" height="12" rx="2" fill="\(t.emotion.map(Self.colour) ?? "#9e9e9e")"/>
                    <text x="\(x + 8)" y="\(y + 25)" font-size="10" fill="#1a1a1a">\(Self.short(t.id)) · \(t.volume)</text></g>
                    """)
            }
        }
        let line: HTML =
            points.count > 1 ? "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#0b57d0\" stroke-width=\"2\"/>" : .empty
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="100%" role="img" aria-labelledby="\(id)-title \(id)-desc">
            <title id="\(id)-title">Journey map: \(map.persona), \(map.customers) customers</title>
            <desc id="\(id)-desc">Each column is a stage with its customers and drop-off; bars are its busiest touchpoints by visits, red where feedback is negative and green where positive; the line joins the stages' emotion. The table below holds the same figures.</desc>
            <line x1="10" y1="100" x2="\(width - 10)" y2="100" stroke="#d0d0d0" stroke-dasharray="4 4"/>
            \(line)\(parts)
            </svg>
            """
    }

    /// Red at -1, grey at 0, green at +1 (each dark enough to read on the light column).
    static func colour(_ e: Double) -> String {
        if e <= -0.2 { return "#b3261e" }
        if e < 0.2 { return "#8a6d00" }
        return "#1e7d34"
    }

    static func label(_ stage: JourneyStage) -> String {
        switch stage {
        case .purchase: "Purchase"
        case .wow: "WOW window"
        case .fulfilment: "Fulfilment"
        case .onboarding: "Onboarding"
        case .followUp: "Follow-up"
        case .loyalty: "Loyalty"
        case .repurchase: "Repurchase"
        case .advocacy: "Advocacy"
        }
    }

    /// A touchpoint id short enough for its column.
    static func short(_ id: String) -> String {
        let tail = id.split(separator: ":", maxSplits: 1).last.map(String.init) ?? id
        return tail.count > 20 ? String(tail.prefix(19)) + "…" : tail
    }

    static func signed(_ e: Double) -> String { String(format: "%+.2f", e) }
}
