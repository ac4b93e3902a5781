/* The places map: one toggleable layer per kind. */
(function () {
  var el = document.getElementById("map");
  var map = PN.basemap(el);
  var labels = JSON.parse(document.getElementById("kind-labels").textContent);
  var lang = el.dataset.lang;
  fetch(el.dataset.places).then(function (r) { return r.json(); }).then(function (fc) {
    var layers = {};
    fc.features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var layer = layers[p.kind] || (layers[p.kind] = L.layerGroup().addTo(map));
      var name = lang === "th" ? p.name_th : p.name_en;
      L.circleMarker([c[1], c[0]], { radius: 6, color: "#fff", weight: 1.5, fillColor: PN.KIND_COLOURS[p.kind] || "#333", fillOpacity: 0.95, className: "place-marker kind-" + p.kind })
        .bindPopup("<strong>" + PN.esc(name) + "</strong><br>" + PN.esc(lang === "th" ? p.name_en : p.name_th) +
          "<br><small>" + PN.esc(labels[p.kind] || p.kind) + (p.capabilities.length ? " · " + PN.esc(p.capabilities.join(", ")) : "") +
          "<br>" + PN.esc(p.source) + " · ±" + p.accuracy_m + " m" + (p.needs_check ? " ⚠" : "") + "</small>")
        .addTo(layer);
    });
    var overlays = {};
    Object.keys(layers).forEach(function (k) { overlays["<i class='swatch' data-colour='" + (PN.KIND_COLOURS[k] || "#333") + "'></i>" + PN.esc(labels[k] || k) + " (" + layers[k].getLayers().length + ")"] = layers[k]; });
    var control = L.control.layers(null, overlays, { collapsed: window.innerWidth < 600 }).addTo(map);
    // Swatches coloured through the DOM: the CSP refuses style="" in markup. Leaflet may draw the
    // list again when one of its layers comes or goes (then fires overlayadd/-remove): paint again.
    function paint() {
      control.getContainer().querySelectorAll("i[data-colour]").forEach(function (i) { i.style.background = i.dataset.colour; });
    }
    paint();
    map.on("overlayadd overlayremove", paint);
    el.dataset.markers = fc.features.length;
  });
})();
