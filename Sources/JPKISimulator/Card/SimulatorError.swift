import JPKIX509

/// Why a simulated card could not be made, saved or loaded.
public enum SimulatorError: Error, Sendable, CustomStringConvertible {
    /// A key or certificate could not be generated, issued or decoded.
    case certificate(X509Error)
    /// The persona or the persona file is not valid.
    case persona(PersonaError)
    /// A file could not be read or written: the path and why.
    case file(String, String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .certificate(let error): return "simulator PKI: \(error)"
        case .persona(let error): return error.description
        case .file(let path, let why): return "\(path): \(why)"
        }
    }
}
