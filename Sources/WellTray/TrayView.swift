#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything the panel item shows for one ``TrayState``: look, title, tooltip and menu.
/// Pure: the same state, sections and time give the same view.
public struct TrayView: Sendable, Equatable {
    /// The row of ``TrayLook`` in force.
    public var look: TrayLook
    /// The one-line state (`Title` and the tooltip's title).
    public var title: String
    /// The tooltip's body lines (agent line, call details, missed calls).
    public var details: [String]
    /// The root's children.
    public var menu: [TrayMenuItem]

    /// Fixed ids of the items the view builds (sections get ids from ``sectionBase``).
    public enum ItemID {
        public static let header: Int32 = 1
        public static let ready: Int32 = 2
        public static let notReady: Int32 = 3
        public static let answer: Int32 = 10
        public static let reject: Int32 = 11
        public static let hold: Int32 = 12
        public static let retrieve: Int32 = 13
        public static let hangUp: Int32 = 14
        public static let logIn: Int32 = 20
        public static let logOut: Int32 = 21
        public static let quit: Int32 = 30
        /// Separators: 40…
        static let separatorBase: Int32 = 40
        /// Reasons under "Not Ready": 100 + index.
        public static let reasonBase: Int32 = 100
        /// Sections: 1000 × (index + 1) for the section, + 1 + item index for its items.
        public static let sectionBase: Int32 = 1000
    }

    /// The view of `state` at `now`, with `sections` added after the call items.
    public init(_ state: TrayState, strings: TrayStrings, sections: [TrayMenuSection] = [], now: Date = Date()) {
        look = TrayLook(state)
        title = Self.title(state, strings: strings)
        details = Self.details(state, strings: strings, now: now)
        menu = Self.menu(state, strings: strings, sections: sections, title: title)
    }

    // MARK: title and tooltip

    static func title(_ state: TrayState, strings: TrayStrings) -> String {
        switch state.session {
        case .notConfigured: return strings.notConfigured
        case .loggingIn: return strings.loggingIn
        case .loggedOut: return strings.loggedOut
        case .linkDown: return strings.linkDown
        case .loggedIn: break
        }
        if let ringing = state.ringing {
            return strings.ringing(from: ringing.caller.isEmpty ? strings.unknownCaller : ringing.caller)
        }
        if let active = state.active {
            let party = active.party.isEmpty ? strings.unknownCaller : active.party
            if active.held { return strings.onHold(with: party) }
            if active.dialling { return strings.calling(party) }
            return active.conference ? strings.conference : strings.onCall(with: party)
        }
        switch state.mode {
        case .ready?: return strings.ready
        case .notReady(let reason)?: return strings.notReady(reason: reason)
        case .afterCallWork?: return strings.afterCallWork
        case .allocated?: return strings.allocated
        case .other(let name)?: return name
        case nil: return strings.loggingIn
        }
    }

    static func details(_ state: TrayState, strings: TrayStrings, now: Date) -> [String] {
        var lines: [String] = []
        if let agent = state.agentId, let ext = state.extensionNumber {
            lines.append(strings.agentLine(agent: agent, extensionNumber: ext))
        }
        if state.session == .loggedIn {
            if let queue = state.ringing?.queue, !queue.isEmpty {
                lines.append(strings.queue(queue))
            }
            if let active = state.active {
                if active.conference, !active.party.isEmpty { lines.append(active.party) }
                if let since = active.since { lines.append(strings.since(TrayStrings.clock(since))) }
            }
            if state.ringing == nil, state.active == nil, case .afterCallWork(let since, let until)? = state.mode {
                if let until, until > now {
                    lines.append(strings.secondsLeft(Int(until.timeIntervalSince(now).rounded(.up))))
                } else if let since {
                    lines.append(strings.since(TrayStrings.clock(since)))
                }
            }
        }
        if state.missedCalls > 0 { lines.append(strings.missedCalls(state.missedCalls)) }
        return lines
    }

    // MARK: menu

    static func menu(_ state: TrayState, strings: TrayStrings, sections: [TrayMenuSection], title: String) -> [TrayMenuItem] {
        typealias ID = ItemID
        var items: [TrayMenuItem] = []
        var separators = ID.separatorBase
        func separator() {
            items.append(.separator(separators))
            separators += 1
        }
        var header = title
        if let agent = state.agentId, let ext = state.extensionNumber {
            header = "\(agent) · \(ext) · \(title)"
        }
        items.append(TrayMenuItem(id: ID.header, label: header, enabled: false))
        let loggedIn = state.session == .loggedIn || state.session == .linkDown
        if loggedIn {
            separator()
            let isReady = state.mode == .ready
            var isNotReady = false
            if case .notReady? = state.mode { isNotReady = true }
            items.append(TrayMenuItem(id: ID.ready, label: strings.ready, toggle: .radio(selected: isReady), action: .ready))
            let reasons = state.notReadyReasons.enumerated().map { index, reason in
                var selected = false
                if case .notReady(let current)? = state.mode { selected = current == reason }
                return TrayMenuItem(
                    id: ID.reasonBase + Int32(index), label: reason, toggle: .radio(selected: selected), action: .notReady(reason: reason))
            }
            items.append(
                TrayMenuItem(
                    id: ID.notReady, label: strings.notReady, toggle: .radio(selected: isNotReady),
                    action: reasons.isEmpty ? .notReady(reason: "") : nil, children: reasons))
        }
        if loggedIn, let ringing = state.ringing {
            separator()
            items.append(TrayMenuItem(id: ID.answer, label: strings.answer, action: .answer(callId: ringing.callId)))
            items.append(TrayMenuItem(id: ID.reject, label: strings.reject, action: .reject(callId: ringing.callId)))
        } else if loggedIn, let active = state.active {
            separator()
            if active.held {
                items.append(TrayMenuItem(id: ID.retrieve, label: strings.retrieve, action: .retrieve(callId: active.callId)))
            } else if !active.dialling {
                items.append(TrayMenuItem(id: ID.hold, label: strings.hold, action: .hold(callId: active.callId)))
            }
            items.append(TrayMenuItem(id: ID.hangUp, label: strings.hangUp, action: .hangUp(callId: active.callId)))
        }
        for (index, section) in sections.enumerated() where !section.items.isEmpty {
            let base = ID.sectionBase * Int32(index + 1)
            let lines = section.items.enumerated().map { offset, item in
                TrayMenuItem(
                    id: base + 1 + Int32(offset), label: item.label, enabled: item.enabled,
                    action: .section(id: section.id, key: item.key))
            }
            separator()
            if section.title.isEmpty {
                items += lines
            } else {
                items.append(TrayMenuItem(id: base, label: section.title, children: lines))
            }
        }
        separator()
        switch state.session {
        case .notConfigured:
            break
        case .loggedOut:
            items.append(TrayMenuItem(id: ID.logIn, label: strings.logIn, action: .logIn))
        case .loggingIn:
            items.append(TrayMenuItem(id: ID.logIn, label: strings.logIn, enabled: false))
        case .loggedIn, .linkDown:
            items.append(TrayMenuItem(id: ID.logOut, label: strings.logOut, action: .logOut))
        }
        items.append(TrayMenuItem(id: ID.quit, label: strings.quit, action: .quit))
        return items
    }
}
