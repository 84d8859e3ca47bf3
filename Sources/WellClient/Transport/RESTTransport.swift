import AsyncHTTPClient
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import NIOCore
import NIOHTTP1
import NIOSSL
import WellProtocol

/// What a REST call returned.
struct RESTResponse: Sendable {
    /// HTTP status.
    var status: Int
    /// The body parsed as JSON (`nil` when empty or not JSON).
    var json: JSONValue?
    /// The body as text (for error messages).
    var text: String
}

/// Sends TPI logins and CSTA requests (one `CSTARequest` → one HTTP exchange) with a timeout.
/// Never logs a password or a form body.
struct RESTTransport: Sendable {
    let http: HTTPClient
    let ownsClient: Bool
    /// The TLS set-up of every connection to the server (REST and the event channel): the
    /// system's roots, plus `server.caFile` when set; `nil` without a CA file.
    let tls: TLSConfiguration?
    let baseURL: URL
    let tpiURL: URL
    let timeout: Duration

    init(configuration: WellClientConfiguration) throws(WellClientError) {
        self.baseURL = configuration.server.url
        self.tpiURL = configuration.server.resolvedTPIURL
        self.timeout = configuration.requestTimeout
        if let caFile = configuration.server.caFile, !caFile.isEmpty {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw .invalidConfiguration(key: "server.caFile", "cannot read \(caFile)")
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
            } catch {
                throw .invalidConfiguration(key: "server.caFile", "not a PEM certificate file: \(caFile)")
            }
            self.tls = tls
            self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            self.ownsClient = true
        } else {
            self.tls = nil
            self.http = HTTPClient.shared
            self.ownsClient = false
        }
    }

    /// Releases the HTTP client when it was created for a custom CA.
    func shutdown() async {
        if self.ownsClient { try? await self.http.shutdown() }
    }

    /// POSTs the TPI login form and returns the `sessionId`.
    func tpiLogin(username: String, password: String, namespace: String) async throws(WellClientError) -> String {
        var request = HTTPClientRequest(url: self.tpiURL.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=UTF-8")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: TPILogin.formBody(username: username, password: password, namespace: namespace)))
        let response = try await self.execute(request, operation: "TPI login")
        guard (200..<300).contains(response.status) else {
            throw Self.failure(response, operation: "TPI login")
        }
        guard let sessionId = response.json?["sessionId"]?.stringValue, !sessionId.isEmpty else {
            throw .invalidResponse("TPI login", "no sessionId in the answer")
        }
        return sessionId
    }

    /// Sends one CSTA request with the `sessionId` header.
    func send(_ cstaRequest: CSTARequest, sessionId: String) async throws(WellClientError) -> RESTResponse {
        let url = Self.join(self.baseURL, cstaRequest.path)
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: cstaRequest.method.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: TPILogin.sessionHeader, value: sessionId)
        if let data = cstaRequest.bodyData() {
            request.headers.add(name: "Content-Type", value: "application/json; charset=UTF-8")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        return try await self.execute(request, operation: cstaRequest.operation.name)
    }

    /// Builds the typed error for a non-2xx answer.
    static func failure(_ response: RESTResponse, operation: String) -> WellClientError {
        let status = CSTAStatus.forCode(response.status)
        let occupying = response.status == 459 ? (response.json?["agent"]?.stringValue ?? response.json?["agentId"]?.stringValue) : nil
        return .http(status: response.status, meaning: status.meaning, operation: operation, body: response.text, occupyingAgent: occupying)
    }

    static func join(_ base: URL, _ path: String) -> String {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text + path
    }

    private func execute(_ request: HTTPClientRequest, operation: String) async throws(WellClientError) -> RESTResponse {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(self.timeout.seconds * 1e9))
        do {
            let response = try await self.http.execute(request, deadline: deadline)
            let body = try await response.body.collect(upTo: 4 << 20)
            let bytes = Array(body.readableBytesView)
            let json = bytes.isEmpty ? nil : try? FastJSONParser.parse(bytes)
            return RESTResponse(status: Int(response.status.code), json: json, text: String(decoding: bytes.prefix(512), as: UTF8.self))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timeout(operation, after: self.timeout)
        } catch is CancellationError {
            throw .cancelled(operation)
        } catch {
            throw .transport(operation, String(describing: error))
        }
    }
}
