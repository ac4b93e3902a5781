{% load static %}/* Smart Travel service worker: keeps every visited page (and its stylesheet) for offline use.
   Network first, so a tourist with signal always gets fresh opening times and warnings. */
const CACHE = "pn-travel-v1";
const OFFLINE = "{{ offline_url }}";
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll([OFFLINE, "{{ css }}", "{% static 'travel/tourist.js' %}", "{% static 'travel/gps.js' %}"])).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET" || req.headers.has("range") || new URL(req.url).origin !== location.origin) return;
  if (new URL(req.url).pathname.startsWith("/api/")) return;
  e.respondWith(fetch(req).then((res) => {
    if (res.status === 200 && res.type === "basic") {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(req, copy));
    }
    return res;
  }).catch(() => caches.match(req, { ignoreVary: true }).then((hit) =>
    hit || (req.mode === "navigate" ? caches.match(OFFLINE, { ignoreVary: true }) : undefined) ||
    new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } }))));
});
