#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Every text of the panel item and its menu, in English and Simplified Chinese.
public struct TrayStrings: Sendable {
    /// Whether the texts are Simplified Chinese (otherwise English).
    public let simplifiedChinese: Bool

    /// Texts in English, or in Simplified Chinese.
    public init(simplifiedChinese: Bool) { self.simplifiedChinese = simplifiedChinese }

    private func pick(_ en: String, _ zh: String) -> String { simplifiedChinese ? zh : en }

    // MARK: menu
    public var ready: String { pick("Ready", "就绪") }
    public var notReady: String { pick("Not Ready", "示忙") }
    public var answer: String { pick("Answer", "接听") }
    public var reject: String { pick("Reject", "拒接") }
    public var hold: String { pick("Hold", "保持") }
    public var retrieve: String { pick("Retrieve", "恢复") }
    public var hangUp: String { pick("Hang up", "挂断") }
    public var logIn: String { pick("Log in", "签入") }
    public var logOut: String { pick("Log out", "签出") }
    public var quit: String { pick("Quit", "退出") }
    public var noReason: String { pick("(no reason)", "（无原因）") }
    public var recentCalls: String { pick("Recent calls", "最近通话") }
    public var openPanel: String { pick("Open panel", "打开面板") }
    /// One line of "Recent calls": an arrow for the direction (in ↙, out ↗), the number, when
    /// the call began, and "missed" for a missed call.
    public func recentCall(number: String, incoming: Bool, missed: Bool, when: String) -> String {
        let shown = number.isEmpty ? unknownCaller : number
        return "\(incoming ? "↙" : "↗") \(shown) · \(when)" + (missed ? pick(" · missed", " · 未接") : "")
    }

    // MARK: states
    public var notConfigured: String { pick("Not configured", "尚未配置") }
    public var loggingIn: String { pick("Logging in…", "正在签入…") }
    public var loggedOut: String { pick("Logged out", "未签入") }
    public var linkDown: String { pick("Connection lost; reconnecting…", "连接已断开，正在重连…") }
    public var afterCallWork: String { pick("After-call work", "话后处理") }
    public var allocated: String { pick("Allocated", "预占中") }
    public var unknownCaller: String { pick("unknown caller", "未知号码") }
    public func notReady(reason: String) -> String { reason.isEmpty ? notReady : pick("Not Ready: \(reason)", "示忙：\(reason)") }
    public func ringing(from caller: String) -> String { pick("Incoming call from \(caller)", "来电：\(caller)") }
    public func queue(_ queue: String) -> String { pick("Queue: \(queue)", "队列：\(queue)") }
    public func onCall(with party: String) -> String { pick("On call with \(party)", "通话中：\(party)") }
    public func onHold(with party: String) -> String { pick("On hold: \(party)", "保持中：\(party)") }
    public func calling(_ party: String) -> String { pick("Calling \(party)…", "正在呼叫 \(party)…") }
    public var conference: String { pick("Conference call", "会议通话") }
    public func since(_ time: String) -> String { pick("since \(time)", "开始于 \(time)") }
    public func secondsLeft(_ seconds: Int) -> String { pick("\(seconds) s left", "剩余 \(seconds) 秒") }
    public func missedCalls(_ count: Int) -> String {
        pick(count == 1 ? "1 missed call" : "\(count) missed calls", "\(count) 个未接来电")
    }
    public func agentLine(agent: String, extensionNumber: String) -> String {
        pick("Agent \(agent) · extension \(extensionNumber)", "坐席 \(agent) · 分机 \(extensionNumber)")
    }

    /// The menu label of `action` (for messages about it).
    public func label(of action: TrayAction) -> String {
        switch action {
        case .ready: ready
        case .notReady(let reason): notReady(reason: reason)
        case .answer: answer
        case .reject: reject
        case .hold: hold
        case .retrieve: retrieve
        case .hangUp: hangUp
        case .logIn: logIn
        case .logOut: logOut
        case .quit: quit
        case .section(_, let key): key
        }
    }

    /// `HH:mm:ss` in the local time zone.
    static func clock(_ date: Date) -> String {
        let components = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let text = String(value ?? 0)
            return text.count < 2 ? "0" + text : text
        }
        return "\(two(components.hour)):\(two(components.minute)):\(two(components.second))"
    }
}
