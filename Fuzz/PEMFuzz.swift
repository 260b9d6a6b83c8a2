// libFuzzer target for PEM (and Base64) of Sources/ASN1.
//
// Built by scripts/fuzz.sh together with Sources/ASN1/*.swift into one module (ASN1Fuzz), so
// this file must not `import ASN1`. It uses only the module's public API.
//
// What it does with each input:
//  - `PEMDocument.parseAll(bytes:)`; for each document, renders `pemString`, parses it again and
//    requires the same label (byte for byte), headers and DER; two renderings in a row must give
//    two documents; an input with documents must satisfy `looksLikePEM`;
//  - an error must carry an offset within the input;
//  - `Base64.decode` on the raw input: when it decodes, encoding and decoding again gives the
//    same bytes; `Base64.encode` of the input decodes back to the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    PEMFuzzTarget.run(bytes)
    return 0
}

func pemFuzzFailure(_ message: String, _ bytes: some Sequence<UInt8>) -> Never {
    let text = String(decoding: Array(bytes.prefix(512)), as: UTF8.self)
    fatalError("PEMFuzz oracle broken: \(message)\n--- input (as UTF-8, first 512 bytes) ---\n\(text)\n---")
}

enum PEMFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        checkBase64(bytes)
        let looksLikePEM = PEMDocument.looksLikePEM(bytes)
        let documents: [PEMDocument]
        do throws(DERError) {
            documents = try PEMDocument.parseAll(bytes: bytes)
        } catch {
            guard case .invalidPEM = error.rule, error.offset >= 0, error.offset <= bytes.count else {
                pemFuzzFailure("parseAll threw \(error) for an input of \(bytes.count) bytes", bytes)
            }
            return
        }
        if !documents.isEmpty && !looksLikePEM {
            pemFuzzFailure("parseAll found \(documents.count) documents but looksLikePEM is false", bytes)
        }
        for document in documents {
            let text = document.pemString
            let again: PEMDocument
            do throws(DERError) {
                again = try PEMDocument(pemString: text)
            } catch {
                pemFuzzFailure("the rendering of a parsed document does not parse: \(error)\n\(text)", bytes)
            }
            guard Array(again.label.utf8) == Array(document.label.utf8) else {
                pemFuzzFailure(
                    "label \(document.label.debugDescription) comes back as \(again.label.debugDescription)", bytes)
            }
            guard again.der == document.der else {
                pemFuzzFailure("the DER of a \(document.label) document changes in a round trip", bytes)
            }
            guard again.headers == document.headers else {
                pemFuzzFailure("headers \(document.headers) come back as \(again.headers)", bytes)
            }
            guard PEMDocument.looksLikePEM(Array(text.utf8)) else {
                pemFuzzFailure("a rendering does not look like PEM", bytes)
            }
            guard let twice = try? PEMDocument.parseAll(text + "\r\n" + text), twice.count == 2, twice[0] == twice[1]
            else { pemFuzzFailure("two renderings in a row do not give two equal documents", bytes) }
            // The carried bytes through the DER reader too (crash-finding only).
            _ = try? DER.validate(document.der)
        }
    }

    static func checkBase64(_ bytes: [UInt8]) {
        let encoded = Base64.encode(bytes)
        guard case .success(let decoded) = Base64.decode(Array(encoded.utf8)), decoded == bytes else {
            pemFuzzFailure("Base64 of the input does not decode back", bytes)
        }
        switch Base64.decode(bytes) {
        case .success(let value):
            guard case .success(let again) = Base64.decode(Array(Base64.encode(value).utf8)), again == value else {
                pemFuzzFailure("decoded Base64 does not survive encode/decode", bytes)
            }
        case .failure(let failure):
            if failure.position < 0 || failure.position > bytes.count {
                pemFuzzFailure("Base64 failure position \(failure.position) outside \(bytes.count) bytes", bytes)
            }
        }
    }
}
