/* Route planner: click start and destination on the offline base map; the route and its legs
   come from /api/v1/geo/route. */
(function () {
  var el = document.getElementById("map");
  var map = PN.basemap(el, { zoom: 9 });
  var T = JSON.parse(document.getElementById("route-text").textContent);
  var COLOURS = { sea: "#c92a2a", river: "#7048e8", road: "#2b8a3e", access: "#e67700", transfer: "#495057" };
  var form = document.getElementById("route-form"), out = document.getElementById("route-result");
  var hint = document.getElementById("route-hint");
  var points = [], markers = L.layerGroup().addTo(map), drawn = L.layerGroup().addTo(map);

  function fmt(x, d) { return Number(x).toFixed(d); }
  function reset() { points = []; markers.clearLayers(); drawn.clearLayers(); out.innerHTML = ""; el.dataset.state = "empty"; }

  function show(body) {
    drawn.clearLayers();
    var rows = body.legs.map(function (leg) {
      var c = leg.geometry.coordinates.map(function (p) { return [p[1], p[0]]; });
      L.polyline(c, { color: COLOURS[leg.mode] || "#000", weight: leg.role === "patient" ? 4 : 2,
                      dashArray: leg.role === "patient" ? null : "6 6" }).addTo(drawn);
      return "<tr class='leg leg-" + PN.esc(leg.mode) + "'><td><span class='leg-swatch' data-colour='" + (COLOURS[leg.mode] || "#000") +
        "'></span> " + PN.esc(T.modes[leg.mode] || leg.mode) + "</td><td>" + PN.esc(leg.from) + "</td><td>" + PN.esc(leg.to) +
        "</td><td>" + fmt(leg.distance_km, 1) + "</td><td>" + fmt(leg.duration_min, 0) + "</td><td>" + fmt(leg.start_min, 0) + "</td></tr>";
    }).join("");
    var snapped = Object.keys(body.snapped || {}).map(function (k) {
      return "<li>" + PN.esc(k) + ": " + PN.esc(T.snapped) + " (" + fmt(body.snapped[k].distance_m, 0) + " m)</li>"; }).join("");
    out.innerHTML = "<p class='eta'>" + PN.esc(T.eta) + " <span id='route-eta'>" + fmt(body.eta_min, 0) + "</span> " + PN.esc(T.min) + "</p>" +
      "<p>" + fmt(body.distance_km, 1) + " " + PN.esc(T.km) + " · " + PN.esc(body.summary) + " · " + PN.esc(body.boat) + ", " + PN.esc(body.sea_state) + "</p>" +
      (snapped ? "<ul>" + snapped + "</ul>" : "") +
      "<div class='table-wrap'><table><thead><tr><th>" + PN.esc(T.mode) + "</th><th>" + PN.esc(T.from) + "</th><th>" + PN.esc(T.to) +
      "</th><th>" + PN.esc(T.km) + "</th><th>" + PN.esc(T.min) + "</th><th>" + PN.esc(T.start) + "</th></tr></thead><tbody>" + rows + "</tbody></table></div>";
    // Coloured through the DOM: the CSP refuses style="" in markup.
    out.querySelectorAll(".leg-swatch").forEach(function (sw) { sw.style.background = sw.dataset.colour; });
    if (drawn.getLayers().length) { map.fitBounds(L.featureGroup(drawn.getLayers()).getBounds(), { padding: [20, 20] }); }
    el.dataset.state = "routed";
  }

  function request() {
    if (points.length < 2) { return; }
    var q = new URLSearchParams(new FormData(form));
    if (!q.get("sea_state")) { q.delete("sea_state"); }
    q.set("from", points[0].lat.toFixed(5) + "," + points[0].lng.toFixed(5));
    q.set("to", points[1].lat.toFixed(5) + "," + points[1].lng.toFixed(5));
    out.textContent = T.working;
    fetch(el.dataset.route + "?" + q.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (res.ok) { show(res.body); return; }
        drawn.clearLayers();
        out.innerHTML = "<p class='error' role='alert'>" + PN.esc(res.body.detail || res.body.error) + "</p>";
        el.dataset.state = "error";
      });
  }

  map.on("click", function (e) {
    if (points.length >= 2) { reset(); }
    points.push(e.latlng);
    L.circleMarker(e.latlng, { radius: 7, color: "#fff", weight: 2, fillColor: points.length === 1 ? "#1c7ed6" : "#c92a2a", fillOpacity: 1 }).addTo(markers);
    hint.textContent = points.length === 1 ? T.dest : hint.dataset.first || hint.textContent;
    request();
  });
  hint.dataset.first = hint.textContent;
  form.addEventListener("change", request);
  document.getElementById("route-reset").addEventListener("click", reset);
  window.PN.routeMap = map;
  reset();
})();
