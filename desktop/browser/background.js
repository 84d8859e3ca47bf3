// The extension's background (Chromium: service worker; Firefox: event page). It alone talks to
// the native host for dials: content scripts ask it, and it checks every request itself — the
// sender must be this extension's content script in a tab whose frame origin is enabled (taken
// from the browser's sender record, never from the message), the text a string of bounded
// length, a "link" a tel:/callto: URI. It listens to nothing from pages or other extensions
// (no onMessageExternal, no onConnectExternal, no externally_connectable).
"use strict";

if (typeof importScripts === "function" && typeof WellSites === "undefined") {
  // Chromium's service worker; Firefox loads these through the manifest's "scripts" list.
  importScripts("sites.js", "native.js");
}

const api = globalThis.browser ?? globalThis.chrome;
const MENU_ID = "wellclient-call-selection";
const REFRESH_ALARM = "wellclient-refresh-config";
/** How many dial results the popup can show (kept in session storage, gone on restart). */
const RECENT_DIALS = 10;

// MARK: - dialling

/** Dials one at a time, in the order asked: the agent allows one call per 2 s anyway, and
 *  order makes the first click the one that counts. */
let dialQueue = Promise.resolve();

function dial(text, source, tabId) {
  const run = dialQueue.then(() => dialNow(text, source, tabId));
  dialQueue = run.catch(() => {});
  return run;
}

async function dialNow(text, source, tabId) {
  const reply = await WellNative.request({ dial: text, source });
  const result = reply.ok
    ? { ok: true, number: typeof reply.number === "string" ? reply.number : WellSites.digits(text) }
    : { ok: false, code: reply.code, message: failureText(reply) };
  await remember({ at: Date.now(), source, ...result, ...(reply.ok ? { callId: String(reply.callId ?? "") } : {}) });
  await showOnBadge(tabId, result);
  return result;
}

/** The sentence a person sees when a dial fails. */
function failureText(reply) {
  const reason = reply.code === "hostMissing" ? api.i18n.getMessage("hostMissing") : reply.error;
  return api.i18n.getMessage("dialFailed", [reason]);
}

async function remember(entry) {
  try {
    const { recentDials } = await api.storage.session.get("recentDials");
    const list = Array.isArray(recentDials) ? recentDials : [];
    await api.storage.session.set({ recentDials: [entry, ...list].slice(0, RECENT_DIALS) });
  } catch (error) {
    console.warn("WellClient: could not record the dial", error);
  }
}

/** A failed dial marks the tab's toolbar button ("!", the reason as its tooltip) until the next
 *  successful one: the person sees it even where no toast can be shown. */
async function showOnBadge(tabId, result) {
  if (typeof tabId !== "number" || tabId < 0) return;
  try {
    await api.action.setBadgeText({ tabId, text: result.ok ? "" : "!" });
    await api.action.setTitle({ tabId, title: result.ok ? api.i18n.getMessage("actionTitle") : result.message });
    if (!result.ok) await api.action.setBadgeBackgroundColor({ tabId, color: "#c01c28" });
  } catch {
    // The tab closed meanwhile.
  }
}

// MARK: - requests from content scripts

/** The frame origin the browser recorded for `sender` ("null" for opaque origins). */
function senderOrigin(sender) {
  if (typeof sender.origin === "string") return sender.origin; // Chromium
  return WellSites.pageOrigin(sender.url); // Firefox has only the URL
}

/** The dial a content script asks for, when well formed; else null. */
function dialRequest(message) {
  if (message === null || typeof message !== "object" || message.type !== "dial") return null;
  const { text, source } = message;
  if (typeof text !== "string" || text.length === 0) return null;
  if (source === "class") return { text, source };
  if (source === "link" && WellSites.isPhoneLink(text)) return { text, source };
  return null;
}

async function answerContentScript(message, sender) {
  const request = dialRequest(message);
  if (!request) return { ok: false, ignored: true };
  const origin = senderOrigin(sender);
  const { agentSites, userSites } = await api.storage.local.get(["agentSites", "userSites"]);
  if (!WellSites.isEnabled(origin, agentSites, userSites)) {
    console.warn("WellClient: a dial from a site that is not enabled was ignored:", origin);
    return { ok: false, ignored: true };
  }
  if (request.text.length > WellSites.MAX_DIAL_TEXT) {
    return { ok: false, code: "invalidNumber", message: api.i18n.getMessage("dialFailed", [api.i18n.getMessage("tooLong")]) };
  }
  return dial(request.text, request.source, sender.tab.id);
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only this extension's own content scripts, running in a tab.
  if (sender.id !== api.runtime.id || !sender.tab || typeof sender.tab.id !== "number") return false;
  answerContentScript(message, sender).then(sendResponse, (error) => {
    console.error("WellClient:", error);
    sendResponse({ ok: false, code: "hostFailed", message: api.i18n.getMessage("dialFailed", [String(error)]) });
  });
  return true; // answers asynchronously
});

// MARK: - the context menu

// The browser calls this when the person chooses "Call …" on selected text (any site: they
// chose the number and the action themselves).
function onMenuClicked(info, tab) {
  if (info.menuItemId !== MENU_ID || typeof info.selectionText !== "string") return;
  const text = info.selectionText;
  const tabId = tab?.id;
  const done = text.length > WellSites.MAX_DIAL_TEXT
    ? Promise.resolve({ ok: false, code: "invalidNumber", message: api.i18n.getMessage("dialFailed", [api.i18n.getMessage("tooLong")]) })
    : dial(text, "selection", tabId);
  done.then((result) => {
    if (typeof tabId !== "number") return;
    const toast = result.ok
      ? { type: "toast", ok: true, text: api.i18n.getMessage("calling", [result.number]) }
      : { type: "toast", ok: false, text: result.message };
    // Pages without our content script (the browser's own pages) keep the badge only.
    api.tabs.sendMessage(tabId, toast, { frameId: info.frameId ?? 0 }).catch(() => {});
  });
}

api.contextMenus.onClicked.addListener(onMenuClicked);

async function createMenu() {
  await api.contextMenus.removeAll();
  api.contextMenus.create({ id: MENU_ID, title: api.i18n.getMessage("menuCallSelection"), contexts: ["selection"] });
}

// MARK: - settings from the agent

async function start() {
  await createMenu();
  await api.alarms.create(REFRESH_ALARM, { periodInMinutes: 5 });
  const reply = await WellNative.refreshConfig();
  if (!reply.ok) console.warn("WellClient: could not read the agent's browser settings:", reply.code, reply.error);
}

api.runtime.onInstalled.addListener(() => { start(); });
api.runtime.onStartup.addListener(() => { start(); });
api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) WellNative.refreshConfig();
});
