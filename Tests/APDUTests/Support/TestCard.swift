import Foundation
import JPKISimulator

/// A small ISO 7816-4 card for the APDU layer's tests: one application with two EFs and a PIN.
///
/// - SELECT by DF name (`00 A4 04 0C`) of ``aid``, SELECT EF by file id (`00 A4 02 0C 02 FID`);
///   selection by path (P1 = `09`) is refused with `6A 86` like the My Number Card.
/// - READ BINARY with short Le (`00` = 256) and, when ``supportsExtendedLength``, extended Le;
///   otherwise an extended command gets `67 00`. Past the end: `6B 00`; fewer bytes than Le:
///   the bytes and `62 82`.
/// - VERIFY `00 20 00 80`: no data → `63 Cx` (tries left) or `90 00` when verified; the PIN
///   ``pin`` → `90 00`; another → `63 Cx` with one try less; at 0 tries → `69 84`.
/// - Power off or reset clears the selection and the verification.
final class TestCard: VirtualCard, @unchecked Sendable {
    static let aid: [UInt8] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]

    let atr: [UInt8] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]
    let files: [UInt16: [UInt8]]
    let pin: [UInt8]
    let supportsExtendedLength: Bool

    private let lock = NSLock()
    private var applicationSelected = false
    private var selectedFile: UInt16?
    private var verified = false
    private var triesLeft = 3
    private(set) var powerCycles = 0
    private(set) var commands: [[UInt8]] = []

    /// A DER-shaped object of `total` bytes: `30 82 HH LL` and a counting pattern.
    static func derObject(total: Int) -> [UInt8] {
        let content = total - 4
        return [0x30, 0x82, UInt8(content >> 8), UInt8(content & 0xFF)] + (0..<content).map { UInt8($0 % 251) }
    }

    init(files: [UInt16: [UInt8]]? = nil, pin: String = "1234", supportsExtendedLength: Bool = true) {
        self.files = files ?? [0x0001: Self.derObject(total: 2048), 0x0002: Self.derObject(total: 1742)]
        self.pin = Array(pin.utf8)
        self.supportsExtendedLength = supportsExtendedLength
    }

    var receivedCommands: [[UInt8]] { lock.withLock { commands } }
    var isVerified: Bool { lock.withLock { verified } }

    func powerOn() { clearState(countingCycle: true) }
    func powerOff() { clearState(countingCycle: false) }
    func reset() { clearState(countingCycle: true) }

    private func clearState(countingCycle: Bool) {
        lock.withLock {
            applicationSelected = false
            selectedFile = nil
            verified = false
            if countingCycle { powerCycles += 1 }
        }
    }

    func process(_ command: [UInt8]) -> [UInt8] {
        lock.withLock {
            commands.append(command)
            return answer(command)
        }
    }

    private func answer(_ command: [UInt8]) -> [UInt8] {
        guard command.count >= 4 else { return [0x67, 0x00] }
        let (ins, p1, p2) = (command[1], command[2], command[3])
        let body = Array(command[4...])
        switch ins {
        case 0xA4:
            guard body.count >= 1, body.count == 1 + Int(body[0]) else { return [0x67, 0x00] }
            let data = Array(body[1...])
            switch (p1, p2) {
            case (0x04, 0x0C):
                guard data == Self.aid else { return [0x6A, 0x82] }
                applicationSelected = true
                selectedFile = nil
                return [0x90, 0x00]
            case (0x02, 0x0C):
                guard data.count == 2 else { return [0x67, 0x00] }
                let id = UInt16(data[0]) << 8 | UInt16(data[1])
                guard applicationSelected, files[id] != nil || id == 0x0018 else { return [0x6A, 0x82] }
                selectedFile = id
                return [0x90, 0x00]
            default:
                return [0x6A, 0x86]
            }
        case 0xB0:
            let le: Int
            switch body.count {
            case 1: le = body[0] == 0 ? 256 : Int(body[0])
            case 3 where body[0] == 0:
                guard supportsExtendedLength else { return [0x67, 0x00] }
                let value = Int(body[1]) << 8 | Int(body[2])
                le = value == 0 ? 65_536 : value
            default: return [0x67, 0x00]
            }
            guard let id = selectedFile, let file = files[id] else { return [0x69, 0x86] }
            let offset = Int(p1) << 8 | Int(p2)
            guard offset < file.count else { return [0x6B, 0x00] }
            let end = min(file.count, offset + le)
            let data = Array(file[offset..<end])
            return data + (end - offset < le ? [0x62, 0x82] : [0x90, 0x00])
        case 0x20:
            guard selectedFile == 0x0018, p1 == 0x00, p2 == 0x80 else { return [0x6A, 0x86] }
            if body.isEmpty {
                if triesLeft == 0 { return [0x69, 0x84] }
                return verified ? [0x90, 0x00] : [0x63, 0xC0 | UInt8(triesLeft)]
            }
            guard body.count == 1 + Int(body[0]) else { return [0x67, 0x00] }
            if triesLeft == 0 { return [0x69, 0x84] }
            if Array(body[1...]) == pin {
                triesLeft = 3
                verified = true
                return [0x90, 0x00]
            }
            triesLeft -= 1
            verified = false
            return triesLeft == 0 ? [0x69, 0x84] : [0x63, 0xC0 | UInt8(triesLeft)]
        default:
            return [0x6D, 0x00]
        }
    }
}
