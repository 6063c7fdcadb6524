import Foundation
import Hummingbird

/// Tables as CSV downloads (RFC 4180: every field quoted when it holds a comma, quote or line
/// break, quotes doubled; a field starting with = + - @ is prefixed with ' so a spreadsheet never
/// runs it as a formula).
enum CSVExport {
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func response(filename: String, header: [String], rows: [[String]]) -> Response {
        var headers = HTTPFields()
        AdminLayout.securityHeaders(into: &headers)
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) })\""
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: render(header: header, rows: rows))))
    }
}
