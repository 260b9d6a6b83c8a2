import JPKIASN1

/// The tree `jpki asn1 dump` prints: every element of a DER input with its position and, for
/// primitive universal types, its decoded value.
struct DERDump: Encodable {
    /// One element.
    struct Node: Encodable {
        var offset: Int
        var depth: Int
        var headerLength: Int
        var length: Int
        var constructed: Bool
        var tag: String
        var tagClass: String
        var tagNumber: UInt32
        var value: String?
        var children: [Node]?
    }

    /// The outermost element(s) read before the end or the first error.
    var nodes: [Node] = []
    /// The first rule broken, if any.
    var error: DERError?

    enum CodingKeys: String, CodingKey { case nodes, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes, forKey: .nodes)
        if let error {
            try container.encode(["rule": error.rule.description, "offset": String(error.offset)], forKey: .error)
        }
    }

    /// Reads `der` as far as it is valid.
    init(der: [UInt8]) {
        let outcome: Result<[Node], DumpFailure> = der.withUnsafeBytes { raw in
            var collected: [Node] = []
            do throws(DERError) {
                var reader = try DERReader(unsafeBytes: raw)
                guard let root = try reader.next() else { throw DERError(.truncated, at: 0) }
                collected.append(Node(root, depth: 0))
                try Self.fill(&collected[0], from: root, in: reader)
                try reader.finish()
                return .success(collected)
            } catch {
                return .failure(DumpFailure(partial: collected, error: error))
            }
        }
        switch outcome {
        case .success(let nodes): self.nodes = nodes
        case .failure(let failure):
            nodes = failure.partial
            error = failure.error
        }
    }

    private struct DumpFailure: Error {
        var partial: [Node]
        var error: DERError
    }

    /// Decodes `node`'s value or descends into its children, appending what it reads to `entry`
    /// before it throws, so a partial tree survives an error.
    private static func fill(_ entry: inout Node, from node: DERNode, in reader: DERReader) throws(DERError) {
        if node.tag.isConstructed {
            var children = try reader.children(of: node)
            entry.children = []
            while let child = try children.next() {
                entry.children?.append(Node(child, depth: entry.depth + 1))
                let last = (entry.children?.count ?? 1) - 1
                var childEntry = entry.children?[last] ?? Node(child, depth: entry.depth + 1)
                defer { entry.children?[last] = childEntry }
                try fill(&childEntry, from: child, in: children)
            }
        } else {
            try DERContentRules.check(node, content: reader.content(of: node))
            entry.value = describeValue(node, in: reader)
        }
    }

    /// The text of a primitive value: numbers, identifiers with their names, strings, times,
    /// and hexadecimal for octets.
    static func describeValue(_ node: DERNode, in reader: DERReader) -> String? {
        let content = reader.content(of: node)
        guard node.tag.tagClass == .universal else { return hex(content) }
        switch ASN1UniversalType(rawValue: node.tag.number) {
        case .boolean: return content.first == 0xFF ? "TRUE" : "FALSE"
        case .integer, .enumerated:
            if let small = try? reader.integer(node, as: Int64.self, tag: node.tag) {
                return content.count > 2 ? "\(small) (0x\(Hex.encode(content)))" : "\(small)"
            }
            return "0x" + Hex.encode(content)
        case .null: return nil
        case .objectIdentifier:
            let identifier = ASN1ObjectIdentifier(validatedContent: content)
            return identifier.name.map { "\(identifier) (\($0))" } ?? identifier.description
        case .utcTime, .generalizedTime:
            return (try? ASN1Time(content: content, tag: node.tag, at: node.offset))?.description
        case .bitString:
            guard let unused = content.first else { return nil }
            let bits = hex(UnsafeRawBufferPointer(rebasing: content.dropFirst()))
            return unused == 0 ? bits : "\(bits) (\(unused) unused bits)"
        default:
            if let kind = ASN1CharacterString.Kind(tag: node.tag) { return kind.decode(content) }
            return hex(content)
        }
    }

    private static func hex(_ content: UnsafeRawBufferPointer) -> String {
        let limit = 48
        if content.count <= limit { return Hex.encode(content) }
        return Hex.encode(content.prefix(limit)) + "… (\(content.count) bytes)"
    }

    /// The tree as text, one element a line, like `openssl asn1parse -i`:
    /// `offset:d=depth hl=header l=length cons|prim: <indent>TAG :value`.
    var text: String {
        var lines: [String] = []
        func emit(_ node: Node) {
            let offset = String(repeating: " ", count: max(0, 5 - String(node.offset).count)) + String(node.offset)
            let length = String(repeating: " ", count: max(0, 4 - String(node.length).count)) + String(node.length)
            var line = "\(offset):d=\(node.depth)  hl=\(node.headerLength) l=\(length) "
            line += node.constructed ? "cons: " : "prim: "
            line += String(repeating: " ", count: node.depth) + node.tag
            if let value = node.value {
                let pad = max(1, 18 - node.tag.count)
                line += String(repeating: " ", count: pad) + ":" + value
            }
            lines.append(line)
            for child in node.children ?? [] { emit(child) }
        }
        for node in nodes { emit(node) }
        return lines.joined(separator: "\n")
    }
}

extension DERDump.Node {
    init(_ node: DERNode, depth: Int) {
        self.init(
            offset: node.offset, depth: depth, headerLength: node.headerLength, length: node.contentLength,
            constructed: node.tag.isConstructed, tag: node.tag.description,
            tagClass: Self.className(node.tag.tagClass), tagNumber: node.tag.number, value: nil, children: nil)
    }

    static func className(_ tagClass: ASN1Tag.TagClass) -> String {
        switch tagClass {
        case .universal: return "universal"
        case .application: return "application"
        case .contextSpecific: return "context-specific"
        case .private: return "private"
        }
    }
}
