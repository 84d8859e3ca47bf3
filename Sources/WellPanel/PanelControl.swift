/// The controls of the panel, each with the element id the seed's softphone bar gives it
/// (`setMode`, `number`, `make`, …), so a page or a test written for the seed's ids finds them.
///
/// ``hideable`` are the ids `[panel] hideButton` may hide, as the seed's `hideButton` does.
/// ``transfer`` and ``cancelAsk`` are ours: the two ends of a consultation besides `conf`.
public enum PanelControl: String, CaseIterable, Sendable {
    case setMode, number, make, answer, hold, sTran, sConf, ask, conf, dropCon, logout, login
    case transfer, cancelAsk

    /// The seed's ids, which `hideButton` accepts.
    public static let hideable: [PanelControl] = [.setMode, .number, .make, .answer, .hold, .sTran, .sConf, .ask, .conf, .dropCon, .logout, .login]
}
