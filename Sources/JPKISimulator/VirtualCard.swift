/// A card implemented in software at the APDU level: what the vpcd bridge and the in-process
/// transport drive.
///
/// Implementations are called from one thread at a time per bridge, but must be `Sendable`
/// (tests inspect them from other tasks).
public protocol VirtualCard: AnyObject, Sendable {
    /// The answer to reset.
    var atr: [UInt8] { get }
    /// Power was applied: the card starts fresh (no application selected, no PIN verified).
    func powerOn()
    /// Power was removed.
    func powerOff()
    /// A warm reset: like power off and on.
    func reset()
    /// Answers one command APDU with a response APDU (data, SW1, SW2).
    func process(_ command: [UInt8]) -> [UInt8]
}
