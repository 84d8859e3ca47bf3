/// The meaning of an HTTP status the CSTA API answers with (docs/protocol.md §6), for error messages.
public struct CSTAStatus: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code.
    public let code: Int
    /// A short English meaning.
    public let meaning: String
    /// The Chinese text the original client shows, when known.
    public let chinese: String?

    /// A status with its texts.
    public init(code: Int, meaning: String, chinese: String? = nil) {
        self.code = code
        self.meaning = meaning
        self.chinese = chinese
    }

    /// `451 extension not registered`.
    public var description: String { "\(self.code) \(self.meaning)" }

    /// Every status with a protocol-specific meaning.
    public static let table: [Int: CSTAStatus] = {
        let entries: [CSTAStatus] = [
            .init(code: 200, meaning: "success", chinese: "成功"),
            .init(code: 204, meaning: "success", chinese: "成功"),
            .init(code: 400, meaning: "malformed request", chinese: "请求格式错误"),
            .init(code: 401, meaning: "wrong job number, password or domain", chinese: "工号或密码或域名错误"),
            .init(code: 404, meaning: "no such call, connection or resource", chinese: "呼叫或连接不存在"),
            .init(code: 409, meaning: "operation does not fit the call's state", chinese: "当前呼叫状态不允许该操作"),
            .init(code: 423, meaning: "agent state illegal (agent deleted or disabled)", chinese: "坐席状态非法"),
            .init(code: 426, meaning: "session expired (get AccessToken failed); log in again", chinese: "获取AccessToken失败"),
            .init(code: 451, meaning: "extension not registered", chinese: "分机未注册"),
            .init(code: 452, meaning: "illegal agent job number", chinese: "非法的坐席工号"),
            .init(code: 453, meaning: "illegal extension", chinese: "非法的分机号"),
            .init(code: 454, meaning: "agent already logged in on this extension", chinese: "分机已经登录"),
            .init(code: 455, meaning: "agent already logged in on another extension", chinese: "坐席已经在其他分机登录"),
            .init(code: 456, meaning: "illegal device state", chinese: "非法的设备状态"),
            .init(code: 457, meaning: "unauthorized device", chinese: "未授权的设备"),
            .init(code: 458, meaning: "agent already logged out", chinese: "坐席已经登出"),
            .init(code: 459, meaning: "extension in use by another agent", chinese: "分机已被其他坐席使用"),
            .init(code: 460, meaning: "cannot set agent state while calling", chinese: "通话中不能设置坐席状态"),
            .init(code: 461, meaning: "online agents over the licensed maximum", chinese: "在线坐席数超过最大限制"),
            .init(code: 462, meaning: "pre-allocating the agent failed", chinese: "预占坐席失败"),
            .init(code: 465, meaning: "auto-outbound answer quota exceeded", chinese: "超过自动外呼接听配额"),
            .init(code: 466, meaning: "recording is disabled", chinese: "录音功能未开启"),
            .init(code: 483, meaning: "task not assigned", chinese: "任务未分配"),
            .init(code: 500, meaning: "server error", chinese: "服务器错误"),
        ]
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.code, $0) })
    }()

    /// The status for `code`; codes without a protocol meaning get a generic one.
    public static func forCode(_ code: Int) -> CSTAStatus {
        if let known = Self.table[code] { return known }
        switch code {
        case 200..<300: return CSTAStatus(code: code, meaning: "success")
        case 400..<500: return CSTAStatus(code: code, meaning: "request refused")
        default: return CSTAStatus(code: code, meaning: "server error")
        }
    }

    /// Whether the code means success.
    public var isSuccess: Bool { (200..<300).contains(self.code) }
}
