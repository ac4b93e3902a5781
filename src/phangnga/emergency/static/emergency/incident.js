/* Incident page: the dispatch plan's legs on the offline base map, around the scene. */
(function () {
  var el = document.getElementById("plan-map"), data = document.getElementById("plan-legs");
  if (!el || !data) return;
  var scene = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
  var map = PN.basemap(el, { center: scene, zoom: 9 }), colours = { sea: "#0b6e99", river: "#0b6e99", road: "#b3261e", access: "#888" };
  var bounds = L.latLngBounds([scene]);
  JSON.parse(data.textContent).forEach(function (leg) {
    if (!leg.geometry || leg.geometry.length < 2) return;
    // A tooltip's text is HTML to Leaflet: place names are escaped.
    L.polyline(leg.geometry, { color: colours[leg.mode] || "#555", weight: leg.role === "patient" ? 4 : 2,
      dashArray: leg.role === "patient" ? null : "4 6" }).bindTooltip(PN.esc(leg.mode + ": " + leg.from + " → " + leg.to)).addTo(map);
    bounds.extend(leg.geometry);
  });
  L.circleMarker(scene, { radius: 9, color: "#fff", weight: 2, fillColor: "#b3261e", fillOpacity: 1 }).addTo(map);
  map.fitBounds(bounds, { padding: [20, 20] });
})();
