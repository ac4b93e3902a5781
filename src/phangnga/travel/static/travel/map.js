/* Attractions on the offline base map; each marker links to its page. */
(function () {
  var features = JSON.parse(document.getElementById("features").textContent);
  var el = document.getElementById("map");
  var map = PN.basemap(el, { center: [8.45, 98.2], zoom: 8.5 });
  var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 2, fillColor: "#f08c00", fillOpacity: 1,
        className: "attraction-marker" });
    },
    onEachFeature: function (f, l) {
      l.bindPopup('<a href="' + PN.esc(f.properties.url) + '">' + PN.esc(f.properties.name) + "</a>");
    }
  }).addTo(map);
  if (features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20] });
  el.dataset.markers = String(features.length);
})();
