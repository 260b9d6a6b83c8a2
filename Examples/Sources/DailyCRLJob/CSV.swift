import Foundation

/// Just enough CSV (RFC 4180) for the job's input and output: comma-separated fields, quoted
/// when they hold a comma, a quote or a line break, quotes doubled inside quotes.
enum CSV {
    /// The fields of one line; `nil` when a quoted field is not closed.
    static func fields(of line: Substring) -> [String]? {
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if inQuotes {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        field.append("\"")
                        index = next
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                inQuotes = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
            index = line.index(after: index)
        }
        guard !inQuotes else { return nil }
        fields.append(field)
        return fields
    }

    /// One line of `fields`, quoted where needed, ending with CRLF as RFC 4180 says.
    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// `field`, quoted when it holds a comma, a quote or a line break.
    static func escape(_ field: String) -> String {
        // "\r\n" is one Character in Swift: `isNewline` covers it, "\n" and "\r".
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
