/// How many command APDUs a card received, by instruction and by the operation a test or
/// benchmark said was running: the number of APDUs a client needs is part of its contract.
///
/// ```swift
/// let (certificate, used) = try await card.counting("read auth certificate") {
///     try await client.readAuthenticationCertificate()
/// }
/// #expect(used.count(.readBinary) == 2)
/// ```
public struct APDUAccounting: Sendable, Equatable, CustomStringConvertible {
    /// The instructions the card knows, and the others by their byte.
    public enum Instruction: Hashable, Sendable, CustomStringConvertible {
        /// `A4` SELECT.
        case select
        /// `B0` READ BINARY.
        case readBinary
        /// `20` VERIFY (with a PIN, or the retry query without).
        case verify
        /// `24` CHANGE REFERENCE DATA.
        case changeReferenceData
        /// `2A` COMPUTE DIGITAL SIGNATURE.
        case computeDigitalSignature
        /// `88` INTERNAL AUTHENTICATE.
        case internalAuthenticate
        /// `84` GET CHALLENGE.
        case getChallenge
        /// Any other INS byte.
        case other(UInt8)

        /// The instruction of INS byte `ins`.
        public init(ins: UInt8) {
            switch ins {
            case 0xA4: self = .select
            case 0xB0: self = .readBinary
            case 0x20: self = .verify
            case 0x24: self = .changeReferenceData
            case 0x2A: self = .computeDigitalSignature
            case 0x88: self = .internalAuthenticate
            case 0x84: self = .getChallenge
            default: self = .other(ins)
            }
        }

        /// E.g. `READ BINARY`, `INS C0`.
        public var description: String {
            switch self {
            case .select: return "SELECT"
            case .readBinary: return "READ BINARY"
            case .verify: return "VERIFY"
            case .changeReferenceData: return "CHANGE REFERENCE DATA"
            case .computeDigitalSignature: return "COMPUTE DIGITAL SIGNATURE"
            case .internalAuthenticate: return "INTERNAL AUTHENTICATE"
            case .getChallenge: return "GET CHALLENGE"
            case .other(let ins): return "INS \(hex4(UInt16(ins)).suffix(2))"
            }
        }
    }

    /// All command APDUs.
    public internal(set) var total = 0
    /// Command APDUs per instruction.
    public internal(set) var byInstruction: [Instruction: Int] = [:]
    /// Command APDUs per operation label (see ``VirtualMyNumberCard/counting(_:isolation:_:)``);
    /// commands sent outside any operation are not in this table.
    public internal(set) var byOperation: [String: Int] = [:]

    /// No commands.
    public init() {}

    /// The commands of `instruction`.
    public func count(_ instruction: Instruction) -> Int { byInstruction[instruction] ?? 0 }

    /// Records one command of INS `ins` during `operation`.
    mutating func record(ins: UInt8, operation: String?) {
        total += 1
        byInstruction[Instruction(ins: ins), default: 0] += 1
        if let operation { byOperation[operation, default: 0] += 1 }
    }

    /// What happened between `earlier` and this: the counts of this minus those of `earlier`.
    public func since(_ earlier: APDUAccounting) -> APDUAccounting {
        var delta = APDUAccounting()
        delta.total = total - earlier.total
        for (instruction, count) in byInstruction where count != earlier.count(instruction) {
            delta.byInstruction[instruction] = count - earlier.count(instruction)
        }
        for (operation, count) in byOperation where count != earlier.byOperation[operation, default: 0] {
            delta.byOperation[operation] = count - earlier.byOperation[operation, default: 0]
        }
        return delta
    }

    /// E.g. `5 APDUs: SELECT 2, READ BINARY 3`.
    public var description: String {
        let parts = byInstruction.sorted { $0.value > $1.value || ($0.value == $1.value && "\($0.key)" < "\($1.key)") }
            .map { "\($0.key) \($0.value)" }
        return "\(total) APDUs" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
