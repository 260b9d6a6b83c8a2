import JPKIAPDU

/// Faults a ``VirtualMyNumberCard`` can be told to show, for reliability tests: slow answers,
/// a refusal of extended-length APDUs, chosen status words for chosen commands. (Removing the
/// card after N commands is the transport's business: ``VPCDBridge/removeCard(afterCommands:)``
/// and ``SimulatedCardTransport/removeCard(afterCommands:)``.)
///
/// ```swift
/// card.faults.refuseExtendedLength = true
/// card.faults.statusWordOverrides.append(.init(instruction: 0xB0, statusWord: StatusWord(0x6F00), times: 1))
/// ```
public struct FaultInjection: Sendable, Equatable {
    /// Answers one kind of command with a fixed status word instead of executing it.
    public struct StatusWordOverride: Sendable, Equatable {
        /// The INS byte the rule applies to.
        public var instruction: UInt8
        /// P1, or `nil` for any.
        public var p1: UInt8?
        /// P2, or `nil` for any.
        public var p2: UInt8?
        /// The command data, or `nil` for any (e.g. `[0x00, 0x0A]` for SELECT of EF 000A).
        public var data: [UInt8]?
        /// The status word answered (no data).
        public var statusWord: StatusWord
        /// How many matching commands pass normally before the rule applies.
        public var skip: Int
        /// How many times the rule applies, `nil` for every matching command after `skip`.
        public var times: Int?

        /// A rule.
        public init(
            instruction: UInt8, p1: UInt8? = nil, p2: UInt8? = nil, data: [UInt8]? = nil, statusWord: StatusWord,
            skip: Int = 0, times: Int? = nil
        ) {
            self.instruction = instruction
            self.p1 = p1
            self.p2 = p2
            self.data = data
            self.statusWord = statusWord
            self.skip = skip
            self.times = times
        }

        /// Whether `command` matches the rule's pattern (skip and times aside).
        func matches(_ command: CommandAPDU) -> Bool {
            command.ins == instruction && (p1 == nil || p1 == command.p1) && (p2 == nil || p2 == command.p2)
                && (data == nil || data == command.data)
        }
    }

    /// A pause before every response, in seconds (0: none).
    public var responseDelay: Double
    /// Whether extended-length APDUs are answered `67 00`, as by a card or reader that does not
    /// support them.
    public var refuseExtendedLength: Bool
    /// Status words to answer instead of executing matching commands; the first rule that
    /// applies wins.
    public var statusWordOverrides: [StatusWordOverride]

    /// No faults.
    public init(
        responseDelay: Double = 0, refuseExtendedLength: Bool = false, statusWordOverrides: [StatusWordOverride] = []
    ) {
        self.responseDelay = responseDelay
        self.refuseExtendedLength = refuseExtendedLength
        self.statusWordOverrides = statusWordOverrides
    }

    /// The status word that overrides `command`, counting the rule's use; `nil` when no rule
    /// applies.
    mutating func override(for command: CommandAPDU) -> StatusWord? {
        for index in statusWordOverrides.indices where statusWordOverrides[index].matches(command) {
            if statusWordOverrides[index].skip > 0 {
                statusWordOverrides[index].skip -= 1
                continue
            }
            if let times = statusWordOverrides[index].times {
                guard times > 0 else { continue }
                statusWordOverrides[index].times = times - 1
            }
            return statusWordOverrides[index].statusWord
        }
        return nil
    }
}
