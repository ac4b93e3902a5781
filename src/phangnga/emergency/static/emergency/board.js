/* Command board: poll a compact JSON feed every 1.5 s; redraw only when its version changes. */
(function () {
  var el = document.getElementById("board-map");
  var queue = document.getElementById("queue");
  var labels = JSON.parse(document.getElementById("board-labels").textContent);
  var map = PN.basemap(el, { center: [8.55, 98.1], zoom: 9 });
  var layer = L.layerGroup().addTo(map);
  var colours = { 1: "#b3261e", 2: "#d6336c", 3: "#f2c14e", 4: "#7bc67e", 5: "#bbbbbb" };
  var version = null, failures = 0;
  // New incidents the dispatcher has not looked at yet: highlighted, counted in the tab title and
  // announced with a short tone, until the dispatcher clicks or focuses the board.
  var seen = null, unseen = {}, title = document.title, audio = null;

  function tone() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.35);
    } catch (e) { /* no sound available: the highlight and the title still show */ }
  }

  function announce(ids) {
    var fresh = ids.filter(function (id) { return seen && !seen[id]; });
    seen = seen || {};
    ids.forEach(function (id) { seen[id] = true; });
    fresh.forEach(function (id) { unseen[id] = true; });
    var n = Object.keys(unseen).length;
    document.title = (n ? "(" + n + ") " : "") + title;
    queue.dataset.unseen = n;
    if (fresh.length) tone();
  }

  function acknowledge() {
    unseen = {};
    document.title = title;
    queue.dataset.unseen = 0;
    [].forEach.call(queue.querySelectorAll("li.fresh"), function (li) { li.classList.remove("fresh"); });
  }
  document.addEventListener("click", acknowledge);
  window.addEventListener("focus", acknowledge);

  function draw(feed) {
    announce(feed.queue.map(function (i) { return i.id; }));
    layer.clearLayers();
    var html = "";
    feed.queue.forEach(function (i) {
      var lvl = i.triage || "";
      html += '<li class="l' + lvl + (unseen[i.id] ? " fresh" : "") + '" data-id="' + i.id + '" data-status="' + i.status + '"><a href="/emergency/incidents/' + i.id + '">' +
        '<span class="badge t' + lvl + '">' + (lvl ? "T" + lvl : "?") + "</span> <strong>#" + i.id + " " + PN.esc(i.kind_label) + "</strong> · " +
        PN.esc(labels.status[i.status] || i.status) + "<br><span class=small>" + PN.esc(i.place || "") + " · " +
        new Date(i.reported_at).toLocaleTimeString() + " · " + i.patients + " " + labels.patients + "</span>" +
        (i.call_back === null ? "" : '<br><span class="badge public">' + PN.esc(labels.public) + " " + PN.esc(i.call_back) + "</span>") + "</a></li>";
      L.circleMarker([i.lat, i.lon], { radius: 9, color: "#fff", weight: 2, fillColor: colours[lvl] || "#555", fillOpacity: 0.95 })
        .bindPopup('<a href="/emergency/incidents/' + i.id + '">#' + i.id + " " + PN.esc(i.kind_label) + "</a>").addTo(layer);
    });
    queue.innerHTML = html;
    document.getElementById("queue-count").textContent = feed.queue.length;
    var units = "";
    feed.units.forEach(function (u) {
      units += '<li data-unit="' + PN.esc(u.code) + '" data-status="' + PN.esc(u.status) + '"><span class="dot s-' + PN.esc(u.status) + '"></span>' + PN.esc(u.name) +
        " · " + PN.esc(labels.status[u.status] || u.status) + (u.in_season ? "" : " (off season)") + "</li>";
      L.marker([u.lat, u.lon], { title: u.name, opacity: u.in_season ? 1 : 0.4,
        icon: L.divIcon({ className: "", html: '<span class="dot unit-pin s-' + PN.esc(u.status) + '"></span>' }) })
        .bindTooltip(PN.esc(u.name + " · " + (labels.status[u.status] || u.status))).addTo(layer);
    });
    document.getElementById("units").innerHTML = units;
  }

  function tick() {
    fetch(queue.dataset.feed, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (feed) {
        failures = 0;
        document.getElementById("board-clock").textContent = new Date(feed.now).toLocaleTimeString();
        if (feed.version !== version) { version = feed.version; draw(feed); el.dataset.version = version; }
      })
      .catch(function () { failures++; document.getElementById("board-clock").textContent = labels.offline; })
      .then(function () { setTimeout(tick, failures ? 4000 : 1500); });
  }
  tick();
})();
