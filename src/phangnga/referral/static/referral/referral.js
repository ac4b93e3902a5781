/* Referral page: map of the chosen legs (and the old chain, dashed), the live transfer clock,
   restarted when the polled live part of the page is replaced. */
(function () {
  "use strict";
  var MODE_COLOURS = { sea: "#0b6e99", river: "#1c7ed6", road: "#b3261e", access: "#868e96", transfer: "#868e96" };

  function lineOf(geometry) {
    // Accept [[lon,lat],...], a GeoJSON LineString/MultiLineString, or nothing.
    if (!geometry) return [];
    var coords = geometry.coordinates || geometry;
    if (geometry.type === "MultiLineString") coords = [].concat.apply([], coords);
    if (!Array.isArray(coords) || !coords.length || !Array.isArray(coords[0])) return [];
    return coords.map(function (c) { return [c[1], c[0]]; });
  }

  function drawMap() {
    var el = document.getElementById("refmap");
    var dataEl = document.getElementById("map-data");
    if (!el || !dataEl || !window.PN || !window.L) return;
    var data = JSON.parse(dataEl.textContent);
    var map = PN.basemap(el, { center: [8.05, 98.55], zoom: 10 });
    var bounds = [];
    function pin(place, colour, label) {
      if (!place) return;
      L.circleMarker([place.lat, place.lon], { radius: 8, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1 })
        .addTo(map).bindTooltip(PN.esc(label + ": " + place.name_en), { permanent: false });
      bounds.push([place.lat, place.lon]);
    }
    ((data.chain && data.chain.legs) || []).forEach(function (leg) {
      var pts = lineOf(leg.geometry);
      if (pts.length > 1) L.polyline(pts, { color: "#868e96", weight: 3, dashArray: "6 6", opacity: 0.8 }).addTo(map);
    });
    ((data.plan && data.plan.legs) || []).forEach(function (leg) {
      var pts = lineOf(leg.geometry);
      if (pts.length > 1) {
        L.polyline(pts, { color: MODE_COLOURS[leg.mode] || "#333", weight: 5 }).addTo(map)
          .bindTooltip(PN.esc(leg.mode + " " + Math.round(leg.duration_min) + " min"));
        bounds = bounds.concat(pts);
      }
    });
    pin(data.origin, "#e4572e", "From");
    pin(data.destination, "#2b8a3e", "To");
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20] });
    el.dataset.legs = String(((data.plan && data.plan.legs) || []).length);
  }

  var clockTimer = null;

  function startClock() {
    // Called again after each live update (the clock element is replaced): one timer only.
    if (clockTimer) { clearInterval(clockTimer); clockTimer = null; }
    var el = document.getElementById("clock");
    if (!el || !el.dataset.departed) return;
    var departed = Date.parse(el.dataset.departed);
    var arrived = el.dataset.arrived ? Date.parse(el.dataset.arrived) : null;
    var guarantee = parseFloat(el.dataset.guarantee) || 80;
    var timeEl = document.getElementById("clock-time"), fill = document.getElementById("clock-fill");
    function tick() {
      var end = arrived || Date.now();
      var secs = Math.max(0, Math.floor((end - departed) / 1000));
      var m = Math.floor(secs / 60), s = secs % 60;
      timeEl.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      fill.style.width = Math.min(100, (secs / 60 / guarantee) * 100) + "%";
      el.classList.toggle("over", secs / 60 > guarantee);
    }
    tick();
    if (el.dataset.running) clockTimer = setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () { drawMap(); startClock(); });
  // The live part of the page is polled (HTMX, every 5 s); restart the clock on the new part.
  document.addEventListener("htmx:afterSettle", function () { startClock(); });
})();
