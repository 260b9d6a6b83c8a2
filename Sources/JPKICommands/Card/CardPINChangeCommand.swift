import ArgumentParser
import Foundation
import JPKICard

extension CardCommand.PIN {
    /// `jpki card pin change`.
    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the authentication, signature or card-info PIN.",
            discussion: """
                The current PIN comes from --pin-env, the new one from --new-pin-env; \
                otherwise from a no-echo prompt (the new PIN asked twice), or from the first \
                two lines of standard input.

                Examples:
                  jpki card pin change --kind auth
                  printf '1234\\n5678\\n' | jpki card pin change --kind auth
                """)

        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case auth
            case sign
            case cardInfo = "card-info"
        }

        @Option(help: "auth, sign or card-info.")
        var kind: Kind

        @Option(
            name: .customLong("new-pin-env"),
            help: ArgumentHelp("Read the new PIN from this environment variable.", valueName: "NAME"))
        var newPINEnvironment: String?

        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            let current = try pin.input.read(prompt: "Current PIN")
            let newInput = PINInput(environmentVariable: newPINEnvironment, optionName: "--new-pin-env")
            let new = try newInput.read(prompt: "New PIN")
            if newPINEnvironment == nil && isatty(STDIN_FILENO) == 1 {
                guard try newInput.read(prompt: "New PIN again") == new else {
                    throw fail("the new PINs differ; nothing was changed")
                }
            }
            let change: @Sendable (MyNumberCard) async throws(JPKICardError) -> Void
            switch kind {
            case .auth:
                let old = try typedPIN { () throws(JPKICardError) in try UserAuthenticationPIN(current) }
                let replacement = try typedPIN { () throws(JPKICardError) in try UserAuthenticationPIN(new) }
                let policy = pin.lastTry
                change = { card async throws(JPKICardError) in
                    try await card.changeAuthenticationPIN(from: old, to: replacement, lastTry: policy)
                }
            case .sign:
                let old = try typedPIN { () throws(JPKICardError) in try SignaturePIN(current) }
                let replacement = try typedPIN { () throws(JPKICardError) in try SignaturePIN(new) }
                let policy = pin.lastTry
                change = { card async throws(JPKICardError) in
                    try await card.changeSignaturePIN(from: old, to: replacement, lastTry: policy)
                }
            case .cardInfo:
                let old = try typedPIN { () throws(JPKICardError) in try CardInfoPIN(current) }
                let replacement = try typedPIN { () throws(JPKICardError) in try CardInfoPIN(new) }
                let policy = pin.lastTry
                change = { card async throws(JPKICardError) in
                    try await card.changeCardInfoPIN(from: old, to: replacement, lastTry: policy)
                }
            }
            let (myNumberCard, transport, _) = try await card.open()
            try await withCard(transport) { () async throws(JPKICardError) in try await change(myNumberCard) }
            if card.json {
                printJSON(["changed": kind.rawValue])
            } else {
                print("The \(kind.rawValue) PIN was changed.")
            }
        }
    }
}
