extension PanelAssets {
    /// The style: one column that fits a narrow window docked at a screen edge.
    static let style = #"""
        :root { color-scheme: light dark; --accent: #1a73e8; --bad: #c5221f; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, sans-serif; min-width: 240px; }
        header { display: flex; justify-content: space-between; gap: 8px; padding: 8px 10px; background: var(--accent); color: #fff; }
        main { padding: 8px 10px; max-width: 520px; }
        h2 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .04em; opacity: .7; }
        .row { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
        .row > * { flex: 1 1 70px; }
        input, select, button { font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid #8888; min-height: 32px; }
        #number { flex: 3 1 140px; }
        button { cursor: pointer; background: #8881; }
        button:not(:disabled):hover { border-color: var(--accent); }
        button:disabled, select:disabled { opacity: .45; cursor: default; }
        #make, #answer { background: #1e8e3e; color: #fff; }
        #dropCon { background: var(--bad); color: #fff; }
        [hidden], .hiddenControl { display: none !important; }
        #error, #dataError { color: var(--bad); min-height: 1.2em; margin: 4px 0; }
        ul { list-style: none; padding: 0; margin: 0; }
        #calls li, #historyList li { display: flex; flex-wrap: wrap; gap: 6px; padding: 6px; border: 1px solid #8884; border-radius: 6px; margin: 4px 0; cursor: pointer; }
        #calls li.selected { border-color: var(--accent); }
        .party { font-weight: 600; flex: 1 1 auto; }
        .tag { font-size: 12px; padding: 0 6px; border-radius: 8px; background: #8882; }
        .when { font-size: 12px; opacity: 0.8; }
        #historyList li.unseen { border-color: #c33; }
        .dataRow { display: flex; gap: 6px; }
        .dataRow span:first-child { font-weight: 600; }
        """#
}
