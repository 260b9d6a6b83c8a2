/// A PEM document (RFC 7468): a label, optional RFC 1421 headers, and the DER it carries.
///
/// ``PEMDocument/parseAll(_:)`` finds every `-----BEGIN …-----` / `-----END …-----` block in a
/// text, skipping anything around them (explanatory text, `openssl x509 -text` output), so
/// bundles and annotated files read as they are.
public struct PEMDocument: Hashable, Sendable {
    /// The label, e.g. `CERTIFICATE`, `X509 CRL`, `PRIVATE KEY`.
    public var label: String
    /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED` …), in order.
    public var headers: [Header]
    /// The decoded bytes.
    public var der: [UInt8]

    /// One `Name: value` header line.
    public struct Header: Hashable, Sendable {
        /// The header name.
        public var name: String
        /// The header value.
        public var value: String
        /// A header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A document with `label` and `der`.
    public init(label: String, der: [UInt8], headers: [Header] = []) {
        self.label = label
        self.der = der
        self.headers = headers
    }

    /// The single document in `text` (other text around it is ignored).
    ///
    /// - Throws: ``DERError/Rule/invalidPEM(_:)`` when there is no document or more than one.
    public init(pemString text: String) throws(DERError) {
        let documents = try Self.parseAll(text)
        guard documents.count == 1 else {
            throw DERError(.invalidPEM(documents.isEmpty ? "no BEGIN line" : "\(documents.count) documents"), at: 0)
        }
        self = documents[0]
    }

    /// Every document in `text`, in order.
    ///
    /// - Throws: ``DERError/Rule/invalidPEM(_:)`` with the byte offset (in the UTF-8 text) of a
    ///   BEGIN line without its END line, an END label that does not match, or a character that
    ///   is not base64.
    public static func parseAll(_ text: String) throws(DERError) -> [PEMDocument] {
        let bytes = Array(text.utf8)
        return try parseAll(bytes: bytes)
    }

    /// Every document in UTF-8 (or ASCII) `bytes`.
    public static func parseAll(bytes: [UInt8]) throws(DERError) -> [PEMDocument] {
        let lines = splitLines(bytes)
        var documents: [PEMDocument] = []
        var index = 0
        while index < lines.count {
            let (start, end) = lines[index]
            guard let label = boundaryLabel(bytes[start..<end], kind: "BEGIN") else {
                index += 1
                continue
            }
            let beginOffset = start
            index += 1
            // Headers: "Name: value" lines up to a blank line, only right after BEGIN.
            var headers: [Header] = []
            if index < lines.count, let first = header(bytes[lines[index].0..<lines[index].1]) {
                headers.append(first)
                index += 1
                while index < lines.count {
                    let line = bytes[lines[index].0..<lines[index].1]
                    index += 1
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { break }
                    if let next = header(line) {
                        headers.append(next)
                    } else if let previous = headers.popLast(), line.first == 0x20 || line.first == 0x09 {
                        // A continuation line.
                        let more = String(decoding: line, as: UTF8.self).trimmingSpaces
                        headers.append(Header(name: previous.name, value: previous.value + more))
                    } else {
                        throw DERError(.invalidPEM("malformed header"), at: lines[index - 1].0)
                    }
                }
            }
            var body: [UInt8] = []
            var bodyStart = -1
            var found = false
            while index < lines.count {
                let (lineStart, lineEnd) = lines[index]
                index += 1
                if let endLabel = boundaryLabel(bytes[lineStart..<lineEnd], kind: "END") {
                    guard endLabel == label else {
                        throw DERError(.invalidPEM("END \(endLabel) does not match BEGIN \(label)"), at: lineStart)
                    }
                    found = true
                    break
                }
                if bodyStart < 0 { bodyStart = lineStart }
                body.append(contentsOf: bytes[lineStart..<lineEnd])
                body.append(0x0A)
            }
            guard found else { throw DERError(.invalidPEM("BEGIN \(label) without END"), at: beginOffset) }
            switch Base64.decode(body) {
            case .success(let der): documents.append(PEMDocument(label: label, der: der, headers: headers))
            case .failure(let failure):
                throw DERError(
                    .invalidPEM("not base64"),
                    at: Self.offset(ofBodyPosition: failure.position, lines: lines, from: bodyStart, bytes: bytes))
            }
        }
        return documents
    }

    /// The document as PEM text: BEGIN line, headers, base64 in 64-character lines, END line.
    public var pemString: String {
        var text = "-----BEGIN \(label)-----\n"
        if !headers.isEmpty {
            for header in headers { text += "\(header.name): \(header.value)\n" }
            text += "\n"
        }
        let encoded = Array(Base64.encode(der).utf8)
        var start = 0
        while start < encoded.count {
            let end = Swift.min(start + 64, encoded.count)
            text += String(decoding: encoded[start..<end], as: UTF8.self) + "\n"
            start = end
        }
        return text + "-----END \(label)-----\n"
    }

    /// Whether `bytes` look like PEM (contain a BEGIN line) rather than DER.
    public static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == 0x2D {
            if bytes[start..<(start + marker.count)].elementsEqual(marker) { return true }
        }
        return false
    }

    // MARK: Lines

    static func splitLines(_ bytes: [UInt8]) -> [(Int, Int)] {
        var lines: [(Int, Int)] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append((start, index > start && bytes[index - 1] == 0x0D ? index - 1 : index))
            start = index + 1
        }
        if start < bytes.count { lines.append((start, bytes.count)) }
        return lines
    }

    static func boundaryLabel(_ line: ArraySlice<UInt8>, kind: String) -> String? {
        let text = String(decoding: line, as: UTF8.self).trimmingSpaces
        let prefix = "-----\(kind) "
        guard text.hasPrefix(prefix), text.hasSuffix("-----"), text.count >= prefix.count + 5 else { return nil }
        let label = text.dropFirst(prefix.count).dropLast(5)
        guard !label.isEmpty, !label.hasPrefix("-"), !label.hasSuffix("-") else { return nil }
        return String(label)
    }

    static func header(_ line: ArraySlice<UInt8>) -> Header? {
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { return nil }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
        guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces
        return Header(name: name, value: value)
    }

    static func offset(ofBodyPosition position: Int, lines: [(Int, Int)], from bodyStart: Int, bytes: [UInt8]) -> Int {
        // Body positions count the joined lines each followed by one "\n".
        var remaining = position
        for (start, end) in lines where start >= bodyStart {
            let length = end - start + 1
            if remaining < length { return start + remaining }
            remaining -= length
        }
        return bytes.count
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) ?? first
        return String(scalars[first...last])
    }
}
