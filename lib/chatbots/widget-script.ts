/**
 * The embeddable chat widget: a self-contained vanilla script served at /widget.js. A website adds
 * `<script src="https://<app>/widget.js" data-bot-key="bot_…" async></script>`; the script talks to
 * the public chat API on the origin it was loaded from. Bubble + panel in a shadow root (the page's
 * CSS cannot break it), a real <button> with aria-label and aria-expanded, an aria-live log, focus
 * moved into the panel on open and back to the bubble on close, Esc closes. The session id and
 * visitor token are kept in localStorage, so a reload resumes the same conversation; new messages
 * (agent replies) are polled every few seconds while the page is visible. A message is sent asking
 * for server-sent events: with an LLM configured the answer appears as it is written, under the
 * passages it is drawn from, and is then replaced by the stored message (the log is aria-busy
 * meanwhile, so a screen reader reads the answer once). Its look (title, colours, launcher position
 * and text, avatar) comes from the bot's settings: the script first asks /api/chat/<key>/widget,
 * which also says whether this website may use the bot (else, and for a paused bot, the visitor
 * reads a polite message and the site's owner a hint in the console; no call is refused). The
 * attributes data-title, data-color and data-position="left" are the look until then, or when that
 * answer cannot be had. A call that cannot reach the app says so in words, never "Failed to fetch".
 */
export const WIDGET_SCRIPT = String.raw`(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-bot-key]");
  if (!script || window.__orgflowChatLoaded) return;
  var botKey = script.getAttribute("data-bot-key") || "";
  if (!/^bot_[a-z0-9]{24,64}$/.test(botKey)) { console.error("[orgflow chat] data-bot-key is missing or malformed"); return; }
  window.__orgflowChatLoaded = true;
  var appOrigin = new URL(script.src, location.href).origin;
  var api = appOrigin + "/api/chat/" + botKey;
  var storeKey = "orgflow-chat:" + botKey;
  var HEX = /^#[0-9a-fA-F]{6}$/;
  var look = {
    title: script.getAttribute("data-title") || "Chat with us",
    color: HEX.test(script.getAttribute("data-color") || "") ? script.getAttribute("data-color") : "#4f46e5",
    text_color: "#ffffff",
    position: script.getAttribute("data-position") === "left" ? "left" : "right",
    launcher_text: ""
  };
  var avatar = null, refusal = null; // refusal: the config's polite message when this site may not chat
  var OFFLINE = "We could not reach the chat. Check your connection and try again.";
  // fetch, with a network failure (offline, blocked) said in words.
  function request(url, init) {
    return fetch(url, init).catch(function () { var e = new Error(OFFLINE); e.status = 0; throw e; });
  }

  function load() { try { return JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { return null; } }
  function save(s) { try { localStorage.setItem(storeKey, JSON.stringify(s)); } catch (e) {} }
  function forget() { try { localStorage.removeItem(storeKey); } catch (e) {} }

  var state = load(); // { sessionId, token, lastSeq }
  var seen = {};
  var open = false, busy = false, pollTimer = null, unread = 0, started = null; // started: the session being started or resumed (a promise)

  var host = document.createElement("div");
  host.setAttribute("data-orgflow-chat", "");
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  root.innerHTML =
    "<style>" +
    ":host{all:initial;--c:#4f46e5;--t:#fff}" +
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".bubble{position:fixed;bottom:20px;right:20px;min-width:56px;height:56px;border-radius:28px;border:0;background:var(--c);color:var(--t);gap:8px;padding:0 15px;font-size:15px;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000;display:flex;align-items:center;justify-content:center}" +
    ".bubble:focus-visible,.panel button:focus-visible,.panel textarea:focus-visible{outline:3px solid #111;outline-offset:2px}" +
    ".badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}" +
    ".panel{position:fixed;bottom:88px;right:20px;width:min(380px,calc(100vw - 24px));height:min(560px,calc(100vh - 110px));background:#fff;color:#111;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;z-index:2147483000}" +
    ".panel[hidden]{display:none}" +
    ".head{background:var(--c);color:var(--t);padding:12px 14px;display:flex;align-items:center;justify-content:space-between;gap:8px}" +
    ".head h2{font-size:15px;margin:0;font-weight:600;flex:1}" +
    ".avatar{width:32px;height:32px;border-radius:50%;object-fit:cover;background:#fff;flex:none}" +
    ".avatar[hidden]{display:none}" +
    ".close{background:transparent;border:0;color:var(--t);font-size:22px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:6px}" +
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}" +
    ".msg{max-width:85%;padding:8px 11px;border-radius:12px;font-size:14px;line-height:1.4;white-space:pre-wrap;word-wrap:break-word}" +
    ".msg.user{align-self:flex-end;background:var(--c);color:var(--t);border-bottom-right-radius:4px}" +
    ".msg.bot,.msg.agent{align-self:flex-start;background:#fff;border:1px solid #e2e8f0;border-bottom-left-radius:4px}" +
    ".msg.agent{border-color:#f59e0b}" +
    ".who{display:block;font-size:11px;color:#64748b;margin-bottom:2px}" +
    ".src{display:block;font-size:11px;color:#64748b;margin-top:4px}" +
    ".msg.live{opacity:.92}" +
    ".notice{align-self:center;font-size:12px;color:#64748b;text-align:center}" +
    ".notice.error{color:#b91c1c}" +
    ".choices{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}" +
    ".choices button{border:1px solid var(--c);background:#fff;color:#111;border-radius:14px;padding:5px 10px;font-size:13px;cursor:pointer}" +
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #e2e8f0;background:#fff}" +
    "textarea{flex:1;resize:none;border:1px solid #cbd5e1;border-radius:8px;padding:8px;font-size:14px;height:40px;max-height:120px;color:#111;background:#fff}" +
    ".send{border:0;border-radius:8px;background:var(--c);color:var(--t);padding:0 14px;font-size:14px;cursor:pointer}" +
    ".send:disabled,textarea:disabled{opacity:.6;cursor:default}" +
    ".label:empty{display:none}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "</style>" +
    "<button class='bubble' type='button' aria-label='Open chat' aria-expanded='false' aria-controls='orgflow-chat-panel'>" +
    "<svg width='26' height='26' viewBox='0 0 24 24' fill='none' stroke='currentColor' stroke-width='2' aria-hidden='true'><path d='M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'/></svg>" +
    "<span class='label'></span><span class='badge' hidden></span></button>" +
    "<section class='panel' id='orgflow-chat-panel' role='dialog' aria-modal='false' aria-labelledby='orgflow-chat-title' hidden>" +
    "<div class='head'><img class='avatar' alt='' hidden><h2 id='orgflow-chat-title'></h2><button class='close' type='button' aria-label='Close chat'>&times;</button></div>" +
    "<div class='log' role='log' aria-live='polite' aria-relevant='additions' tabindex='0' aria-label='Conversation'></div>" +
    "<form><label class='sr' for='orgflow-chat-input'>Your message</label>" +
    "<textarea id='orgflow-chat-input' maxlength='2000' rows='1' placeholder='Type your message…'></textarea>" +
    "<button class='send' type='submit'>Send</button></form></section>";
  var $ = function (s) { return root.querySelector(s); };
  var bubble = $(".bubble"), panel = $(".panel"), log = $(".log"), form = $("form"), input = $("textarea"), send = $(".send"), badge = $(".badge");
  // The customer's look: colours as custom properties, the side as a class, texts as text.
  function applyLook() {
    host.style.setProperty("--c", look.color);
    host.style.setProperty("--t", look.text_color);
    var left = look.position === "left";
    [bubble, panel].forEach(function (el) { el.style.left = left ? "20px" : "auto"; el.style.right = left ? "auto" : "20px"; });
    $("#orgflow-chat-title").textContent = look.title;
    $(".label").textContent = look.launcher_text || "";
    var img = $(".avatar");
    if (avatar) { img.src = avatar; img.hidden = false; } else { img.removeAttribute("src"); img.hidden = true; }
  }

  function notice(text, error) {
    var p = document.createElement("p");
    p.className = "notice" + (error ? " error" : "");
    p.textContent = text;
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
  }
  function clearChoices() { var c = root.querySelectorAll(".choices"); for (var i = 0; i < c.length; i++) c[i].remove(); }
  function render(m, quiet) {
    if (m.seq && seen[m.seq]) return;
    if (m.seq) seen[m.seq] = true;
    if (state && m.seq && m.seq > (state.lastSeq || 0)) { state.lastSeq = m.seq; save(state); }
    clearChoices();
    var div = document.createElement("div");
    div.className = "msg " + m.role;
    if (m.role !== "user") {
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = m.role === "agent" ? (m.author_name || "Team") : "Bot";
      div.appendChild(who);
    }
    div.appendChild(document.createTextNode(m.content));
    if (m.sources && m.sources.length) {
      var src = document.createElement("span");
      src.className = "src";
      src.textContent = "Source: " + m.sources.map(function (s) { return s.title + (s.page ? " (p. " + s.page + ")" : ""); }).join("; ");
      div.appendChild(src);
    }
    log.appendChild(div);
    if (m.choices && m.choices.length) {
      var box = document.createElement("div");
      box.className = "choices";
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Choices");
      m.choices.forEach(function (c) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = c;
        b.addEventListener("click", function () { submit(c); });
        box.appendChild(b);
      });
      log.appendChild(box);
    }
    log.scrollTop = log.scrollHeight;
    if (!open && !quiet && m.role !== "user") { unread++; badge.textContent = String(unread); badge.hidden = false; bubble.setAttribute("aria-label", "Open chat (" + unread + " new)"); }
  }
  function call(method, path, body) {
    var headers = { "content-type": "application/json" };
    if (state && state.token) headers["x-visitor-token"] = state.token;
    return request(api + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: "omit" })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (json) {
          if (!r.ok) { var e = new Error((json.error && json.error.message) || "The chat is not available right now."); e.status = r.status; throw e; }
          return json;
        });
      });
  }
  // The visitor's message and the bot's answer while it streams; replaced by the stored messages.
  function liveBubble(role, text) {
    var div = document.createElement("div");
    div.className = "msg " + role + " live";
    if (role !== "user") { var who = document.createElement("span"); who.className = "who"; who.textContent = "Bot"; div.appendChild(who); }
    var body = document.createTextNode(text);
    div.appendChild(body);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return { div: div, body: body };
  }
  function clearLive() { var l = root.querySelectorAll(".live"); for (var i = 0; i < l.length; i++) l[i].remove(); log.removeAttribute("aria-busy"); }
  // POST asking for server-sent events: "sources" and "delta" while the answer is written, then
  // "done" (the turn as stored) or "error". A JSON answer (a refusal) is read as call() reads it.
  function stream(path, body) {
    var headers = { "content-type": "application/json", accept: "text/event-stream" };
    if (state && state.token) headers["x-visitor-token"] = state.token;
    return request(api + path, { method: "POST", headers: headers, body: JSON.stringify(body), credentials: "omit" }).then(function (r) {
      if (!/text\/event-stream/.test(r.headers.get("content-type") || "") || !r.body || !window.TextDecoder)
        return r.json().catch(function () { return {}; }).then(function (json) {
          if (!r.ok) { var e = new Error((json.error && json.error.message) || "The chat is not available right now."); e.status = r.status; throw e; }
          return json;
        });
      var reader = r.body.getReader(), decoder = new TextDecoder(), buffer = "", answer = null, sources = null, result = null;
      function frame(text) {
        var name = (/^event: (.*)$/m.exec(text) || [])[1], data = (/^data: (.*)$/m.exec(text) || [])[1];
        if (!name || !data) return;
        var json = JSON.parse(data);
        if (name === "sources") sources = json.sources;
        else if (name === "delta") {
          if (!answer) { log.setAttribute("aria-busy", "true"); answer = liveBubble("bot", ""); if (sources && sources.length) { var src = document.createElement("span"); src.className = "src"; src.textContent = "From: " + sources.map(function (s) { return s.title; }).join("; "); answer.div.appendChild(src); } }
          answer.body.appendData(json.text);
          log.scrollTop = log.scrollHeight;
        } else if (name === "done") result = json;
        else if (name === "error") { var e = new Error((json.error && json.error.message) || "The chat is not available right now."); e.status = json.status; throw e; }
      }
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { if (!result) throw new Error("The answer was cut off. Please try again."); return result; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var end;
          while ((end = buffer.indexOf("\n\n")) >= 0) { frame(buffer.slice(0, end)); buffer = buffer.slice(end + 2); }
          return pump();
        });
      }
      return pump();
    });
  }
  function startSession() {
    return call("POST", "/sessions", {}).then(function (res) {
      state = { sessionId: res.session.id, token: res.visitorToken, lastSeq: 0 };
      seen = {};
      save(state);
      (res.messages || []).forEach(render);
    });
  }
  function resume() {
    return call("GET", "/sessions/" + state.sessionId + "/messages?after=0").then(function (res) {
      (res.messages || []).forEach(function (m) { render(m, true); });
      if (res.session.status === "closed") notice("This conversation has ended. Send a message to start a new one.");
    }).catch(function (e) {
      if (e.status === 404 || e.status === 401 || e.status === 410) { forget(); state = null; return startSession(); }
      throw e;
    });
  }
  function ensureStarted() {
    // A message sent while the session is still starting waits for it.
    if (started) return started;
    started = (state && state.sessionId ? resume() : startSession()).catch(function (e) { started = null; notice(e.message, true); });
    return started;
  }
  function poll() {
    if (!state || !state.sessionId || busy || refusal) return;
    call("GET", "/sessions/" + state.sessionId + "/messages?after=" + (state.lastSeq || 0))
      .then(function (res) { (res.messages || []).forEach(render); })
      .catch(function (e) { if (e.status === 404) { forget(); state = null; started = null; } });
  }
  // No polling while the tab is hidden; on coming back, one poll catches up at once.
  function schedule() {
    clearInterval(pollTimer);
    pollTimer = null;
    if (!document.hidden) pollTimer = setInterval(poll, open ? 3000 : 15000);
  }
  function onVisibility() {
    schedule();
    if (!document.hidden && started) poll();
  }
  function submit(text) {
    text = (text || "").trim();
    if (!text || busy || refusal) return;
    busy = true; send.disabled = true;
    clearChoices();
    var go = function () {
      clearLive();
      liveBubble("user", text);
      return stream("/sessions/" + state.sessionId + "/messages", { text: text }).then(function (res) {
        clearLive();
        render(res.userMessage);
        (res.messages || []).forEach(render);
        input.value = "";
      }, function (e) { clearLive(); throw e; });
    };
    ensureStarted().then(function () { if (!state) throw new Error("The chat is not available right now."); return go(); })
      .catch(function (e) {
        if (e.status === 410 || e.status === 404) { forget(); state = null; started = null; return ensureStarted().then(go); }
        throw e;
      })
      .catch(function (e) { notice(e.message, true); })
      .then(function () { busy = false; send.disabled = false; input.focus(); });
  }
  function setOpen(value) {
    open = value;
    panel.hidden = !open;
    bubble.setAttribute("aria-expanded", String(open));
    if (open) {
      unread = 0; badge.hidden = true; bubble.setAttribute("aria-label", "Close chat");
      if (refusal) { if (!log.firstChild) notice(refusal); }
      else ensureStarted().then(poll);
      setTimeout(function () { input.focus(); }, 0);
    } else {
      bubble.setAttribute("aria-label", "Open chat");
      bubble.focus();
    }
    schedule();
  }
  bubble.addEventListener("click", function () { setOpen(!open); });
  $(".close").addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); setOpen(false); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); submit(input.value); });
  input.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(input.value); } });
  document.addEventListener("visibilitychange", onVisibility);
  // The bot's look and whether this site may use it, then the launcher (no flash of other colours).
  function configure(config) {
    if (!config || !config.appearance) return;
    var a = config.appearance;
    if (typeof a.title === "string" && a.title) look.title = a.title;
    if (HEX.test(a.color || "")) look.color = a.color;
    if (HEX.test(a.text_color || "")) look.text_color = a.text_color;
    look.position = a.position === "left" ? "left" : "right";
    look.launcher_text = typeof a.launcher_text === "string" ? a.launcher_text : "";
    avatar = typeof config.avatarUrl === "string" && config.avatarUrl.charAt(0) === "/" ? appOrigin + config.avatarUrl : null;
    if (config.available === false) {
      refusal = config.message || "Sorry, the chat is not available right now.";
      if (config.hint) console.warn("[orgflow chat] " + config.hint);
      input.disabled = true; send.disabled = true;
    }
  }
  function mount() {
    applyLook();
    (document.body || document.documentElement).appendChild(host);
    if (state && state.sessionId && !refusal) { ensureStarted(); }
    schedule();
  }
  var timer = setTimeout(function () { timer = null; mount(); }, 4000); // a slow answer does not keep the launcher away for long
  request(api + "/widget", { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(configure, function () {})
    .then(function () { if (timer) { clearTimeout(timer); timer = null; mount(); } else applyLook(); });
})();
`;
