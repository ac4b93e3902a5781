/* Tap corners on the map to outline public land; the GeoJSON goes into the form field. */
(function () {
  var el = document.getElementById("drawmap");
  if (!el) return;
  var map = PN.basemap(el, { zoom: 17 });
  var field = document.getElementById("id_p-geometry");
  var pts = [], shape = null;
  fetch(el.dataset.before, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (fc) {
    var layer = L.geoJSON(fc, { interactive: false, style: { color: "#5b4a14", weight: 1, fillColor: "#e9c46a", fillOpacity: 0.4 } }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [10, 10] });
  });
  function redraw() {
    if (shape) map.removeLayer(shape);
    shape = pts.length ? L.polygon(pts, { color: "#b3261e", weight: 2 }).addTo(map) : null;
    document.getElementById("corners").textContent = pts.length + " ✓";
    if (pts.length >= 3) {
      var ring = pts.map(function (p) { return [+p[1].toFixed(8), +p[0].toFixed(8)]; });
      ring.push(ring[0]);
      field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    }
  }
  map.on("click", function (e) { pts.push([e.latlng.lat, e.latlng.lng]); redraw(); });
  document.getElementById("undo").addEventListener("click", function () { pts.pop(); redraw(); });
  document.getElementById("clear").addEventListener("click", function () { pts = []; field.value = ""; redraw(); });
})();
