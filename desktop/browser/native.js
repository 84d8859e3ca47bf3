// Talking to the native-messaging host `wellclient-browser-host` (one host process per request)
// and keeping the agent's settings in storage. Used by the background and the popup; needs
// the "nativeMessaging" and "storage" permissions, so never loaded into web pages.
"use strict";

// eslint-disable-next-line no-unused-vars
var WellNative = (() => {
  const api = globalThis.browser ?? globalThis.chrome;
  /** The host's registered name (lowercase: Chromium accepts only [a-z0-9_.]). */
  const HOST = "cc.wellcloud.wellclient";
  /** The only error codes the host sends; anything else is reported as "server". */
  const CODES = new Set([
    "invalidRequest", "invalidNumber", "refused", "notLoggedIn", "unavailable",
    "configuration", "cancelled", "server", "forbidden",
  ]);

  /**
   * Sends one request to the host and returns its reply as {ok: true, …} or
   * {ok: false, error, code}. A host that is not installed, crashes or answers garbage becomes
   * {ok: false, code: "hostMissing" | "hostFailed"} — never a thrown error.
   */
  async function request(message) {
    let reply;
    try {
      reply = await api.runtime.sendNativeMessage(HOST, message);
    } catch (error) {
      const text = String(error?.message ?? error);
      // Chromium: "Specified native messaging host not found."; Firefox: "No such native application …".
      const missing = /not found|no such native application/i.test(text);
      return { ok: false, code: missing ? "hostMissing" : "hostFailed", error: text };
    }
    if (reply === null || typeof reply !== "object" || Array.isArray(reply)) {
      return { ok: false, code: "hostFailed", error: "the host answered something that is not a JSON object" };
    }
    if (reply.ok === true) return reply;
    const error = typeof reply.error === "string" ? reply.error : "the host gave no reason";
    return { ok: false, code: CODES.has(reply.code) ? reply.code : "server", error };
  }

  /**
   * Asks the host for the agent's browser settings and stores them ("agentSites",
   * "clickCallClass"); returns the reply. On failure the stored copy stays as it was, so pages
   * keep working while the agent is briefly unreachable.
   */
  async function refreshConfig() {
    const reply = await request({ config: true });
    if (reply.ok && reply.config && typeof reply.config === "object") {
      await api.storage.local.set({
        agentSites: WellSites.siteList(reply.config.sites),
        clickCallClass: WellSites.className(reply.config.clickCallClass),
      });
    }
    return reply;
  }

  return Object.freeze({ HOST, request, refreshConfig });
})();
