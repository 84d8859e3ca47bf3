#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol
import WellDesktopSupport

/// `calls.screenPopURL`: a CRM page opened when a call is established.
///
/// `{ani}` (the other party's number) and `{callId}` are replaced, percent-encoded so a value
/// can never add query parameters or change the URL's structure; the result is handed to
/// `xdg-open` (spawned without a shell, reaped in the background).
public struct ScreenPop: Sendable, Equatable {
    /// The template, e.g. `https://crm.example/search?phone={ani}&call={callId}`.
    public let template: String

    /// A screen pop for `template`.
    public init(template: String) { self.template = template }

    /// The URL for one call.
    public func url(ani: String, callId: String) -> String {
        template
            .replacing("{ani}", with: Self.encode(ani))
            .replacing("{callId}", with: Self.encode(callId))
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func encode(_ value: String) -> String {
        PathEncoding.formEncode(value)
    }

    /// Opens the URL for one call with `opener` (default `xdg-open`) found on `PATH`.
    /// - Returns: the opener's process id.
    /// - Throws: a description when the opener is missing or cannot start.
    @discardableResult
    public func open(ani: String, callId: String, environment: [String: String], opener: String = "xdg-open") async throws -> Int32 {
        guard let path = ChildProcess.locate(opener, environment: environment) else {
            throw AgentConfigurationError(key: "calls.screenPopURL", message: "\(opener) was not found on PATH")
        }
        let target = url(ani: ani, callId: callId)
        do {
            return try await ChildProcess.detach(path: path, arguments: [target], environment: environment)
        } catch {
            throw AgentConfigurationError(key: "calls.screenPopURL", message: error.description)
        }
    }
}
