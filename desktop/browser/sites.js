// Which pages click-to-call works on, and the few values every part of the extension shares.
// Loaded by the content script, the background (Chromium: importScripts; Firefox: the
// "scripts" list) and the popup. No side effects: it only defines `WellSites`.
"use strict";

// eslint-disable-next-line no-unused-vars
var WellSites = (() => {
  /** The seed's default class of click-to-call elements. */
  const DEFAULT_CLASS = "well-canBeCalled";
  /** The longest text the agent accepts as a number (bytes of input; UTF-16 units here). */
  const MAX_DIAL_TEXT = 1024;
  /** More configured sites than any real fleet needs: the rest are ignored. */
  const MAX_SITES = 1000;

  /**
   * An exact origin ("scheme://host[:port]") of an http(s) URL, or null. A site is an origin:
   * a path, query, fragment or credentials make the entry invalid rather than silently wider.
   */
  function siteOrigin(text) {
    if (typeof text !== "string" || text.length > 2048) return null;
    if (text === "*") return "*";
    let url;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password || url.search || url.hash || url.pathname !== "/") return null;
    return url.origin;
  }

  /** The valid, distinct origins of a configured list (anything else is dropped). */
  function siteList(value) {
    if (!Array.isArray(value)) return [];
    const sites = [];
    for (const entry of value.slice(0, MAX_SITES)) {
      const origin = siteOrigin(entry);
      if (origin && !sites.includes(origin)) sites.push(origin);
    }
    return sites;
  }

  /**
   * The origin of a document URL when it is an http(s) page, else null. Opaque origins
   * ("null": sandboxed frames, data: URLs) and other schemes are never enabled.
   */
  function pageOrigin(text) {
    if (typeof text !== "string") return null;
    let url;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  }

  /**
   * Whether click-to-call is on for `origin`: "*" in the agent's sites enables every http(s)
   * origin; otherwise the origin must be listed exactly (scheme, host and port) by the agent or
   * by the user.
   */
  function isEnabled(origin, agentSites, userSites) {
    if (typeof origin !== "string" || pageOrigin(origin) !== origin) return false;
    const agent = siteList(agentSites);
    if (agent.includes("*") || agent.includes(origin)) return true;
    return siteList(userSites).filter((site) => site !== "*").includes(origin);
  }

  /** The configured class when it is a usable class name, else the default. */
  function className(value) {
    if (typeof value === "string" && /^[A-Za-z_-][A-Za-z0-9_-]{0,127}$/.test(value)) return value;
    return DEFAULT_CLASS;
  }

  /** The seed's bare-string rule, for showing: every non-digit removed. */
  function digits(text) {
    return typeof text === "string" ? text.replace(/[^0-9]/g, "") : "";
  }

  /** Whether `text` is a tel: or callto: URI (any case). */
  function isPhoneLink(text) {
    return typeof text === "string" && /^(tel|callto):/i.test(text.trim());
  }

  return Object.freeze({
    DEFAULT_CLASS,
    MAX_DIAL_TEXT,
    siteOrigin,
    siteList,
    pageOrigin,
    isEnabled,
    className,
    digits,
    isPhoneLink,
  });
})();
