extension PanelAssets {
    /// The document: the seed's controls with the seed's ids, the calls, the call data, and a
    /// section the call history fills when the agent sends one (`history` in the state).
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>WellClient</title>
        <link rel="stylesheet" href="/panel.css">
        <script src="/panel.js" defer></script>
        </head>
        <body>
        <header>
          <span id="agentLine" data-t="connecting"></span>
          <span id="link"></span>
        </header>
        <main>
          <section id="bar" aria-label="softphone">
            <div class="row">
              <select id="setMode" disabled aria-label="mode"></select>
              <button id="login" type="button" data-t="login" disabled></button>
              <button id="logout" type="button" data-t="logout" disabled></button>
            </div>
            <div class="row">
              <input id="number" type="text" inputmode="tel" autocomplete="off" spellcheck="false" data-tp="numberHint">
              <button id="make" type="button" data-t="make" disabled></button>
            </div>
            <div class="row">
              <button id="answer" type="button" data-t="answer" disabled></button>
              <button id="hold" type="button" data-t="hold" disabled></button>
              <button id="dropCon" type="button" data-t="dropCon" disabled></button>
            </div>
            <div class="row">
              <button id="sTran" type="button" data-t="sTran" disabled></button>
              <button id="sConf" type="button" data-t="sConf" disabled></button>
              <button id="ask" type="button" data-t="ask" disabled></button>
            </div>
            <div class="row">
              <button id="conf" type="button" data-t="conf" disabled></button>
              <button id="transfer" type="button" data-t="transfer" disabled></button>
              <button id="cancelAsk" type="button" data-t="cancelAsk" disabled></button>
            </div>
            <p id="error" role="alert"></p>
          </section>
          <section id="callsSection">
            <h2 data-t="calls"></h2>
            <ul id="calls"></ul>
            <p id="noCalls" data-t="noCalls"></p>
          </section>
          <section id="callData" hidden>
            <h2 data-t="callData"></h2>
            <div id="callDataRows"></div>
            <div class="row">
              <input id="dataKey" type="text" autocomplete="off" data-tp="key">
              <input id="dataValue" type="text" autocomplete="off" data-tp="value">
              <button id="dataSave" type="button" data-t="save"></button>
            </div>
            <p id="dataError" role="alert"></p>
          </section>
          <section id="history" hidden>
            <h2 data-t="recent"></h2>
            <ul id="historyList"></ul>
            <p id="historyEmpty" data-t="noHistory" hidden></p>
            <p id="historyError" role="alert"></p>
          </section>
        </main>
        </body>
        </html>
        """#
}
