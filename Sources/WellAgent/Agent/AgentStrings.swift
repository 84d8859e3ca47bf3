/// Every text the agent shows a person, in English and Simplified Chinese.
///
/// Texts that embed a value take it as a parameter, so no format string can be mismatched.
public struct AgentStrings: Sendable {
    /// The language these texts are in.
    public let language: AgentLanguage

    /// Texts for `language`.
    public init(_ language: AgentLanguage) { self.language = language }

    private func pick(_ en: String, _ zh: String) -> String { language == .english ? en : zh }

    // MARK: call notifications
    public var incomingCall: String { pick("Incoming call", "来电") }
    public func incomingCallBody(from caller: String) -> String { pick("From \(caller)", "来自 \(caller)") }
    public func queueLine(_ queue: String) -> String { pick("Queue: \(queue)", "队列：\(queue)") }
    public func calling(_ number: String) -> String { pick("Calling \(number)…", "正在呼叫 \(number)…") }
    public func onCallWith(_ party: String) -> String { pick("On call with \(party)", "通话中：\(party)") }
    public func onHoldWith(_ party: String) -> String { pick("On hold: \(party)", "保持中：\(party)") }
    public var conference: String { pick("Conference call", "会议通话") }
    public func missedCall(from caller: String) -> String { pick("Missed call from \(caller)", "未接来电：\(caller)") }
    public var unknownCaller: String { pick("unknown caller", "未知号码") }

    // MARK: actions
    public var answer: String { pick("Answer", "接听") }
    public var reject: String { pick("Reject", "拒接") }
    public var hangUp: String { pick("Hang up", "挂断") }
    public var callBack: String { pick("Call back", "回拨") }
    public var call: String { pick("Call", "拨打") }
    public var cancel: String { pick("Cancel", "取消") }
    public var forceLogin: String { pick("Log in here", "强制登录") }

    // MARK: confirmations and session trouble
    public func confirmDial(_ number: String) -> String { pick("Call \(number)?", "拨打 \(number)？") }
    public func dialFailed(_ number: String) -> String { pick("Could not call \(number)", "无法拨打 \(number)") }
    public var dialFailedNoNumber: String { pick("Could not place the call", "无法拨打电话") }
    public var confirmDialBody: String { pick("A link asked to place this call.", "某个链接请求拨打此号码。") }
    public var appName: String { pick("WellClient", "WellClient 坐席") }
    public var loginFailed: String { pick("Agent login failed", "坐席登录失败") }
    public var wrongPassword: String { pick("Wrong job number, password or domain.", "工号、密码或域名错误。") }
    public func extensionNotRegistered(_ ext: String) -> String {
        pick(
            "Extension \(ext) is not registered: start its phone or softphone first.",
            "分机 \(ext) 未注册：请先启动话机或软电话。")
    }
    public func extensionInUse(_ ext: String, by agent: String) -> String {
        pick("Extension \(ext) is in use by agent \(agent).", "分机 \(ext) 正被坐席 \(agent) 使用。")
    }
    public var alreadyLoggedIn: String {
        pick("This agent is logged in elsewhere. Log in here?", "该坐席已在别处登录，是否强制登录？")
    }
    public func serverUnreachable(_ url: String) -> String { pick("Cannot reach \(url).", "无法连接 \(url)。") }
    public var linkLost: String { pick("Connection to the call server lost; reconnecting…", "与呼叫服务器的连接已断开，正在重连…") }
    public var sessionEndedRelogin: String {
        pick(
            "The call server ended the session while the connection was down; logging in again…",
            "连接中断期间呼叫服务器结束了会话，正在重新登录…")
    }
    public var linkRestored: String { pick("Connection to the call server restored.", "与呼叫服务器的连接已恢复。") }
    public var afterCallWork: String { pick("After-call work", "话后处理") }
    public var afterCallWorkBody: String {
        pick(
            "No queue calls reach you until the wrap-up time runs out or you set Ready (wellclient mode Ready).",
            "话后处理时间结束或设为就绪（wellclient mode Ready）之前，不会分配队列来电。")
    }
    public func trayActionFailed(_ action: String) -> String { pick("“\(action)” failed", "“\(action)”失败") }
    public var configurationProblem: String { pick("WellClient is not configured", "WellClient 尚未配置") }

    // MARK: history
    public func historyMovedAside(_ path: String) -> String {
        pick(
            "The call history file was damaged; it was moved to \(path) and a new history started.",
            "通话记录文件已损坏，已移至 \(path)，并开始新的记录。")
    }
}
