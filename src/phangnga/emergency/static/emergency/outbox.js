/* A report outbox kept on the phone (localStorage): each report is sent, and sent again with the
   same Idempotency-Key, until the server answers, so a dropped 2G connection neither loses nor
   doubles it. Each report also has its own Idempotency-Secret, never shown: the public help
   endpoint files the report under key and secret, so a retry by someone who only learnt the key
   never returns it (a report an older page already sent without a secret is retried without one,
   as it was first sent). A 4xx is final (shown as an error) except 401/403 (logged out: sent after the next
   login), 408 and 429; anything else backs off. The pages that use it register /emergency/sw.js,
   so they also open without signal. */
window.PNOutbox = function (o) { /* o: {store, url, headers(): {}, render(list)}; add(body, extra): extra fields kept on the entry, extra.url sends it elsewhere than o.url */
  var busy = false, timer = null;
  function load() { try { return JSON.parse(localStorage.getItem(o.store)) || []; } catch (e) { return []; } }
  function save(q) { localStorage.setItem(o.store, JSON.stringify(q)); }
  function uuid() { return crypto.randomUUID ? crypto.randomUUID() : "r-" + Date.now() + "-" + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2); }
  function later(tries) { clearTimeout(timer); timer = setTimeout(send, Math.min(60000, 2000 * tries)); }
  function update(key, fn) { var q = load(); q.forEach(function (x) { if (x.key === key) fn(x); }); save(q); o.render(q); }
  function send() {
    if (busy) return;
    var q = load(), r = q.filter(function (x) { return x.state === "queued"; })[0];
    if (!r) return;
    if (!r.secret && !r.tries) r.secret = uuid();
    busy = true; r.tries++; save(q);
    var headers = { "Content-Type": "application/json", "Idempotency-Key": r.key }, extra = o.headers ? o.headers() : {};
    if (r.secret) headers["Idempotency-Secret"] = r.secret;
    for (var h in extra) headers[h] = extra[h];
    fetch(r.url || o.url, { method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(r.body) })
      .then(function (resp) { return resp.json().catch(function () { return {}; }).then(function (b) { return [resp.status, b]; }); })
      .then(function (a) {
        var s = a[0], final = s < 300 || (s >= 400 && s < 500 && [401, 403, 408, 429].indexOf(s) < 0);
        update(r.key, function (x) {
          if (s < 300) { x.state = "sent"; x.result = a[1]; }
          else if (final) { x.state = "error"; x.err = a[1].detail || s; }
          else { x.err = a[1].detail || ""; }
        });
        busy = false;
        if (final) send(); else later(r.tries);
      })
      .catch(function () { busy = false; o.render(load()); later(r.tries); });
  }
  return {
    list: load,
    update: update,
    add: function (body, extra) { var q = load(), r = { key: uuid(), secret: uuid(), t: new Date().toLocaleTimeString(), body: body, state: "queued", tries: 0 }; for (var k in extra || {}) r[k] = extra[k]; q.push(r); save(q); o.render(q); send(); return r; },
    start: function () { window.addEventListener("online", send); setInterval(send, 15000); o.render(load()); send(); }
  };
};
window.PNOutbox.esc = function (s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]; }); };
window.PNOutbox.cookie = function (name) { var m = document.cookie.match("(?:^|; )" + name + "=([^;]*)"); return m ? decodeURIComponent(m[1]) : ""; };
if ("serviceWorker" in navigator) {
  // On the first visit the worker arrives after this page: once it takes over, ask for the page and
  // its scripts and styles again through it so they are kept, or the page would not work offline
  // until the next visit with signal.
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      var urls = [location.href].concat([].map.call(document.querySelectorAll("script[src],link[rel=stylesheet]"), function (n) { return n.src || n.href; }));
      Promise.all(urls.map(function (u) { return fetch(u, { credentials: "same-origin" }); }))
        .then(function () { document.documentElement.dataset.kept = "1"; }).catch(function () {});
    });
  } else { document.documentElement.dataset.kept = "1"; }
  navigator.serviceWorker.register("/emergency/sw.js", { scope: "/emergency/" }).catch(function () {});
}
