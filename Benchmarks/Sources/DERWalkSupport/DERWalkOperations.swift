import CBenchmarkOpenSSL
import JPKIASN1
import SwiftASN1

/// The operations compared: one call each is one "op". Each is `@inline(never)` so that the
/// benchmark and the comparison tool time the same machine code.
public enum DERWalkOperations {
    /// Ours: `DER.walk` over every element (all structural and content checks of DER), counting
    /// the elements. The bytes are read in place, through a span.
    @inline(never)
    public static func ours(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        do throws(DERError) {
            try DER.walk(Span(_unsafeBytes: bytes)) { _, _ in count += 1 }
        } catch {
            fatalError("DER.walk rejected a benchmark input: \(error)")
        }
        return count
    }

    /// swift-asn1: `DER.parse`, which reads every element's header into its node array.
    @inline(never)
    public static func swiftASN1Parse(_ der: [UInt8]) -> SwiftASN1.ASN1Node {
        do {
            return try SwiftASN1.DER.parse(der)
        } catch {
            fatalError("swift-asn1 rejected a benchmark input: \(error)")
        }
    }

    /// swift-asn1: `DER.parse`, then a depth-first walk of its node tree, counting the elements.
    @inline(never)
    public static func swiftASN1ParseAndWalk(_ der: [UInt8]) -> Int {
        var count = 0
        func visit(_ node: SwiftASN1.ASN1Node) {
            count += 1
            if case .constructed(let children) = node.content {
                for child in children { visit(child) }
            }
        }
        visit(swiftASN1Parse(der))
        return count
    }

    /// OpenSSL: `d2i_X509` then `X509_free`.
    @inline(never)
    public static func openSSL(_ bytes: UnsafeRawBufferPointer) -> Int {
        var cursor: UnsafePointer<UInt8>? = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        guard let certificate = d2i_X509(nil, &cursor, bytes.count) else {
            fatalError("OpenSSL rejected a benchmark input")
        }
        X509_free(certificate)
        return bytes.count
    }
}
