// The PostStack sandbox inbox: plain JavaScript, no dependencies, nothing fetched from elsewhere.
// Data comes from the sandbox's own /_sandbox/inbox/* JSON routes; live updates arrive as
// server-sent events (/_sandbox/inbox/stream), with polling as the fallback.
"use strict";

(function () {
  const API = "/_sandbox/inbox";
  const PER_PAGE = 50;
  const BAD_EVENTS = new Set(["bounced", "soft_bounced", "complained", "failed", "unsubscribed"]);
  const GOOD_EVENTS = new Set(["delivered", "opened", "clicked"]);
  const state = { page: 1, query: "", selected: null, view: "messages", tab: "html", pages: 1 };

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function getJSON(path) {
    const response = await fetch(API + path, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(path + " answered " + response.status);
    return response.json();
  }

  function when(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    return isNaN(date) ? iso : date.toLocaleString();
  }

  function shortWhen(iso) {
    const date = new Date(iso);
    if (isNaN(date)) return iso || "";
    const today = new Date().toDateString() === date.toDateString();
    return today ? date.toLocaleTimeString() : date.toLocaleDateString();
  }

  function bytes(size) {
    if (size < 1024) return size + " B";
    if (size < 1024 * 1024) return (size / 1024).toFixed(1) + " KB";
    return (size / 1024 / 1024).toFixed(1) + " MB";
  }

  // The message list.

  async function loadList() {
    const params = new URLSearchParams({ page: state.page, per_page: PER_PAGE });
    if (state.query) params.set("q", state.query);
    const body = await getJSON("/messages?" + params);
    const meta = body.meta;
    state.pages = Math.max(1, meta.totalPages);
    if (state.page > state.pages) {
      state.page = state.pages;
      return loadList();
    }
    $("message-count").textContent = meta.all;
    const list = $("message-list");
    list.replaceChildren(...body.data.map(listItem));
    $("empty").hidden = body.data.length > 0;
    if (!body.data.length && state.query) {
      $("empty").textContent = "No message matches \u201c" + state.query + "\u201d.";
    } else if (!body.data.length) {
      $("empty").replaceChildren("No emails yet. Send one to ", el("code", { text: "POST /emails" }),
        " and it appears here.");
    }
    const first = meta.total ? (meta.page - 1) * meta.perPage + 1 : 0;
    const last = Math.min(meta.total, meta.page * meta.perPage);
    $("page-info").textContent = first + "\u2013" + last + " of " + meta.total;
    $("prev-page").disabled = state.page <= 1;
    $("next-page").disabled = state.page >= state.pages;
  }

  function listItem(message) {
    const tags = message.tags.map((tag) => el("span", { class: "tag", text: tag }));
    const item = el("li", { "data-id": message.id, class: message.id === state.selected ? "selected" : null },
      el("div", { class: "row1" },
        el("span", { class: "from", text: message.from }),
        el("time", { datetime: message.createdAt, text: shortWhen(message.createdAt) })),
      el("div", { class: "row2" },
        el("span", { class: "subject", text: message.subject || "(no subject)" }),
        el("span", { class: "badge " + message.status, text: message.cancelled ? "cancelled" : message.status })),
      el("div", { class: "row3" },
        el("span", { class: "to", text: "to " + message.to.join(", ") }),
        message.attachments ? el("span", { class: "tag clip", title: "attachments", text: message.attachments + (message.attachments === 1 ? " file" : " files") }) : null,
        message.scheduledAt ? el("span", { class: "tag", text: "scheduled" }) : null,
        message.received ? el("span", { class: "tag received", text: "inbound" }) : null,
        ...tags));
    item.addEventListener("click", () => select(message.id));
    return item;
  }

  // The preview.

  async function select(id) {
    state.selected = id;
    if (location.hash !== "#" + id) history.replaceState(null, "", "#" + id);
    for (const item of document.querySelectorAll("#message-list li")) {
      item.classList.toggle("selected", item.dataset.id === id);
    }
    await loadMessage();
  }

  function setRow(rowId, cellId, values) {
    const has = values && values.length;
    if (rowId) $(rowId).hidden = !has;
    $(cellId).textContent = has ? values.join(", ") : "";
  }

  async function loadMessage() {
    if (!state.selected) return;
    let body;
    try {
      body = await getJSON("/messages/" + encodeURIComponent(state.selected));
    } catch (error) {
      state.selected = null;
      $("message").hidden = true;
      $("placeholder").hidden = false;
      $("placeholder").textContent = "That message is gone.";
      return;
    }
    const email = body.email;
    $("placeholder").hidden = true;
    $("message").hidden = false;
    $("m-subject").textContent = email.subject || "(no subject)";
    const status = $("m-status");
    status.textContent = body.summary.cancelled ? "cancelled (" + email.status + ")" : email.status;
    status.className = "badge " + email.status;
    $("m-from").textContent = body.summary.from;
    setRow(null, "m-to", email.toAddresses);
    setRow("row-cc", "m-cc", email.ccAddresses);
    setRow("row-bcc", "m-bcc", email.bccAddresses);
    setRow("row-reply-to", "m-reply-to", email.replyTo);
    $("m-date").textContent = (body.summary.received ? "received " : "") + when(email.createdAt) + (email.sentAt ? " \u00b7 sent " + when(email.sentAt) : "");
    setRow("row-scheduled", "m-scheduled", email.scheduledAt ? [when(email.scheduledAt)] : null);
    $("row-tags").hidden = !(email.tags && email.tags.length);
    $("m-tags").replaceChildren(...(email.tags || []).map((tag) => el("span", { class: "tag", text: tag })));
    $("m-id").textContent = email.publicId;
    $("m-mode").textContent = body.summary.received ? "received (inbound)" : email.testMode ? "test mode" : "live";

    $("attachments").replaceChildren(...body.attachments.map((a) =>
      el("a", { href: a.url, download: a.filename, class: "attachment", title: a.contentType },
        el("span", { text: a.filename }), el("small", { text: bytes(a.size) }))));

    const frame = $("html-frame");
    const html = body.previewHtml;
    $("no-html").hidden = html !== null;
    frame.hidden = html === null;
    if (frame.srcdoc !== (html || "")) frame.srcdoc = html || "";
    $("text-body").textContent = email.textBody || "(no text body)";
    $("source").textContent = body.source;
    $("json").textContent = JSON.stringify(body.raw, null, 2);
    $("headers").replaceChildren(...body.headers.map(([name, value]) =>
      el("tr", {}, el("th", { text: name }), el("td", { text: value }))));
    $("event-count").textContent = email.events.length;
    $("events").replaceChildren(...email.events.map(eventItem));
  }

  function eventItem(event) {
    const type = event.eventType;
    const kind = BAD_EVENTS.has(type) ? "bad" : GOOD_EVENTS.has(type) ? "ok" : "";
    const extra = [];
    if (event.metadata) extra.push(JSON.stringify(event.metadata));
    for (const field of ["geoCountry", "geoCity", "uaClientName", "uaDeviceType"]) {
      if (event[field]) extra.push(event[field]);
    }
    return el("li", { class: kind, "data-type": type },
      el("span", { class: "event-type", text: type }),
      el("time", { datetime: event.createdAt, text: when(event.createdAt) }),
      el("span", { class: "event-extra", text: extra.join(" \u00b7 ") }));
  }

  function showTab(name) {
    state.tab = name;
    for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.tab === name);
    for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.dataset.panel !== name;
  }

  // Webhooks.

  async function loadWebhooks() {
    const body = await getJSON("/webhooks");
    $("delivery-count").textContent = body.deliveries.length;
    if (state.view !== "webhooks") return;
    $("webhook-rows").replaceChildren(...body.webhooks.map((hook) =>
      el("tr", {},
        el("td", { text: hook.id }),
        el("td", {}, el("code", { text: hook.url })),
        el("td", { text: hook.events.join(", ") }),
        el("td", {},
          el("span", { class: "badge " + (hook.active ? "ok" : "disabled"), text: hook.active ? "active" : "disabled" }),
          hook.consecutiveFailures ? " " + hook.consecutiveFailures + " consecutive failure(s)" : "",
          hook.disabledReason ? el("div", { class: "event-extra", text: hook.disabledReason }) : null))));
    $("delivery-rows").replaceChildren(...body.deliveries.map(deliveryRow));
    $("no-deliveries").hidden = body.deliveries.length > 0;
  }

  function deliveryRow(delivery) {
    const state_ = delivery.deliveredAt ? "delivered" : delivery.nextRetryAt ? "retrying" : delivery.attempts ? "failed" : "pending";
    const badge = { delivered: "ok", retrying: "retrying", failed: "error", pending: "" }[state_];
    return el("tr", { "data-id": delivery.id, "data-state": state_ },
      el("td", { text: when(delivery.createdAt) }),
      el("td", { text: delivery.eventType }),
      el("td", {}, el("code", { text: delivery.url || "(deleted)" })),
      el("td", {}, el("span", { class: "badge " + badge, text: state_ }),
        delivery.statusCode !== null ? " HTTP " + delivery.statusCode : ""),
      el("td", { class: "attempts", text: delivery.attempts }),
      el("td", { text: delivery.nextRetryAt ? "next " + when(delivery.nextRetryAt) : "\u2014" }),
      el("td", {}, delivery.signature ? el("code", { class: "sig", title: delivery.signature, text: delivery.signature }) : "\u2014"),
      el("td", {}, el("details", {}, el("summary", { text: "payload" }),
        el("pre", { text: JSON.stringify(delivery.payload, null, 2) }),
        delivery.responseBody ? el("pre", { text: "response: " + delivery.responseBody }) : null)));
  }

  function showView(name) {
    state.view = name;
    for (const button of document.querySelectorAll(".view")) button.classList.toggle("active", button.dataset.view === name);
    $("messages-view").hidden = name !== "messages";
    $("webhooks-view").hidden = name !== "webhooks";
    if (name === "webhooks") loadWebhooks();
  }

  // Actions.

  async function deleteSelected() {
    if (!state.selected) return;
    await fetch(API + "/messages/" + encodeURIComponent(state.selected), { method: "DELETE" });
    state.selected = null;
    history.replaceState(null, "", location.pathname);
    $("message").hidden = true;
    $("placeholder").hidden = false;
    $("placeholder").textContent = "Message deleted.";
    await loadList();
  }

  async function deleteAll() {
    if (!window.confirm("Delete every message?")) return;
    await fetch(API + "/messages", { method: "DELETE" });
    state.selected = null;
    state.page = 1;
    $("message").hidden = true;
    $("placeholder").hidden = false;
    $("placeholder").textContent = "Select a message to preview it.";
    await loadList();
  }

  // Live updates.

  let pending = null;
  function refreshSoon() {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      try {
        await loadList();
        if (state.selected) await loadMessage();
        await loadWebhooks();
      } catch (error) {
        console.warn("refresh failed", error);
      }
    }, 80);
  }

  let poller = null;
  function startPolling() {
    $("live").classList.add("off");
    $("live").textContent = "\u25cf polling";
    if (!poller) poller = setInterval(refreshSoon, 2000);
  }

  function connect() {
    if (!window.EventSource) return startPolling();
    const source = new EventSource(API + "/stream");
    source.addEventListener("changed", refreshSoon);
    source.addEventListener("hello", () => {
      $("live").classList.remove("off");
      $("live").textContent = "\u25cf live";
      if (poller) { clearInterval(poller); poller = null; }
    });
    source.onerror = () => startPolling();  // EventSource reconnects by itself; poll meanwhile
  }

  document.addEventListener("DOMContentLoaded", async () => {
    for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => showTab(tab.dataset.tab));
    for (const view of document.querySelectorAll(".view")) view.addEventListener("click", () => showView(view.dataset.view));
    $("prev-page").addEventListener("click", () => { state.page -= 1; loadList(); });
    $("next-page").addEventListener("click", () => { state.page += 1; loadList(); });
    $("delete-one").addEventListener("click", deleteSelected);
    $("clear-all").addEventListener("click", deleteAll);
    let typing = null;
    $("search").addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => { state.query = $("search").value.trim(); state.page = 1; loadList(); }, 150);
    });
    $("search-form").addEventListener("submit", (event) => event.preventDefault());
    document.addEventListener("keydown", (event) => {
      if (event.target.tagName === "INPUT") return;
      const items = [...document.querySelectorAll("#message-list li")];
      const index = items.findIndex((item) => item.dataset.id === state.selected);
      if (event.key === "j" || event.key === "ArrowDown") items[Math.min(items.length - 1, index + 1)]?.click();
      if (event.key === "k" || event.key === "ArrowUp") items[Math.max(0, index - 1)]?.click();
      if (event.key === "Delete") deleteSelected();
    });
    showTab("html");
    await loadList();
    await loadWebhooks();
    const wanted = location.hash.slice(1);
    if (wanted) await select(wanted);
    connect();
    document.body.dataset.ready = "true";
  });
})();
