import CBenchmarkOpenSSL
import Foundation
import JPKIRevocationIndex
import JPKIX509

/// The operations the CRL benchmarks time, shared by the package-benchmark target and the
/// comparison tool so that both time the same code. Each is `@inline(never)`.
public enum CRLIndexOperations {
    /// Ours, from bytes in memory: read the CRL (`CertificateRevocationList(derEncoded:)`,
    /// which keeps the array) and build its ``RevocationIndex`` (every entry read and checked).
    @inline(never)
    public static func oursLoadAndIndex(_ bytes: [UInt8]) throws -> RevocationIndex {
        try RevocationIndex(try CertificateRevocationList(derEncoded: bytes))
    }

    /// Ours, from the file: memory-map it, read the CRL and build the index.
    @inline(never)
    public static func oursMapAndIndex(_ path: String) throws -> RevocationIndex {
        try RevocationIndex(try CertificateRevocationList(contentsOfFile: path))
    }

    /// Ours: how many of `probes` are revoked, on `threads` threads.
    @inline(never)
    public static func oursLookups(_ index: RevocationIndex, _ probes: [UInt64], threads: Int = 1) -> Int {
        index.countRevoked(probes, threads: threads)
    }

    /// Ours: one `isRevoked` call per probe (no batching).
    @inline(never)
    public static func oursSingleLookups(_ index: RevocationIndex, _ probes: [UInt64]) -> Int {
        var count = 0
        for probe in probes where index.isRevoked(probe) { count += 1 }
        return count
    }

    /// OpenSSL: `d2i_X509_CRL`, then the first `X509_CRL_get0_by_serial`, which sorts the
    /// entries: the CRL is then ready to look up. The caller frees the result with
    /// `X509_CRL_free`.
    @inline(never)
    public static func openSSLLoadAndFirstLookup(
        _ bytes: UnsafeRawBufferPointer, probe: UnsafeMutablePointer<ASN1_INTEGER>
    )
        -> OpaquePointer?
    {
        guard let base = bytes.baseAddress else { return nil }
        var cursor: UnsafePointer<UInt8>? = base.assumingMemoryBound(to: UInt8.self)
        guard let crl = d2i_X509_CRL(nil, &cursor, bytes.count) else { return nil }
        var revoked: OpaquePointer?
        _ = X509_CRL_get0_by_serial(crl, &revoked, probe)
        return crl
    }

    /// OpenSSL: how many of `probes` `X509_CRL_get0_by_serial` finds.
    @inline(never)
    public static func openSSLLookups(_ crl: OpaquePointer, _ probes: [UnsafeMutablePointer<ASN1_INTEGER>]) -> Int {
        var count = 0
        for probe in probes {
            var revoked: OpaquePointer?
            if X509_CRL_get0_by_serial(crl, &revoked, probe) == 1 { count += 1 }
        }
        return count
    }

    /// OpenSSL INTEGERs for `values` (freed with `ASN1_INTEGER_free`).
    public static func openSSLIntegers(_ values: [UInt64]) -> [UnsafeMutablePointer<ASN1_INTEGER>] {
        values.compactMap { value in
            guard let integer = ASN1_INTEGER_new() else { return nil }
            ASN1_INTEGER_set_uint64(integer, value)
            return integer
        }
    }

    /// The resident set of this process now and at its peak (`VmRSS`, `VmHWM` of
    /// `/proc/self/status`), in bytes; zeros where that file does not exist.
    public static func residentMemory() -> (current: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
                let number = line.dropFirst(name.count + 1).filter(\.isNumber)
                return (Int(number) ?? 0) * 1024
            }
            return 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
