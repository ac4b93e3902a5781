/* Before/after map of a readjustment project over the offline land base layer. */
(function () {
  var el = document.getElementById("landmap");
  if (!el) return;
  var map = PN.basemap(el, { zoom: 17 });
  var COLOURS = { parcel: "#e9c46a", plot: "#e9c46a", road: "#777", drainage: "#4ea8de",
                  open_space: "#52b788", reserve: "#c77dff", boundary: "#b3261e" };
  var layers = {};
  function style(f) {
    var k = f.properties.layer;
    if (k === "boundary") return { color: COLOURS.boundary, weight: 2, fill: false, dashArray: "6 4" };
    return { color: "#5b4a14", weight: 1, fillColor: COLOURS[k] || "#ccc", fillOpacity: 0.7 };
  }
  function label(f, layer) {
    var p = f.properties, t = PN.esc(p.deed_no || p.name || p.layer);
    if (p.area_m2) t += "<br>" + Math.round(p.area_m2) + " m²";
    if (p.new_area_m2) t += "<br>" + Math.round(p.old_area_m2) + " → " + Math.round(p.new_area_m2) + " m²";
    if (p.area_flagged) t += "<br>⚠ deed " + Math.round(p.deed_area_m2) + " m²";
    layer.bindPopup(t);
  }
  function load(which) {
    return fetch(el.dataset[which], { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (fc) { layers[which] = L.geoJSON(fc, { style: style, onEachFeature: label }); return layers[which]; });
  }
  function show(which) {
    Object.keys(layers).forEach(function (k) { map.removeLayer(layers[k]); });
    layers[which].addTo(map);
    el.dataset.showing = which;
    document.querySelectorAll(".maptoggle button").forEach(function (b) { b.classList.toggle("on", b.dataset.show === which); });
  }
  Promise.all([load("before"), load("after")]).then(function () {
    map.fitBounds(layers.before.getBounds(), { padding: [10, 10] });
    show("before");
  });
  document.querySelectorAll(".maptoggle button").forEach(function (b) {
    b.addEventListener("click", function () { if (layers[b.dataset.show]) show(b.dataset.show); });
  });
})();
