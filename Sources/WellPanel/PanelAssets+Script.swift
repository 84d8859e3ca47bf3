extension PanelAssets {
    /// The script: the live state from `/api/live`, each control enabled only when its
    /// operation fits the calls, every operation a `POST /api/action` of a D-Bus method.
    static let script = #"""
        "use strict";
        (() => {
          const strings = {
            en: {
              connecting: "Connecting…", noToken: "Open the panel with: wellclient panel", refused: "The agent refused this page (open it again with: wellclient panel)",
              disconnected: "Agent not reachable; retrying…", login: "Log in", logout: "Log out", make: "Call", answer: "Answer", hold: "Hold", retrieve: "Retrieve",
              dropCon: "Hang up", sTran: "Transfer to", sConf: "Conference in", ask: "Consult", conf: "Conference", transfer: "Transfer", cancelAsk: "Cancel consult",
              ready: "Ready", notReady: "Not ready", afterCall: "After-call work", loggedOut: "Logged out", calls: "Calls", noCalls: "No calls",
              callData: "Call data", save: "Save", recent: "Recent calls", noHistory: "No calls yet.", missed: "missed", callBack: "Call back", key: "key", value: "value",
              numberHint: "Number", held: "held", consult: "consult", conference: "conference", linkDown: "server link down",
              Initiate: "dialling", Alerting: "ringing", Connect: "talking", Hold: "held", Fail: "failed", agent: "Agent",
            },
            zh: {
              connecting: "正在连接…", noToken: "请用 wellclient panel 打开面板", refused: "坐席程序拒绝了此页面（请用 wellclient panel 重新打开）",
              disconnected: "无法连接坐席程序，正在重试…", login: "登录", logout: "登出", make: "拨号", answer: "接听", hold: "保持", retrieve: "取回",
              dropCon: "挂断", sTran: "单步转移", sConf: "单步会议", ask: "咨询", conf: "会议", transfer: "转移", cancelAsk: "取消咨询",
              ready: "就绪", notReady: "未就绪", afterCall: "话后处理", loggedOut: "已登出", calls: "通话", noCalls: "没有通话",
              callData: "随路数据", save: "保存", recent: "最近通话", noHistory: "暂无通话记录。", missed: "未接", callBack: "回拨", key: "键", value: "值",
              numberHint: "号码", held: "保持", consult: "咨询", conference: "会议", linkDown: "服务器连接中断",
              Initiate: "拨号中", Alerting: "振铃", Connect: "通话中", Hold: "保持", Fail: "失败", agent: "坐席",
            },
          };
          const language = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
          const t = (key) => strings[language][key] ?? strings.en[key] ?? key;
          const $ = (id) => document.getElementById(id);
          const token = location.hash.slice(1);
          let state = null;
          let selected = null;
          let modeOptions = "";

          document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
          for (const element of document.querySelectorAll("[data-t]")) element.textContent = t(element.dataset.t);
          for (const element of document.querySelectorAll("[data-tp]")) element.placeholder = t(element.dataset.tp);

          function showError(id, text) { $(id).textContent = text || ""; }

          async function call(method, args, errorId = "error") {
            showError(errorId, "");
            try {
              const response = await fetch("/api/action", {
                method: "POST", cache: "no-store",
                headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
                body: JSON.stringify({ method, args }),
              });
              const body = await response.json().catch(() => ({}));
              if (!response.ok || !body.ok) { showError(errorId, body.message || String(response.status)); return null; }
              return body.result;
            } catch (error) {
              showError(errorId, String(error));
              return null;
            }
          }

          // The call model, as the agent reports it.
          const own = (c) => (c.parties || []).find((p) => p.isOwn);
          const ownState = (c) => own(c)?.state;
          const others = (c) => (c.parties || []).filter((p) => !p.isOwn).map((p) => p.deviceId.split("@")[0]);
          function model() {
            const calls = state?.calls || [];
            const loggedIn = state?.loggedIn === true;
            const ringing = calls.find((c) => ownState(c) === "Alerting" && c.origin !== "dialed" && c.origin !== "consult");
            const held = calls.filter((c) => ownState(c) === "Hold");
            const consult = calls.length === 2 && held.length === 1 ? calls.find((c) => c !== held[0]) : null;
            const only = calls.length === 1 ? calls[0] : null;
            return { calls, loggedIn, ringing, held: held[0] || null, consult, only };
          }

          function render() {
            const m = model();
            const number = $("number").value.trim();
            const talking = m.only && ownState(m.only) === "Connect";
            const agent = state?.agent;
            if (!state) {
              // Nothing of the agent without its state: every control off.
              for (const element of document.querySelectorAll("#bar button, #bar select")) element.disabled = true;
              $("calls").replaceChildren();
              $("callData").hidden = true;
              $("history").hidden = true;
              return;
            }
            const hidden = new Set(state.panel?.hideButton || []);
            for (const element of document.querySelectorAll("#bar [id]")) element.classList.toggle("hiddenControl", hidden.has(element.id));
            $("agentLine").textContent = agent?.agentId ? `${t("agent")} ${agent.agentId} · ${agent.deviceId.split("@")[0]}` : state.login;
            $("link").textContent = state.server?.connection === "down" ? t("linkDown") : "";
            $("login").disabled = m.loggedIn || state.login === "loggingIn";
            $("logout").disabled = !m.loggedIn;
            renderMode(m.loggedIn, agent);
            $("make").disabled = !(m.loggedIn && m.calls.length === 0 && number);
            $("answer").disabled = !(m.loggedIn && m.ringing);
            const retrieve = m.only && ownState(m.only) === "Hold";
            $("hold").textContent = t(retrieve ? "retrieve" : "hold");
            $("hold").disabled = !(m.loggedIn && (talking || retrieve));
            $("dropCon").disabled = !(m.loggedIn && m.calls.length > 0 && !(m.calls.length > 1 && !m.consult));
            for (const id of ["sTran", "sConf", "ask"]) $(id).disabled = !(m.loggedIn && talking && number);
            const consulting = m.loggedIn && m.consult !== null;
            $("conf").disabled = !(consulting && ownState(m.consult) === "Connect");
            $("transfer").disabled = !consulting;
            $("cancelAsk").disabled = !consulting;
            renderCalls(m);
            renderHistory();
          }

          function renderMode(loggedIn, agent) {
            const select = $("setMode");
            const reasons = state.panel?.notReadyReasons || [];
            const options = [["Ready|", t("ready")], ["NotReady|", t("notReady")]]
              .concat(reasons.map((r) => ["NotReady|" + r, `${t("notReady")}: ${r}`]))
              .concat([["WorkNotReady|", t("afterCall")], ["Logout|", t("loggedOut")]]);
            const key = JSON.stringify(options);
            if (key !== modeOptions) {
              modeOptions = key;
              select.replaceChildren(...options.map(([value, label]) => {
                const option = document.createElement("option");
                option.value = value;
                option.textContent = label;
                option.disabled = value.startsWith("WorkNotReady") || value.startsWith("Logout");
                return option;
              }));
            }
            const mode = loggedIn ? (agent?.mode || "NotReady") : "Logout";
            const withReason = `${mode}|${agent?.reason || ""}`;
            select.value = options.some(([value]) => value === withReason) ? withReason : `${mode}|`;
            select.disabled = !loggedIn;
          }

          function renderCalls(m) {
            const list = $("calls");
            if (selected && !m.calls.some((c) => c.callId === selected)) selected = null;
            list.replaceChildren(...m.calls.map((c) => {
              const item = document.createElement("li");
              item.dataset.callId = c.callId;
              item.classList.toggle("selected", c.callId === selected);
              const party = document.createElement("span");
              party.className = "party";
              party.textContent = others(c).join(", ") || c.calledDevice || c.callId;
              const phase = document.createElement("span");
              phase.textContent = t(ownState(c) || "");
              item.append(party, phase);
              const tags = [];
              if (m.consult === c) tags.push(t("consult"));
              if (c.isConferenced) tags.push(t("conference"));
              for (const tag of tags) {
                const span = document.createElement("span");
                span.className = "tag";
                span.textContent = tag;
                item.append(span);
              }
              const duration = document.createElement("span");
              duration.className = "duration";
              duration.dataset.since = c.establishedAt || "";
              item.append(duration);
              item.addEventListener("click", () => { selected = c.callId; render(); loadCallData(); });
              return item;
            }));
            $("noCalls").hidden = m.calls.length > 0;
            $("callData").hidden = selected === null;
            tick();
          }

          function tick() {
            for (const element of document.querySelectorAll(".duration")) {
              const since = Date.parse(element.dataset.since);
              if (Number.isNaN(since)) { element.textContent = ""; continue; }
              const seconds = Math.max(0, Math.floor((Date.now() - since) / 1000));
              element.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
            }
          }

          async function loadCallData() {
            if (!selected) return;
            const result = await call("GetCallData", [selected], "dataError");
            const rows = $("callDataRows");
            const data = result?.[0] || {};
            rows.replaceChildren(...Object.keys(data).sort().map((key) => {
              const row = document.createElement("div");
              row.className = "dataRow";
              const name = document.createElement("span");
              name.textContent = key + ":";
              const value = document.createElement("span");
              value.textContent = data[key];
              row.append(name, value);
              row.addEventListener("click", () => { $("dataKey").value = key; $("dataValue").value = data[key]; });
              return row;
            }));
          }

          function renderHistory() {
            const entries = Array.isArray(state?.history) ? state.history : null;
            $("history").hidden = entries === null;
            if (!entries) return;
            $("historyEmpty").hidden = entries.length > 0;
            $("historyList").replaceChildren(...entries.map((entry) => {
              const item = document.createElement("li");
              if (entry.unseen) item.className = "unseen";
              const party = document.createElement("span");
              party.className = "party";
              party.textContent = (entry.incoming ? "↙ " : "↗ ") + (entry.number || "");
              const when = document.createElement("span");
              when.className = "when";
              when.textContent = entry.startedAt || "";
              item.append(party, when);
              if (entry.missed) {
                const tag = document.createElement("span");
                tag.className = "tag";
                tag.textContent = t("missed");
                item.append(tag);
              }
              const back = document.createElement("button");
              back.type = "button";
              back.textContent = t("callBack");
              back.disabled = !(model().loggedIn && model().calls.length === 0 && entry.number);
              back.addEventListener("click", () => call("PlaceCall", [entry.number], "historyError"));
              item.append(back);
              return item;
            }));
            markSeenWhenShown();
          }

          // Missed calls the page shows to the user count as seen: once the page is visible, it
          // tells the agent (MarkMissedSeen), which clears the count in the tray and in Status.
          let seenAsked = false;
          function markSeenWhenShown() {
            const unseen = Array.isArray(state?.history) && state.history.some((entry) => entry.unseen);
            if (!unseen) { seenAsked = false; return; }
            if (seenAsked || document.visibilityState !== "visible") return;
            seenAsked = true;
            call("MarkMissedSeen", [], "historyError").then((result) => { if (result === null) seenAsked = false; });
          }
          document.addEventListener("visibilitychange", markSeenWhenShown);

          // The controls. Each reads the calls at the moment of the click.
          const number = () => $("number").value.trim();
          const activeCall = (m) => m.consult || m.only || m.calls.find((c) => ownState(c) !== "Hold");
          const actions = {
            make: () => call("PlaceCall", [number()]),
            answer: (m) => call("Answer", [m.ringing.callId]),
            hold: (m) => call(ownState(m.only) === "Hold" ? "Retrieve" : "Hold", [m.only.callId]),
            dropCon: (m) => call("HangUp", [activeCall(m).callId]),
            sTran: (m) => call("SingleStepTransfer", [m.only.callId, number()]),
            sConf: (m) => call("SingleStepConference", [m.only.callId, number(), "Active"]),
            ask: (m) => call("Consult", [m.only.callId, number()]),
            conf: (m) => call("Conference", [m.held.callId, m.consult.callId]),
            transfer: (m) => call("Transfer", [m.held.callId, m.consult.callId]),
            cancelAsk: (m) => call("CancelConsult", [m.held.callId, m.consult.callId]),
            login: () => call("Login", []),
            logout: () => call("Logout", []),
          };
          for (const [id, action] of Object.entries(actions)) {
            $(id).addEventListener("click", () => { if (!$(id).disabled && state) action(model()); });
          }
          $("setMode").addEventListener("change", () => {
            const [mode, reason] = $("setMode").value.split("|");
            call("SetAgentMode", [mode, reason || ""]);
          });
          $("dataSave").addEventListener("click", async () => {
            const key = $("dataKey").value.trim();
            if (!selected || !key) return;
            if (await call("SetCallData", [selected, { [key]: $("dataValue").value }], "dataError")) loadCallData();
          });
          $("number").addEventListener("input", render);
          $("number").addEventListener("keydown", (event) => {
            if (event.key === "Enter" && !$("make").disabled) { event.preventDefault(); $("make").click(); }
            if (event.key === "Escape") { $("number").value = ""; showError("error", ""); render(); }
          });
          document.addEventListener("keydown", (event) => {
            if (!event.altKey || event.ctrlKey || event.metaKey) return;
            const target = { a: "answer", h: "dropCon" }[event.key.toLowerCase()];
            if (target && !$(target).disabled) { event.preventDefault(); $(target).click(); }
          });
          setInterval(tick, 1000);

          function connect() {
            if (!/^[0-9a-f]{64}$/.test(token)) { $("agentLine").textContent = t("noToken"); render(); return; }
            const socket = new WebSocket(`ws://${location.host}/api/live?token=${token}`);
            let opened = false;
            socket.onopen = () => { opened = true; };
            socket.onmessage = (message) => { state = JSON.parse(message.data); render(); };
            socket.onclose = () => {
              state = null;
              render();
              if (!opened) { $("agentLine").textContent = t("refused"); return; }
              $("agentLine").textContent = t("disconnected");
              setTimeout(connect, 2000);
            };
          }
          render();
          connect();
        })();
        """#
}
