import JPKITestSupport
import Testing

/// A command line that does not parse is bad input like any other: exit 2 with one line on
/// standard error (ArgumentParser alone would exit 64 and print the usage).
@Suite("Usage errors")
struct UsageErrorTests {
    @Test("an unknown option exits 2 with one line naming it")
    func unknownOption() throws {
        let run = try JPKIExecutable.run(["asn1", "dump", "--no-such-option", "file.der"])
        #expect(run.status == 2)
        #expect(run.error == "error: Unknown option '--no-such-option' (see jpki --help)\n")
        #expect(run.output.isEmpty)
    }

    @Test("a missing argument exits 2 with one line")
    func missingArgument() throws {
        let run = try JPKIExecutable.run(["x509", "show"])
        #expect(run.status == 2)
        #expect(run.error == "error: Missing expected argument '<file>' (see jpki --help)\n")
    }

    @Test("help still prints the usage and exits 0")
    func help() throws {
        let run = try JPKIExecutable.run(["crl", "--help"])
        #expect(run.status == 0)
        #expect(run.output.contains("USAGE: jpki crl"))
    }
}
