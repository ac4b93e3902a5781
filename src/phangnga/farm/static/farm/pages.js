/* Starts the map each Farmbook page asks for in its markup (the CSP runs no inline script):
   <div data-farm-map="plots|centres|draw" data-features="id of a JSON data block" ...>.
   plots:   outlines of a household's plots (data-single: the block is one plot's Feature);
   centres: incubation centres, named in data-lang;
   draw:    the drawing tool writing into the field data-geometry (a selector), with an optional
            file input data-file, neighbouring plots data-others, the word for rai, data-zoom. */
(function () {
  function data(id) { var el = id && document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  document.querySelectorAll("[data-farm-map]").forEach(function (el) {
    var d = el.dataset, kind = d.farmMap;
    if (kind === "plots") {
      var fc = data(d.features);
      FARM.showPlots(el.id, d.single ? { type: "FeatureCollection", features: [fc] } : fc);
    } else if (kind === "centres") {
      FARM.showCentres(el.id, data(d.features), d.lang);
    } else if (kind === "draw") {
      var opts = { rai: d.rai };
      if (d.zoom) opts.zoom = Number(d.zoom);
      FARM.drawTool(el.id, document.querySelector(d.geometry), d.file ? document.querySelector(d.file) : null,
        data(d.others), opts);
    }
  });
})();
