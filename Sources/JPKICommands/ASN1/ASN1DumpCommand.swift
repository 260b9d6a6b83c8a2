import ArgumentParser

extension ASN1Command {
    /// `jpki asn1 dump FILE`.
    struct Dump: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the DER tree of a file (PEM or DER), like `openssl asn1parse -i`.",
            discussion: """
                Each line: offset, depth, header length, content length, cons/prim, the tag \
                indented by depth, and the decoded value of primitive elements. Every DER rule is \
                checked; the first one broken is printed as `error: <rule> at offset <n>` and the \
                exit code is 2. A PEM file with several documents is dumped document by document; \
                offsets count from the start of each document's DER.

                Examples:
                  jpki asn1 dump sign_ca_2023.pem
                  jpki asn1 dump --json certificate.der | jq '.documents[0].tree.nodes | length'
                """
        )

        @Argument(help: "A DER or PEM file.")
        var file: String

        @Flag(help: "Print the tree as JSON.")
        var json = false

        func run() async throws {
            let documents = try InputFile.documentsOrExit(file)
            let dumps = documents.map { DERDump(der: $0.der) }
            if json {
                printTree(documents: documents, dumps: dumps)
            } else {
                for (index, (document, dump)) in zip(documents, dumps).enumerated() {
                    if let label = document.label {
                        print("# document \(index + 1): \(label), \(document.der.count) bytes")
                    }
                    if !dump.nodes.isEmpty { print(dump.text) }
                }
            }
            if let error = dumps.lazy.compactMap(\.error).first {
                throw fail(error.description)
            }
        }

        private func printTree(documents: [InputFile.Document], dumps: [DERDump]) {
            struct Output: Encodable {
                var file: String
                var documents: [Entry]
            }
            struct Entry: Encodable {
                var label: String?
                var size: Int
                var tree: DERDump
            }
            let output = Output(
                file: file,
                documents: zip(documents, dumps).map { Entry(label: $0.label, size: $0.der.count, tree: $1) })
            printJSON(output)
        }
    }
}
