import JPKIASN1

/// Why the basic 4 information of a JPKI signature certificate could not be decoded.
public enum BasicFourInformationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A field's otherName is absent.
    case missingField(BasicFourInformation.Field)
    /// A field's otherName appears twice.
    case duplicateField(BasicFourInformation.Field)
    /// A field's value is not a UTF8String (or not valid UTF-8).
    case notUTF8String(BasicFourInformation.Field)
    /// The sex code is not `1`, `2` or `3`.
    case invalidSex(String)
    /// The birth date is not `EYYYYMMDD` with an era digit 0–5 and a date that exists.
    case invalidBirthDate(String)
    /// Substitute-character flags that are not a string of `0` and `1`.
    case invalidSubstituteCharacterFlags(BasicFourInformation.Field, String)
    /// The name or the address is empty.
    case emptyField(BasicFourInformation.Field)
    /// The subjectAltName extension does not decode.
    case invalidExtension(X509Error)

    /// One line saying what is wrong.
    public var description: String {
        switch self {
        case .missingField(let field): return "basic 4 information: no \(field)"
        case .duplicateField(let field): return "basic 4 information: \(field) appears twice"
        case .notUTF8String(let field): return "basic 4 information: \(field) is not a UTF8String"
        case .invalidSex(let value): return "basic 4 information: invalid sex code \"\(value)\""
        case .invalidBirthDate(let value): return "basic 4 information: invalid birth date \"\(value)\""
        case .invalidSubstituteCharacterFlags(let field, let value):
            return "basic 4 information: invalid \(field) \"\(value)\""
        case .emptyField(let field): return "basic 4 information: empty \(field)"
        case .invalidExtension(let error): return error.description
        }
    }
}
