import Foundation
import WellProtocol

/// One attached DevTools target (a page, or an extension's service worker) on a
/// ``DevToolsConnection``: evaluate script, navigate, find an element's box, and click with real
/// input events (`Input.dispatchMouseEvent`: trusted, like a person's mouse).
public struct DevToolsSession: Sendable {
    /// The connection the session runs on.
    public let connection: DevToolsConnection
    /// The flattened session id.
    public let sessionId: String
    /// The target it is attached to.
    public let targetId: String

    /// A session on `targetId` (after `Target.attachToTarget` with `flatten: true`).
    public init(connection: DevToolsConnection, sessionId: String, targetId: String) {
        self.connection = connection
        self.sessionId = sessionId
        self.targetId = targetId
    }

    /// Sends a command in this session.
    @discardableResult
    public func send(_ method: String, _ params: JSONValue = [:], timeout: Duration = .seconds(30)) async throws -> JSONValue {
        try await self.connection.send(method, params, session: self.sessionId, timeout: timeout)
    }

    /// Brings the target's tab to the front (it becomes the window's active tab).
    public func activate() async throws {
        try await self.connection.send("Target.activateTarget", ["targetId": .string(self.targetId)])
    }

    /// Closes the target.
    public func closeTarget() async throws {
        try await self.connection.send("Target.closeTarget", ["targetId": .string(self.targetId)])
    }

    // MARK: - script

    /// Evaluates `expression` in the target's main world (awaiting a promise) and returns its
    /// value as JSON (`.null` for `undefined`).
    /// - Throws: ``DevToolsConnection/Failure`` with the exception's text when the script throws.
    public func evaluate(_ expression: String, timeout: Duration = .seconds(30)) async throws -> JSONValue {
        let result = try await self.send(
            "Runtime.evaluate", ["expression": .string(expression), "returnByValue": true, "awaitPromise": true], timeout: timeout)
        if let exception = result["exceptionDetails"] {
            let text = exception["exception"]?["description"]?.stringValue ?? exception["text"]?.stringValue ?? "\(exception)"
            throw DevToolsConnection.Failure(description: "script threw: \(text)")
        }
        return result["result"]?["value"] ?? .null
    }

    /// Evaluates `expression` every 50 ms until it yields `true` (or `timeout` passes).
    /// - Returns: whether it became true.
    @discardableResult
    public func waitUntil(_ expression: String, timeout: Duration = .seconds(20)) async throws -> Bool {
        do {
            try await eventually("`\(expression)`", timeout: timeout, pollInterval: .milliseconds(50)) {
                try await self.evaluate(expression).boolValue == true
            }
            return true
        } catch is EventuallyTimedOut {
            return false
        }
    }

    // MARK: - pages

    /// Navigates the page to `url` and waits until that document has loaded
    /// (`document.readyState == "complete"` at that URL).
    /// - Throws: when the navigation fails (e.g. connection refused) or does not finish in `timeout`.
    public func navigate(to url: String, timeout: Duration = .seconds(30)) async throws {
        let result = try await self.send("Page.navigate", ["url": .string(url)], timeout: timeout)
        if let error = result["errorText"]?.stringValue, !error.isEmpty {
            throw DevToolsConnection.Failure(description: "navigation to \(url) failed: \(error)")
        }
        let quoted = String(decoding: try JSONEncoder().encode(url), as: UTF8.self)
        guard try await self.waitUntil("location.href === \(quoted) && document.readyState === 'complete'", timeout: timeout) else {
            throw DevToolsConnection.Failure(description: "\(url) did not finish loading within \(timeout)")
        }
    }

    /// The centre and size of the first element matching `selector` (scrolled into view), in
    /// CSS pixels of the viewport, from `getBoundingClientRect`.
    public struct Box: Sendable, Equatable {
        /// Centre, horizontally.
        public var x: Double
        /// Centre, vertically.
        public var y: Double
        /// Width.
        public var width: Double
        /// Height.
        public var height: Double
    }

    /// The box of the first element matching `selector`.
    /// - Throws: when no element matches or it has no size.
    public func box(of selector: String) async throws -> Box {
        let quoted = String(decoding: try JSONEncoder().encode(selector), as: UTF8.self)
        let value = try await self.evaluate(
            """
            (() => {
              const element = document.querySelector(\(quoted));
              if (!element) return null;
              element.scrollIntoView({ block: "center", inline: "center" });
              const r = element.getBoundingClientRect();
              return { x: r.left + r.width / 2, y: r.top + r.height / 2, width: r.width, height: r.height };
            })()
            """)
        guard let x = value["x"]?.doubleValue, let y = value["y"]?.doubleValue,
            let width = value["width"]?.doubleValue, let height = value["height"]?.doubleValue
        else { throw DevToolsConnection.Failure(description: "no element matches \(selector)") }
        guard width > 0, height > 0 else { throw DevToolsConnection.Failure(description: "\(selector) has no size") }
        return Box(x: x, y: y, width: width, height: height)
    }

    /// Moves the mouse to the point, presses and releases the left button: a real click, as
    /// trusted input (`Input.dispatchMouseEvent`), answered once the page has handled it.
    public func click(x: Double, y: Double) async throws {
        try await self.send("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": .number(x), "y": .number(y)])
        try await self.send(
            "Input.dispatchMouseEvent",
            [
                "type": "mousePressed", "x": .number(x), "y": .number(y), "button": "left", "buttons": 1, "clickCount": 1,
            ])
        try await self.send(
            "Input.dispatchMouseEvent",
            [
                "type": "mouseReleased", "x": .number(x), "y": .number(y), "button": "left", "buttons": 0, "clickCount": 1,
            ])
    }

    /// Clicks the centre of the first element matching `selector`.
    public func click(_ selector: String) async throws {
        let box = try await self.box(of: selector)
        try await self.click(x: box.x, y: box.y)
    }

    /// Types `text` into the focused element, one character at a time, as key presses
    /// (`Input.dispatchKeyEvent` keyDown with the character's text, then keyUp): trusted input.
    public func type(_ text: String) async throws {
        for character in text {
            let key = String(character)
            try await self.send("Input.dispatchKeyEvent", ["type": "keyDown", "key": .string(key), "text": .string(key), "unmodifiedText": .string(key)])
            try await self.send("Input.dispatchKeyEvent", ["type": "keyUp", "key": .string(key)])
        }
    }

    /// A named key a test presses (`Input.dispatchKeyEvent` needs its code and key code).
    public enum Key: String, Sendable {
        case enter = "Enter"
        case escape = "Escape"
        case arrowUp = "ArrowUp"
        case arrowDown = "ArrowDown"
        case tab = "Tab"

        var keyCode: Int {
            switch self {
            case .enter: 13
            case .escape: 27
            case .arrowUp: 38
            case .arrowDown: 40
            case .tab: 9
            }
        }
    }

    /// Presses and releases `key` (with `modifiers`: 1 Alt, 2 Ctrl, 4 Meta, 8 Shift; a letter
    /// key by its character, e.g. `"a"` with Alt) on the focused element.
    public func press(_ key: Key, modifiers: Int = 0) async throws {
        var down: [String: JSONValue] = [
            "type": "rawKeyDown", "key": .string(key.rawValue), "code": .string(key.rawValue),
            "windowsVirtualKeyCode": .number(Double(key.keyCode)), "modifiers": .number(Double(modifiers)),
        ]
        var up = down
        up["type"] = "keyUp"
        if key == .enter { down["text"] = "\r" }
        try await self.send("Input.dispatchKeyEvent", .object(down))
        if key == .enter {
            try await self.send("Input.dispatchKeyEvent", ["type": "char", "key": "Enter", "text": "\r", "modifiers": .number(Double(modifiers))])
        }
        try await self.send("Input.dispatchKeyEvent", .object(up))
    }

    /// Presses a letter key with `modifiers` (1 Alt, 2 Ctrl, 4 Meta, 8 Shift), e.g. Alt+A.
    public func press(letter: Character, modifiers: Int) async throws {
        let key = String(letter).lowercased()
        let keyCode = Double(key.uppercased().unicodeScalars.first.map { Int($0.value) } ?? 0)
        var event: [String: JSONValue] = [
            "type": "rawKeyDown", "key": .string(key), "code": .string("Key" + key.uppercased()),
            "windowsVirtualKeyCode": .number(keyCode), "modifiers": .number(Double(modifiers)),
        ]
        try await self.send("Input.dispatchKeyEvent", .object(event))
        event["type"] = "keyUp"
        try await self.send("Input.dispatchKeyEvent", .object(event))
    }

    /// A PNG of the page's viewport (`Page.captureScreenshot`).
    public func screenshot() async throws -> Data {
        let result = try await self.send("Page.captureScreenshot", ["format": "png"])
        guard let text = result["data"]?.stringValue, let data = Data(base64Encoded: text) else {
            throw DevToolsConnection.Failure(description: "Page.captureScreenshot returned no image")
        }
        return data
    }

    /// Makes the page's `navigator.language` (and `Accept-Language`) `language` from the next
    /// load on (`Emulation.setUserAgentOverride`): headless Chromium ignores `--lang` for pages.
    public func setLanguage(_ language: String) async throws {
        let agent = try await self.evaluate("navigator.userAgent").stringValue ?? ""
        try await self.send("Emulation.setUserAgentOverride", ["userAgent": .string(agent), "acceptLanguage": .string(language)])
    }

    /// Emulates a viewport of `width` × `height` CSS pixels (`Emulation.setDeviceMetricsOverride`).
    public func setViewport(width: Int, height: Int) async throws {
        try await self.send(
            "Emulation.setDeviceMetricsOverride",
            ["width": .number(Double(width)), "height": .number(Double(height)), "deviceScaleFactor": 1, "mobile": false])
    }

    /// Moves the mouse over the centre of the first element matching `selector` (hover).
    public func hover(_ selector: String) async throws {
        let box = try await self.box(of: selector)
        try await self.send("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": .number(box.x), "y": .number(box.y)])
    }
}

extension JSONValue {
    /// The number, when this is a number.
    var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}
