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
  attachWordCounters();
  submitOnce();
});
