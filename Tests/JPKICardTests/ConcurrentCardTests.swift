import JPKIAPDU
import JPKICard
import JPKISimulator
import Testing

/// One MyNumberCard used by many tasks at once: each operation runs as one transaction, so the
/// commands of concurrent operations never interleave and every one of them succeeds. Run under
/// ThreadSanitizer by scripts/sanitize.sh.
@Suite("Concurrent operations on one card")
struct ConcurrentCardTests {
    @Test("16 tasks: status, certificates, authenticate and card info at once; all answer, none interleave")
    func concurrentOperations() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        let challenge: [UInt8] = Array(0..<32)
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<16 {
                group.addTask {
                    switch index % 4 {
                    case 0: return "\(try await card.status().pins.count)"
                    case 1: return try await card.readCertificate(.authenticationCA).subject.description
                    case 2:
                        let result = try await card.authenticate(
                            challenge: challenge, pin: try UserAuthenticationPIN("1234"))
                        return "\(result.signature.count)"
                    default:
                        return try await card.readMyNumber(pin: try CardInfoPIN("1234"))
                    }
                }
            }
            var all: [String] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 16)
        #expect(results.filter { $0 == "123456789018" }.count == 4)
        #expect(results.filter { $0 == "256" }.count == 4)
        // Every operation starts with SELECT of its application: a SELECT by DF name is only ever
        // followed by the commands of one operation, so the count of SELECTs by DF name is the
        // count of transactions (status selects its three applications).
        let selects = session.transport.commands.filter { $0.hasPrefix("00A4040C") }.count
        #expect(selects == 4 * 3 + 12)
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 3)
    }
}
