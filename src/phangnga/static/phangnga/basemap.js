/* A Leaflet map whose base layer is the region's land polygons: works with no internet. */
window.PN = window.PN || {};
PN.KIND_COLOURS = {
  hospital: "#b3261e", health_centre: "#e4572e", district_health_office: "#9c6644", medical_unit: "#d6336c",
  command_centre: "#6f42c1", pier: "#0b6e99", island: "#2b8a3e", attraction: "#f08c00", dive_site: "#1c7ed6",
  beach: "#e8b100", town: "#495057", incubation_centre: "#5c940d"
};
PN.basemap = function (el, opts) {
  opts = opts || {};
  var map = L.map(el, { preferCanvas: !!opts.canvas, zoomSnap: 0.5 }).setView(opts.center || [8.45, 98.3], opts.zoom || 9);
  // Every map of the page, so a test (or an officer at the console) can reach its layers.
  (PN.maps = PN.maps || []).push(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("© OpenStreetMap contributors");
  fetch(el.dataset.land || "/api/v1/geo/land").then(function (r) { return r.json(); }).then(function (land) {
    L.geoJSON(land, { interactive: false, style: { color: "#b9ad8c", weight: 1, fillColor: "#f3efe3", fillOpacity: 1 } })
      .addTo(map).bringToBack();
    el.dataset.landLoaded = "1";
  });
  return map;
};
PN.esc = function (s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"})[c]; }); };
