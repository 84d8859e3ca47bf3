/// Why a ``CSTARequest`` could not be built.
public struct CSTARequestError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case missingParameter(String)
        case missingBodyKey(String)
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// A path or query parameter was missing or empty.
    public static func missingParameter(_ name: String) -> Self { .init(.missingParameter(name)) }
    /// A required body member was missing.
    public static func missingBodyKey(_ name: String) -> Self { .init(.missingBodyKey(name)) }

    /// A sentence naming the missing piece.
    public var description: String {
        switch self.code {
        case .missingParameter(let name): "missing request parameter '\(name)'"
        case .missingBodyKey(let name): "missing body member '\(name)'"
        }
    }
}
