/* Farmbook maps: plot outlines, a small click-the-corners drawing tool, incubation centres. */
window.FARM = window.FARM || {};
(function () {
  var PLOT_STYLE = { color: "#2b8a3e", weight: 2, fillColor: "#69db7c", fillOpacity: 0.35 };
  var OTHER_STYLE = { color: "#868e96", weight: 1, dashArray: "4 3", fillOpacity: 0.1 };
  var DRAW_STYLE = { color: "#c2410c", weight: 2, fillColor: "#fd7e14", fillOpacity: 0.3 };

  function centerOf(el, fallback) {
    var c = (el.dataset.center || "").split(",").map(Number);
    return c.length === 2 && !isNaN(c[0]) && !isNaN(c[1]) && c[0] !== 0 ? c : fallback;
  }

  // Area of a small lon/lat ring in m² on a local equirectangular plane: good to ~0.5% for a
  // farm plot, enough for live feedback; the server computes the geodesic area on save.
  function approxAreaM2(latlngs) {
    if (latlngs.length < 3) return 0;
    var lat0 = latlngs[0].lat * Math.PI / 180, kx = 111320 * Math.cos(lat0), ky = 110574, s = 0;
    for (var i = 0; i < latlngs.length; i++) {
      var a = latlngs[i], b = latlngs[(i + 1) % latlngs.length];
      s += (a.lng * kx) * (b.lat * ky) - (b.lng * kx) * (a.lat * ky);
    }
    return Math.abs(s) / 2;
  }

  function raiNganWah(m2) {
    var wah = Math.round(m2 / 4), rai = Math.floor(wah / 400), ngan = Math.floor((wah % 400) / 100);
    return rai + "-" + ngan + "-" + (wah % 100);
  }

  FARM.showPlots = function (id, fc) {
    var el = document.getElementById(id);
    var map = PN.basemap(el, { center: [8.45, 98.4], zoom: 10 });
    var layer = L.geoJSON(fc, {
      style: PLOT_STYLE,
      onEachFeature: function (f, l) {
        l.bindPopup("<strong>" + PN.esc(f.properties.name) + "</strong><br>" + PN.esc(f.properties.area_rai_ngan_wah));
      }
    }).addTo(map);
    if (fc.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 17, padding: [20, 20] });
    el.dataset.plots = fc.features.length;
    return map;
  };

  FARM.showCentres = function (id, fc, lang) {
    var el = document.getElementById(id);
    var map = PN.basemap(el, { center: [8.6, 98.4], zoom: 8.5 });
    L.geoJSON(fc, {
      pointToLayer: function (f, ll) {
        return L.circleMarker(ll, { radius: 7, color: "#fff", weight: 1.5, fillColor: PN.KIND_COLOURS.incubation_centre, fillOpacity: 0.95 });
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        l.bindPopup("<strong>" + PN.esc(lang === "th" ? p.name_th : p.name_en) + "</strong><br><small>" + PN.esc(p.source) + " ±" + p.accuracy_m + " m</small>");
      }
    }).addTo(map);
    el.dataset.markers = fc.features.length;
  };

  FARM.drawTool = function (id, textarea, fileInput, others, opts) {
    opts = opts || {};
    var el = document.getElementById(id);
    document.body.classList.add("js-draw");
    var map = PN.basemap(el, { center: centerOf(el, [8.45, 98.4]), zoom: opts.zoom || 14 });
    if (others && others.features && others.features.length) {
      var o = L.geoJSON(others, { style: OTHER_STYLE, interactive: false }).addTo(map);
      map.fitBounds(o.getBounds(), { maxZoom: 16 });
    }
    var pts = [], closed = false;
    var vertices = L.layerGroup().addTo(map);
    var line = L.polyline([], DRAW_STYLE).addTo(map);
    var shape = null, uploaded = null;
    var areaEl = document.getElementById("draw-area");

    function write() {
      if (closed && pts.length >= 3) {
        var ring = pts.map(function (p) { return [+p.lng.toFixed(7), +p.lat.toFixed(7)]; });
        ring.push(ring[0]);
        textarea.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      } else if (!uploaded) {
        textarea.value = "";
      }
    }

    function redraw() {
      vertices.clearLayers();
      pts.forEach(function (p) { L.circleMarker(p, { radius: 5, color: "#c2410c", fillOpacity: 1, className: "vertex" }).addTo(vertices); });
      if (shape) { map.removeLayer(shape); shape = null; }
      if (closed && pts.length >= 3) {
        line.setLatLngs([]);
        shape = L.polygon(pts, DRAW_STYLE).addTo(map);
      } else {
        line.setLatLngs(pts);
      }
      var m2 = approxAreaM2(pts);
      if (areaEl) areaEl.textContent = pts.length >= 3 ? "≈ " + raiNganWah(m2) + " " + (opts.rai || "rai") + " (" + Math.round(m2).toLocaleString() + " m²)" : "";
      el.dataset.vertices = pts.length;
      el.dataset.closed = closed ? "1" : "";
      write();
    }

    map.on("click", function (e) {
      if (closed) return;
      if (uploaded) { map.removeLayer(uploaded); uploaded = null; if (fileInput) fileInput.value = ""; }
      pts.push(e.latlng);
      redraw();
    });
    function on(idName, fn) { var b = document.getElementById(idName); if (b) b.addEventListener("click", fn); }
    on("draw-finish", function () { if (pts.length >= 3) { closed = true; redraw(); } });
    on("draw-undo", function () { if (closed) closed = false; else pts.pop(); redraw(); });
    on("draw-clear", function () { pts = []; closed = false; if (uploaded) { map.removeLayer(uploaded); uploaded = null; } textarea.value = ""; redraw(); });
    on("draw-locate", function () {
      if (!navigator.geolocation) return;
      navigator.geolocation.getCurrentPosition(function (pos) { map.setView([pos.coords.latitude, pos.coords.longitude], 17); });
    });

    function showUploaded(text) {
      try {
        var gj = JSON.parse(text);
        if (uploaded) map.removeLayer(uploaded);
        uploaded = L.geoJSON(gj, { style: DRAW_STYLE }).addTo(map);
        map.fitBounds(uploaded.getBounds(), { maxZoom: 17 });
        pts = []; closed = false; redraw();
        textarea.value = text;
        if (areaEl) areaEl.textContent = "";
      } catch (err) {
        if (areaEl) areaEl.textContent = "⚠ " + err.message;
      }
    }
    if (fileInput) {
      fileInput.addEventListener("change", function () {
        var f = fileInput.files[0];
        if (!f) return;
        var reader = new FileReader();
        reader.onload = function () { showUploaded(reader.result); };
        reader.readAsText(f);
      });
    }
    // A form re-shown after an error keeps what was drawn.
    if (textarea.value.trim()) showUploaded(textarea.value);
    return map;
  };
})();
