#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A device's leg of a call.
struct PBXParty: Sendable, Hashable {
    enum Kind: Hashable { case extension_, outside }
    /// `Initiate`, `Alerting`, `Connect`, `Hold` as on the wire.
    enum State: String, Hashable {
        case initiate = "Initiate"
        case alerting = "Alerting"
        case connect = "Connect"
        case hold = "Hold"
    }

    var device: String
    var number: String
    var kind: Kind
    var state: State
    /// A monitoring party (spy): events about it go only to itself.
    var hidden = false
    /// Set while ringing because of a single-step conference by that device.
    var conferencedBy: String?
    var alertedAt: Date?
    var answeredAt: Date?
}

/// One call: its parties in joining order and its data.
struct PBXCall: Sendable, Hashable {
    var id: String
    var parties: [PBXParty]
    var callingDevice: String
    var calledDevice: String
    var callType: String
    var split: String?
    /// Waiting in this queue (number) for an agent.
    var queuedIn: String?
    var userData: [String: String] = [:]
    var userDataOrder: [String] = []
    /// For a consultation call: the held call and the consulting device.
    var consultHeld: String?
    var consultBy: String?
    var recordings: [String: String] = [:]
    var createdAt: Date

    func party(_ device: String) -> PBXParty? { self.parties.first { $0.device == device } }
    func index(of device: String) -> Int? { self.parties.firstIndex { $0.device == device } }
    var visibleParties: [PBXParty] { self.parties.filter { !$0.hidden } }
}
