/* KPI page: incidents by site on the offline base map, each circle sized by its count. */
(function () {
  var el = document.getElementById("kpi-map"), m = PN.basemap(el, { center: [8.6, 98.0], zoom: 8 });
  JSON.parse(document.getElementById("sites-data").textContent).forEach(function (s) {
    // A tooltip's text is HTML to Leaflet: the site's name is escaped.
    L.circleMarker([s.lat, s.lon], { radius: 4 + Math.sqrt(s.incidents) * 2, color: "#b3261e", fillOpacity: .5 })
      .bindTooltip(PN.esc(((el.dataset.lang === "th" && s.name_th) || s.name_en) + ": " + s.incidents)).addTo(m);
  });
})();
