// Colloquy's small enhancements. Every page works without them.
"use strict";

// Deadlines: add the reader's own time when it differs from the event's zone.
function showLocalTimes() {
  const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const el of document.querySelectorAll("time[data-local]")) {
    if (!el.dateTime || el.dataset.eventTz === readerZone) continue;
    const when = new Date(el.dateTime);
    if (Number.isNaN(when.getTime())) continue;
    const local = new Intl.DateTimeFormat(undefined, {
      weekday: "long", day: "numeric", month: "long", year: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short",
    }).format(when);
    const note = document.createElement("span");
    note.className = "local-time text-body-secondary";
    note.textContent = ` (your time: ${local})`;
    el.after(note);
  }
}

// "3 days left" after a deadline: written here, so that cached pages stay valid.
function timeLeft(until) {
  const minutes = Math.round((until - Date.now()) / 60000);
  if (minutes <= 0) return null;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days >= 1) return `${days} day${days === 1 ? "" : "s"}${hours ? `, ${hours} h` : ""} left`;
  if (hours >= 1) return `${hours} h ${minutes % 60} min left`;
  return `${minutes} min left`;
}

function showTimeLeft() {
  for (const el of document.querySelectorAll("time[data-time-left]")) {
    const left = timeLeft(new Date(el.dateTime).getTime());
    if (!left) continue;
    const note = document.createElement("span");
    note.className = "time-left";
    note.textContent = ` — ${left}`;
    (el.nextElementSibling?.classList.contains("local-time") ? el.nextElementSibling : el)
      .after(note);
  }
}

// Word counts as you type, for fields with a word limit. The server enforces them.
function countWords(text) {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

function attachWordCounters() {
  for (const field of document.querySelectorAll("[data-word-limit]")) {
    const limit = Number(field.dataset.wordLimit);
    const counter = document.createElement("div");
    counter.className = "word-count";
    counter.id = `${field.id}-count`;
    counter.setAttribute("aria-live", "polite");
    field.after(counter);
    field.setAttribute(
      "aria-describedby",
      `${field.getAttribute("aria-describedby") || ""} ${counter.id}`.trim(),
    );
    const update = () => {
      const n = countWords(field.value);
      counter.textContent = `${n} of ${limit} words`;
      counter.classList.toggle("over", n > limit);
    };
    field.addEventListener("input", update);
    update();
  }
}

// A form sent once: a double click or an impatient second tap sends nothing more.
function submitOnce() {
  for (const form of document.querySelectorAll("form[data-submit-once]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      for (const button of form.querySelectorAll("button[type=submit]")) {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("disabled");
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  showLocalTimes();
  showTimeLeft();
  attachWordCounters();
  submitOnce();
});

// The personal agenda: stars kept in the browser, and on the server for a signed-in
// attendee (merged both ways when a page loads).
function agendaKey(event) {
  return `colloquy:agenda:${event}`;
}

function readAgenda(event) {
  try {
    return new Set(JSON.parse(localStorage.getItem(agendaKey(event)) || "[]"));
  } catch {
    return new Set();
  }
}

function writeAgenda(event, codes) {
  localStorage.setItem(agendaKey(event), JSON.stringify([...codes].sort()));
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function syncAgenda(event, body) {
  const url = document.body.dataset.agendaSync;
  if (!url) return null;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      body: JSON.stringify(body),
    });
    if (!response.ok) return null;
    const data = await response.json();
    return new Set(data.panels);
  } catch {
    return null; // offline: the browser's list stands until the next page
  }
}

function paintStars(event, codes) {
  for (const button of document.querySelectorAll(`[data-star][data-event="${event}"]`)) {
    const on = codes.has(button.dataset.star);
    button.hidden = false;
    button.setAttribute("aria-pressed", String(on));
    button.querySelector(".star-icon").textContent = on ? "★" : "☆";
    const label = button.querySelector(".star-label");
    label.textContent = on ? label.dataset.on : label.dataset.off;
  }
}

function attachStars() {
  const buttons = document.querySelectorAll("[data-star]");
  if (!buttons.length) return;
  const event = buttons[0].dataset.event;
  let codes = readAgenda(event);
  paintStars(event, codes);
  syncAgenda(event, { merge: [...codes] }).then((merged) => {
    if (merged) {
      codes = merged;
      writeAgenda(event, codes);
      paintStars(event, codes);
    }
  });
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const code = button.dataset.star;
      const starring = !codes.has(code);
      if (starring) codes.add(code);
      else codes.delete(code);
      writeAgenda(event, codes);
      paintStars(event, codes);
      syncAgenda(event, starring ? { star: code } : { unstar: code });
    });
  }
}

// The agenda page lists what the browser holds: it asks the server for those panels.
function loadAgendaPage() {
  const agenda = document.getElementById("agenda");
  if (!agenda) return;
  const codes = readAgenda(agenda.dataset.event);
  const shown = new Set((agenda.dataset.query || "").split(",").filter(Boolean));
  const missing = [...codes].some((code) => !shown.has(code));
  if (missing) {
    const all = [...new Set([...codes, ...shown])].sort().join(",");
    window.location.replace(`${agenda.dataset.agendaUrl}?panels=${encodeURIComponent(all)}`);
  }
}

// Installable: a service worker for offline reading, and an install hint.
function registerServiceWorker() {
  if ("serviceWorker" in navigator && document.body.dataset.serviceWorker) {
    navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" })
      .catch(() => {});
  }
}

const INSTALL_DISMISSED = "colloquy:install-dismissed";

function installHint() {
  const hint = document.getElementById("install-hint");
  if (!hint || localStorage.getItem(INSTALL_DISMISSED)) return;
  const standalone = window.matchMedia("(display-mode: standalone)").matches
    || window.navigator.standalone;
  if (standalone) return;
  const ios = /iphone|ipad|ipod/i.test(navigator.userAgent)
    && /safari/i.test(navigator.userAgent) && !/crios|fxios/i.test(navigator.userAgent);
  const dismiss = () => {
    hint.hidden = true;
    localStorage.setItem(INSTALL_DISMISSED, "1");
  };
  hint.querySelector("[data-dismiss]").addEventListener("click", dismiss);
  if (ios) {
    hint.querySelector("[data-ios]").hidden = false;
    hint.hidden = false;
  }
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    const button = hint.querySelector("[data-install]");
    button.hidden = false;
    hint.hidden = false;
    button.addEventListener("click", async () => {
      event.prompt();
      await event.userChoice;
      dismiss();
    }, { once: true });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  attachStars();
  loadAgendaPage();
  registerServiceWorker();
  installHint();
});
