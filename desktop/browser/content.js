// Runs in every http(s) frame at document_start and does nothing unless the frame's exact
// origin is enabled (the agent's sites, "*" for all, or sites the user switched on in the
// popup). On an enabled site:
//   - a trusted click on an element with the click-to-call class (itself or an ancestor) dials
//     the element's text (source "class": the host keeps its digits);
//   - a trusted click on a tel:/callto: link has its default stopped at once (no browser
//     prompt, no external handler) and dials the link (source "link": tel: URI rules).
// Script-made events (event.isTrusted false) are ignored. Nothing is exposed to the page: the
// only things added to it are a style rule, title attributes and a closed-shadow toast.
"use strict";

(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  // The frame's own origin ("null" when sandboxed): an origin, never the page's claim.
  const origin = WellSites.pageOrigin(location.href) === null ? null : globalThis.origin;

  const state = { enabled: false, className: WellSites.DEFAULT_CLASS, selector: "" };
  /** Titles this script set, so a page's own title is never overwritten. */
  const ourTitles = new WeakMap();
  let style = null;

  // MARK: - settings

  function apply(items) {
    state.enabled = WellSites.isEnabled(origin, items.agentSites, items.userSites);
    state.className = WellSites.className(items.clickCallClass);
    state.selector = "." + CSS.escape(state.className);
    if (state.enabled) addStyle();
    else removeStyle();
  }

  function load() {
    api.storage.local.get(["agentSites", "userSites", "clickCallClass"]).then(apply, () => {});
  }

  if (origin === null) return; // not an http(s) page: nothing to do here
  load();
  api.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && ("agentSites" in changes || "userSites" in changes || "clickCallClass" in changes)) load();
  });

  // MARK: - showing what can be clicked

  /** One rule, zero specificity (`:where`), so the page's own cursor rules still win. */
  function addStyle() {
    if (style?.isConnected && style.dataset.wellclientClass === state.className) return;
    removeStyle();
    const parent = document.head ?? document.documentElement;
    if (!parent) {
      document.addEventListener("DOMContentLoaded", addStyle, { once: true });
      return;
    }
    style = document.createElement("style");
    style.dataset.wellclientClass = state.className;
    style.textContent = `:where(${state.selector}) { cursor: pointer; }`;
    parent.appendChild(style);
  }

  function removeStyle() {
    style?.remove();
    style = null;
  }

  /** Lazily, on hover: the element's title says what a click will dial. */
  function onHover(event) {
    if (!state.enabled) return;
    const element = clickCallElement(event);
    if (!element) return;
    if (!style?.isConnected) addStyle(); // the page replaced its <head>
    const number = WellSites.digits(element.textContent);
    const title = number ? api.i18n.getMessage("callNumber", [number]) : "";
    const current = element.getAttribute("title");
    if (current !== null && current !== ourTitles.get(element)) return; // the page's own title
    if (title) {
      element.setAttribute("title", title);
      ourTitles.set(element, title);
    } else if (current !== null) {
      element.removeAttribute("title");
      ourTitles.delete(element);
    }
  }

  // MARK: - clicks

  function eventElement(event) {
    const target = event.composedPath?.()[0] ?? event.target;
    if (target instanceof Element) return target;
    return target?.parentElement ?? null;
  }

  function clickCallElement(event) {
    return eventElement(event)?.closest(state.selector) ?? null;
  }

  function phoneLink(event) {
    const link = eventElement(event)?.closest("a[href], area[href]");
    return link && (link.protocol === "tel:" || link.protocol === "callto:") ? link : null;
  }

  function onClick(event) {
    if (!event.isTrusted || !state.enabled || event.button !== 0) return;
    const link = phoneLink(event);
    if (link) {
      event.preventDefault(); // synchronously: the browser must not hand the link elsewhere
      if (event.detail <= 1) send(link.href, "link");
      return;
    }
    const element = clickCallElement(event);
    // The second click of a double click is not a second dial.
    if (element && event.detail <= 1) send(element.textContent ?? "", "class");
  }

  function send(text, source) {
    if (text.length > WellSites.MAX_DIAL_TEXT) {
      toast(false, api.i18n.getMessage("dialFailed", [api.i18n.getMessage("tooLong")]));
      return;
    }
    api.runtime.sendMessage({ type: "dial", text, source }).then(
      (result) => {
        if (!result || result.ignored) return;
        if (result.ok) toast(true, api.i18n.getMessage("calling", [result.number]));
        else toast(false, result.message);
      },
      (error) => toast(false, api.i18n.getMessage("dialFailed", [String(error?.message ?? error)])),
    );
  }

  // Capturing on the window: this runs before any handler of the page (registered later).
  addEventListener("click", onClick, true);
  addEventListener("mouseover", onHover, true);

  // MARK: - the toast

  let toastHost = null;
  let toastTimer = 0;

  /** A small transient notice in a closed shadow root (the page cannot read or style it). */
  function toast(ok, text) {
    if (typeof text !== "string" || !text) return;
    if (!document.documentElement) return;
    toastHost?.remove();
    clearTimeout(toastTimer);
    toastHost = document.createElement("wellclient-toast");
    const root = toastHost.attachShadow({ mode: "closed" });
    const box = document.createElement("div");
    box.setAttribute("role", ok ? "status" : "alert");
    box.textContent = text;
    const sheet = document.createElement("style");
    sheet.textContent = `
      :host { all: initial; position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; }
      div { font: 14px/1.4 system-ui, sans-serif; max-width: 360px; padding: 10px 14px; border-radius: 8px;
            color: #fff; background: ${ok ? "#26a269" : "#c01c28"}; box-shadow: 0 2px 8px rgba(0,0,0,.3); }`;
    root.append(sheet, box);
    document.documentElement.appendChild(toastHost);
    const host = toastHost;
    toastTimer = setTimeout(() => host.remove(), ok ? 2500 : 6000);
  }

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only this extension's own pages and background (not a tab) may ask.
    if (sender.id !== api.runtime.id || sender.tab) return false;
    if (message?.type === "toast") toast(message.ok === true, message.text);
    // The popup asks which site this is (it may not see the tab's URL).
    if (message?.type === "origin") sendResponse({ origin });
    return false;
  });
})();
