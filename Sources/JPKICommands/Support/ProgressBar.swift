import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress display on standard error, only when it is a terminal: `LABEL 42%` on one line,
/// rewritten in place, and cleared by ``finish()``.
final class ProgressBar {
    /// The words before the percentage.
    let label: String
    /// Whether anything is shown: asked for, and standard error is a terminal.
    let enabled: Bool
    private var shown = -1

    /// A display that shows nothing until ``update(_:)``; `enabled: false` (a small input) keeps
    /// it silent.
    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
    }

    /// Shows `fraction` (0…1) as a percentage, writing only when the percentage changes.
    func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int(fraction * 100)
        guard percent != shown else { return }
        shown = percent
        FileHandle.standardError.write(Data("\r\(label) \(percent)%".utf8))
    }

    /// Clears the line; call it before anything else is written to standard error.
    func finish() {
        guard enabled, shown >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = -1
    }
}
