/* Andaman Hub service worker (scope /emergency/): the two report pages, /emergency/help and
   /emergency/report, open again without signal once opened with it, so a report can be written at
   sea and sent by the phone's outbox when the signal returns. Network first: with signal a page is
   always fresh. No other page is kept (incident details stay on the server). */
const CACHE = "pn-emergency-v1";
const PAGES = {{ pages|safe }};
self.addEventListener("install", (e) => { e.waitUntil(self.skipWaiting()); });
self.addEventListener("activate", (e) => { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (e) => {
  const req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  const page = PAGES.includes(url.pathname);
  if (!page && !url.pathname.startsWith("{{ static_prefix }}")) return;
  e.respondWith(fetch(req).then((res) => {
    // Never keep a redirect's end (a logged-out report page ends at the login page).
    if (res.status !== 200 || res.type !== "basic" || res.redirected) return res;
    // Kept before answering: a page that asks to be kept (outbox.js) is, once its fetch resolves.
    const copy = res.clone();
    return caches.open(CACHE).then((c) => c.put(req, copy)).then(() => res, () => res);
  }).catch(() => caches.match(req, { ignoreVary: true }).then((hit) =>
    hit || (page ? caches.match(req, { ignoreVary: true, ignoreSearch: true }) : undefined)).then((hit) =>
    hit || new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } }))));
});
