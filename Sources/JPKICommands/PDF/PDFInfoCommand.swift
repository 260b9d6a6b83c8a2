import ArgumentParser
import Foundation
import JPKIPDF

/// `jpki pdf info FILE`.
struct PDFInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a PDF's revisions, cross-reference sections, signature fields and DSS.",
        discussion: """
            Examples:
              jpki pdf info signed.pdf
              jpki pdf info signed.pdf --json

            Exit codes: 0 read, 2 the file cannot be read as a PDF.
            """)

    struct Info: Encodable {
        struct Revision: Encodable {
            var index: Int
            var endOffset: Int
            var crossReference: String
            var crossReferenceOffsets: [Int]
            var objects: Int
        }
        struct Field: Encodable {
            var name: String
            var signed: Bool
            var type: String?
            var subFilter: String?
            var byteRange: [Int]?
            var signingTime: String?
            var reason: String?
            var location: String?
        }
        var file: String
        var version: String
        var size: Int
        var revisions: [Revision]
        var signatureFields: [Field]
        var dss: [String: Int]?
    }

    @Argument(help: "The PDF.")
    var file: String

    @Flag(help: "Print as JSON.")
    var json = false

    func run() async throws {
        let info: Info
        do {
            let document = try PDFDocument(contentsOfFile: file)
            let fields = try document.signatureFields().map { field in
                Info.Field(
                    name: field.name, signed: field.signature != nil, type: field.signature?.type?.string,
                    subFilter: field.signature?.subFilter?.string,
                    byteRange: field.signature?.byteRange?.array?.compactMap(\.integer),
                    signingTime: field.signature?.signingTime.map { PDFDate.format($0) },
                    reason: field.signature?.reason, location: field.signature?.location)
            }
            let dss = try document.documentSecurityStore().map {
                ["certificates": $0.certificates.count, "crls": $0.crls.count, "ocspResponses": $0.ocspResponses.count]
            }
            info = Info(
                file: file, version: document.version, size: document.fileSize,
                revisions: document.revisions.map {
                    Info.Revision(
                        index: $0.index, endOffset: $0.endOffset,
                        crossReference: $0.usesCrossReferenceStream ? "stream" : "table",
                        crossReferenceOffsets: $0.crossReferenceOffsets, objects: $0.definedObjects.count)
                }, signatureFields: fields, dss: dss)
        } catch {
            throw fail("\(file): \(error)")
        }
        if json {
            printJSON(info)
            return
        }
        print("PDF \(info.version), \(info.size) bytes, \(info.revisions.count) revision(s)")
        for revision in info.revisions {
            print(
                "  revision \(revision.index): ends at \(revision.endOffset), xref \(revision.crossReference) at "
                    + "\(revision.crossReferenceOffsets), \(revision.objects) object(s)")
        }
        for field in info.signatureFields {
            guard field.signed else {
                print("  field \(field.name): empty")
                continue
            }
            print(
                "  field \(field.name): \(field.subFilter ?? "?"), /ByteRange \(field.byteRange ?? []), "
                    + "/M \(field.signingTime ?? "-")" + (field.reason.map { ", /Reason \($0)" } ?? ""))
        }
        if let dss = info.dss {
            print(
                "  DSS: \(dss["certificates"] ?? 0) certificate(s), \(dss["crls"] ?? 0) CRL(s), \(dss["ocspResponses"] ?? 0) OCSP response(s)"
            )
        }
    }
}
