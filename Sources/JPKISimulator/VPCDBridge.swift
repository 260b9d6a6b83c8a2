import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Connects a ``VirtualCard`` to vsmartcard's vpcd driver, so that pcscd shows it in the
/// reader "Virtual PCD 00 00" (port 35963) — to every PC/SC application, OpenSC included.
///
/// vpcd's protocol: each message is a 2-byte big-endian length and a payload. A 1-byte payload
/// is a control code (0 power off, 1 power on, 2 reset, 4 send the ATR); any other payload is a
/// command APDU, answered by a response APDU in the same framing.
///
/// Connecting inserts the card; ``stop()`` removes it.
public final class VPCDBridge: @unchecked Sendable {
    /// The vpcd host, usually `127.0.0.1`.
    public let host: String
    /// The vpcd port: 35963 for reader 00 00, 35964 for 00 01.
    public let port: UInt16
    /// The card behind the bridge.
    public let card: any VirtualCard

    private let lock = NSLock()
    private var socketDescriptor: Int32 = -1
    private var thread: Thread?
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)
    private var commandsUntilRemoval: Int?

    /// Why the bridge could not connect.
    public struct ConnectionError: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// A bridge for `card` to vpcd at `host:port`; nothing happens until ``start()``.
    public init(card: any VirtualCard, host: String = "127.0.0.1", port: UInt16 = 35963) {
        self.card = card
        self.host = host
        self.port = port
    }

    /// Connects to vpcd (inserting the card) and serves its requests on a thread of its own.
    ///
    /// - Throws: ``ConnectionError`` when vpcd does not accept the connection (pcscd not
    ///   running, or vpcd not installed).
    public func start() throws {
        if lock.withLock({ self.thread != nil }) { stop() }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ConnectionError(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(descriptor)
            throw ConnectionError(description: "bad address \(host)")
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw ConnectionError(description: "cannot connect to vpcd at \(host):\(port) (errno \(errno))")
        }
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        lock.withLock {
            socketDescriptor = descriptor
            stopped = false
        }
        let server = Thread { [self] in
            serve(descriptor)
            // The connection is gone (stopped, card removed, or vpcd went away).
            lock.withLock { stopped = true }
            finished.signal()
        }
        server.name = "vpcd-bridge-\(port)"
        lock.withLock { thread = server }
        server.start()
    }

    /// Disconnects from vpcd: the card leaves the reader. Waits for the serving thread to end.
    public func stop() {
        let (descriptor, running) = lock.withLock { () -> (Int32, Bool) in
            let current = socketDescriptor
            let running = thread != nil
            stopped = true
            socketDescriptor = -1
            thread = nil
            return (current, running)
        }
        if descriptor >= 0 { shutdown(descriptor, Int32(SHUT_RDWR)) }
        if running { finished.wait() }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Fault injection: after `count` more command APDUs, the next one is not answered and the
    /// card leaves the reader, as when a card is pulled out in the middle of an operation.
    public func removeCard(afterCommands count: Int) {
        lock.withLock { commandsUntilRemoval = count }
    }

    /// Whether the bridge is connected: `false` after ``stop()``, after a removal, and when
    /// vpcd closed the connection (pcscd stopped).
    public var isRunning: Bool { lock.withLock { thread != nil && !stopped } }

    deinit { stop() }

    private func serve(_ descriptor: Int32) {
        while true {
            guard let header = readExactly(descriptor, 2) else { return }
            let length = Int(header[0]) << 8 | Int(header[1])
            guard let payload = readExactly(descriptor, length) else { return }
            if payload.count == 1 {
                switch payload[0] {
                case 0: card.powerOff()
                case 1: card.powerOn()
                case 2: card.reset()
                case 4: guard send(descriptor, card.atr) else { return }
                default: continue
                }
            } else if !payload.isEmpty {
                let removeNow = lock.withLock { () -> Bool in
                    guard let remaining = commandsUntilRemoval else { return false }
                    if remaining == 0 {
                        commandsUntilRemoval = nil
                        return true
                    }
                    commandsUntilRemoval = remaining - 1
                    return false
                }
                if removeNow {
                    card.powerOff()
                    shutdown(descriptor, Int32(SHUT_RDWR))
                    lock.withLock { stopped = true }
                    return
                }
                guard send(descriptor, card.process(payload)) else { return }
            }
        }
    }

    private func readExactly(_ descriptor: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                recv(descriptor, raw.baseAddress?.advanced(by: received), count - received, 0)
            }
            if n <= 0 { return nil }
            received += n
        }
        return buffer
    }

    private func send(_ descriptor: Int32, _ payload: [UInt8]) -> Bool {
        let message = [UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF)] + payload
        var sent = 0
        while sent < message.count {
            let n = message.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress?.advanced(by: sent), message.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }
}
