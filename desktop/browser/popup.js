// The toolbar popup: the agent's state (through the host's {"status": true}), the switch
// "Click-to-call on this site" for the current tab's origin (stored in "userSites"), and the
// last dial's result.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const t = (name, substitutions) => api.i18n.getMessage(name, substitutions);
const $ = (id) => document.getElementById(id);

for (const element of document.querySelectorAll("[data-i18n]")) {
  element.textContent = t(element.dataset.i18n);
}
document.title = t("popupHeading");

// MARK: - the agent

const LOGIN_WORDS = {
  loggingIn: "loginLoggingIn",
  loggedOut: "loginLoggedOut",
  failed: "loginFailed",
  idle: "loginIdle",
  notConfigured: "loginNotConfigured",
};

function modeWord(mode) {
  if (mode === "Ready") return t("modeReady");
  if (mode === "NotReady") return t("modeNotReady");
  return typeof mode === "string" && mode ? mode : "—";
}

/** "8002@demo.cc" → "8002". */
function number(device) {
  return typeof device === "string" ? device.split("@")[0] : "";
}

function renderStatus(reply) {
  const agent = $("agent");
  const calls = $("calls");
  calls.replaceChildren();
  agent.classList.toggle("error", !reply.ok || reply.status?.login !== "loggedIn");
  if (!reply.ok) {
    if (reply.code === "hostMissing") agent.textContent = t("hostMissing");
    else if (reply.code === "unavailable") agent.textContent = t("stateUnavailable");
    else agent.textContent = reply.error;
    return;
  }
  const status = reply.status ?? {};
  const who = String(status.agentId ?? status.agent?.agentId ?? "");
  if (status.login === "loggedIn") {
    agent.textContent = t("stateLoggedIn", [who, modeWord(status.agent?.mode)]);
  } else {
    const word = LOGIN_WORDS[status.login];
    const state = word ? t(word) : String(status.login ?? "");
    agent.textContent = who ? t("stateNotLoggedIn", [who, state]) : state;
  }
  for (const call of Array.isArray(status.calls) ? status.calls : []) {
    const parties = Array.isArray(call.parties) ? call.parties : [];
    const others = parties.filter((party) => party.isOwn !== true && party.deviceId !== status.deviceId);
    const item = document.createElement("li");
    item.textContent = t("callInProgress", [others.map((party) => number(party.deviceId)).join(", ") || "—"]);
    calls.appendChild(item);
  }
}

// MARK: - this site

/** The active tab's origin: from its URL when the browser shows it (activeTab: the toolbar
 *  button was clicked), else as our content script in its top frame reports it (no "tabs" or
 *  host permission needed). Null for pages that are not http(s). */
async function currentOrigin() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (!tab) return null;
  if (tab.url) return WellSites.pageOrigin(tab.url);
  try {
    const reply = await api.tabs.sendMessage(tab.id, { type: "origin" }, { frameId: 0 });
    return WellSites.pageOrigin(reply?.origin);
  } catch {
    return null; // no content script there: not an http(s) page, or loaded before the extension
  }
}

async function renderSite(origin) {
  const box = $("site");
  const note = $("site-note");
  $("origin").textContent = origin ?? "";
  if (!origin) {
    box.checked = false;
    box.disabled = true;
    note.textContent = t("siteUnavailable");
    return;
  }
  const { agentSites, userSites } = await api.storage.local.get(["agentSites", "userSites"]);
  const byAgent = WellSites.isEnabled(origin, agentSites, []);
  box.checked = byAgent || WellSites.siteList(userSites).includes(origin);
  box.disabled = byAgent;
  note.textContent = byAgent ? t("siteByAgent") : "";
}

async function toggleSite(origin, on) {
  const { userSites } = await api.storage.local.get("userSites");
  const sites = WellSites.siteList(userSites).filter((site) => site !== origin && site !== "*");
  if (on) sites.push(origin);
  await api.storage.local.set({ userSites: sites });
}

// MARK: - the last dial

async function renderLast() {
  const { recentDials } = await api.storage.session.get("recentDials");
  const last = Array.isArray(recentDials) ? recentDials[0] : undefined;
  const element = $("last");
  if (!last) return;
  element.textContent = last.ok ? t("lastDialled", [last.number]) : last.message;
  element.classList.toggle("error", !last.ok);
}

async function main() {
  const origin = await currentOrigin();
  await renderSite(origin);
  $("site").addEventListener("change", async (event) => {
    await toggleSite(origin, event.target.checked);
    await renderSite(origin);
  });
  renderLast();
  WellNative.request({ status: true }).then(renderStatus);
  // The agent's sites may have changed since the last refresh.
  WellNative.refreshConfig().then(() => renderSite(origin));
}

main();
