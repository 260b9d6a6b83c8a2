/// The applications (APs) of the My Number Card that this module talks to, selected by DF name
/// with `00 A4 04 0C 0A <AID>`.
public enum CardApplication: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// 公的個人認証AP: the JPKI certificates, keys and PINs.
    case jpki
    /// 券面事項入力補助AP: My Number and the basic 4 information as text.
    case cardInfo
    /// 券面事項確認AP: the card face as images, behind 照合番号A/B.
    case cardSurface

    /// The DF name (AID).
    public var aid: [UInt8] {
        switch self {
        case .jpki: return [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]
        case .cardInfo: return [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08]
        case .cardSurface: return [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02]
        }
    }

    /// E.g. `JPKI AP (公的個人認証AP)`.
    public var description: String {
        switch self {
        case .jpki: return "JPKI AP (公的個人認証AP)"
        case .cardInfo: return "card-info AP (券面事項入力補助AP)"
        case .cardSurface: return "card-surface AP (券面事項確認AP)"
        }
    }
}

/// Where on the card something happened: an application and, when one was selected, an EF.
public struct CardLocation: Hashable, Sendable, CustomStringConvertible {
    /// The application.
    public var application: CardApplication
    /// The elementary file, or `nil` for the application itself.
    public var fileID: UInt16?

    /// A location.
    public init(_ application: CardApplication, fileID: UInt16? = nil) {
        self.application = application
        self.fileID = fileID
    }

    /// E.g. `JPKI AP (公的個人認証AP) EF 000A`.
    public var description: String {
        guard let fileID else { return application.description }
        return "\(application) EF \(hex4(fileID))"
    }
}

/// `000A` for 0x0A.
func hex4(_ value: UInt16) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}
