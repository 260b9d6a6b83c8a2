import Foundation

/// A signature dictionary (ISO 32000-1 §12.8.1, Table 252), as read: every entry kept as found,
/// so that verification can say what is wrong with it. `/Type` may be missing (real signers
/// omit it).
public struct PDFSignatureDictionary: Hashable, Sendable {
    /// The indirect object holding it, when it is one.
    public var reference: PDFReference?
    /// The dictionary itself.
    public var dictionary: PDFDictionary

    /// `/Type`: `Sig`, `DocTimeStamp`, or absent.
    public var type: PDFName? { dictionary.type }
    /// `/Filter` (`Adobe.PPKLite`).
    public var filter: PDFName? { dictionary["Filter"]?.name }
    /// `/SubFilter`: `ETSI.CAdES.detached`, `adbe.pkcs7.detached`, `ETSI.RFC3161`, …
    public var subFilter: PDFName? { dictionary["SubFilter"]?.name }
    /// `/Contents`: the CMS (or timestamp token) and, in its ``PDFString/span``, where the string
    /// lies in the file.
    public var contents: PDFObject? { dictionary["Contents"] }
    /// `/ByteRange`, as found.
    public var byteRange: PDFObject? { dictionary["ByteRange"] }
    /// `/M`: the signing time the signer claims.
    public var signingTime: Date? { dictionary["M"]?.string.flatMap { PDFDate.parse($0.bytes) } }
    /// `/Name`.
    public var signerName: String? { dictionary["Name"]?.string?.text }
    /// `/Reason`.
    public var reason: String? { dictionary["Reason"]?.string?.text }
    /// `/Location`.
    public var location: String? { dictionary["Location"]?.string?.text }
    /// `/ContactInfo`.
    public var contactInfo: String? { dictionary["ContactInfo"]?.string?.text }

    /// Whether it is a document timestamp (`/Type /DocTimeStamp` or `/SubFilter /ETSI.RFC3161`).
    public var isDocumentTimestamp: Bool { type == "DocTimeStamp" || subFilter == "ETSI.RFC3161" }
}

/// A signature field of the interactive form (`/FT /Sig`), and the signature in it when it is
/// signed.
public struct PDFSignatureField: Hashable, Sendable {
    /// The fully qualified field name (`/T` of the field and its ancestors, joined by `.`).
    public var name: String
    /// The field's object, when indirect.
    public var reference: PDFReference?
    /// The signature (`/V`), or `nil` for an empty field.
    public var signature: PDFSignatureDictionary?
}

extension PDFDocument {
    /// The signature fields of the interactive form (`/Root /AcroForm /Fields`, with `/Kids`)
    /// as of `revision` (the newest when `nil`), in the order of the form.
    ///
    /// - Throws: ``PDFError`` when the form's structure cannot be read.
    public func signatureFields(asOf revision: Int? = nil) throws(PDFError) -> [PDFSignatureField] {
        let catalog = try catalog(asOf: revision)
        guard let form = try resolve(catalog["AcroForm"] ?? .null, asOf: revision).dictionary else { return [] }
        guard let fields = try resolve(form["Fields"] ?? .null, asOf: revision).array else { return [] }
        var result: [PDFSignatureField] = []
        var visited: Set<PDFReference> = []
        for field in fields {
            try collectSignatureFields(
                field, parentName: nil, inheritedType: nil, depth: 0, revision: revision, visited: &visited,
                into: &result)
        }
        return result
    }

    private func collectSignatureFields(
        _ object: PDFObject, parentName: String?, inheritedType: PDFName?, depth: Int, revision: Int?,
        visited: inout Set<PDFReference>, into result: inout [PDFSignatureField]
    ) throws(PDFError) {
        guard depth <= limits.maximumDepth else {
            throw PDFError(
                .nestingTooDeep(limit: limits.maximumDepth), at: object.reference.flatMap { offset(of: $0) } ?? 0)
        }
        if let reference = object.reference {
            guard visited.insert(reference).inserted else { return }  // a field listed twice, or a /Kids loop
        }
        guard let field = try resolve(object, asOf: revision).dictionary else { return }
        let partial = field["T"]?.string?.text
        let name = [parentName, partial].compactMap { $0 }.joined(separator: ".")
        let type = field["FT"]?.name ?? inheritedType
        if let kids = try resolve(field["Kids"] ?? .null, asOf: revision).array,
            kids.contains(where: { kid in
                // Kids that are fields (they have /T) make this a non-terminal field; kids
                // without /T are its widgets.
                ((try? resolve(kid, asOf: revision).dictionary?["T"]) ?? nil) != nil
            })
        {
            for kid in kids {
                try collectSignatureFields(
                    kid, parentName: name.isEmpty ? nil : name, inheritedType: type, depth: depth + 1,
                    revision: revision, visited: &visited, into: &result)
            }
            return
        }
        guard type == "Sig" else { return }
        var signature: PDFSignatureDictionary?
        if let value = field["V"] {
            if let dictionary = try resolve(value, asOf: revision).dictionary {
                signature = PDFSignatureDictionary(reference: value.reference, dictionary: dictionary)
            }
        }
        result.append(PDFSignatureField(name: name, reference: object.reference, signature: signature))
    }
}

/// PDF dates (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`.
public enum PDFDate {
    /// The date of `bytes`, or `nil` when they are not a PDF date (the fields after the year are
    /// optional; no offset means UTC).
    public static func parse(_ bytes: [UInt8]) -> Date? {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("D:") { text.removeFirst(2) }
        let characters = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= characters.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let character = characters[index]
                guard character >= 0x30, character <= 0x39 else { return nil }
                value = value * 10 + Int(character - 0x30)
                index += 1
            }
            return value
        }
        guard let year = number(4) else { return nil }
        let month = number(2) ?? 1
        let day = number(2) ?? 1
        let hour = number(2) ?? 0
        let minute = number(2) ?? 0
        let second = number(2) ?? 0
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var offset = 0
        if index < characters.count {
            let sign = characters[index]
            index += 1
            if sign == 0x2B || sign == 0x2D {
                let hours = number(2) ?? 0
                if index < characters.count, characters[index] == 0x27 { index += 1 }
                let minutes = number(2) ?? 0
                offset = (hours * 3600 + minutes * 60) * (sign == 0x2D ? -1 : 1)
            } else if sign != 0x5A {  // Z
                return nil
            }
        }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        components.timeZone = TimeZone(secondsFromGMT: 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offset))
    }

    /// `D:YYYYMMDDHHmmSSZ` (UTC) for `date`.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        return "D:\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))\(two(parts.hour))\(two(parts.minute))"
            + "\(two(parts.second))Z"
    }
}
