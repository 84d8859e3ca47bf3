/// The page's files, compiled into the binary: one HTML document, its script and its style.
/// Nothing is inline (the Content-Security-Policy allows only these files).
enum PanelAssets {
    /// One served file.
    struct Asset: Sendable {
        let path: String
        let contentType: String
        let text: String
    }

    static let all: [Asset] = [
        Asset(path: "/", contentType: "text/html; charset=utf-8", text: html),
        Asset(path: "/panel.js", contentType: "text/javascript; charset=utf-8", text: script),
        Asset(path: "/panel.css", contentType: "text/css; charset=utf-8", text: style),
    ]
}
