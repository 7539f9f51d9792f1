{% autoescape off %}// Colloquy's service worker, version {{ version }}.
// Pages: network first (fresh when online), the cached copy when offline, the
// offline page for what was never opened. Static files: cache first (their names
// carry their content's hash).
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = `colloquy-shell-${VERSION}`;
const PAGES_CACHE = "colloquy-pages";
const SHELL = {{ shell_json }};
const PRIVATE = ["/admin/", "/accounts/", "/my/"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key !== SHELL_CACHE && key !== PAGES_CACHE)
          .map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

function isPrivate(url) {
  return PRIVATE.some((prefix) => url.pathname.startsWith(prefix));
}

async function page(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (response.ok && !isPrivate(url)) {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request);
    return cached || caches.match("/offline/");
  }
}

async function asset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(request));
  } else if (url.pathname.endsWith(".ics") && !isPrivate(url)) {
    event.respondWith(page(request));
  }
});
{% endautoescape %}
