/* Crew report page (/emergency/report): the form goes into the phone's outbox (outbox.js), which
   sends it until the centre acknowledges it. */
(function(){
var f=document.getElementById("rep"), M=JSON.parse(document.getElementById("msgs").textContent);
function num(v){return v===""?null:Number(v)}
function show(q){var h="";q.forEach(function(r){h+='<li data-key="'+r.key+'" data-state="'+r.state+'">'+r.t+" · "+(r.state==="sent"?M.sent+" #"+PNOutbox.esc((r.result||r).id):r.state==="error"?M.error+": "+PNOutbox.esc(r.err):M.queued+" ("+r.tries+")"+(r.err?" · "+PNOutbox.esc(r.err):""))+"</li>"});document.getElementById("outq").innerHTML=h}
var box=PNOutbox({store:"pn-em-outbox",url:"/api/v1/emergency/incidents",render:show,headers:function(){return {"X-PN-Channel":"mobile","X-CSRFToken":PNOutbox.cookie("csrftoken")||f.csrfmiddlewaretoken.value}}});
document.getElementById("gps").onclick=function(){if(!navigator.geolocation){document.getElementById("gpsout").textContent=M.gps;return}
 navigator.geolocation.getCurrentPosition(function(p){f.lat.value=p.coords.latitude.toFixed(5);f.lon.value=p.coords.longitude.toFixed(5);document.getElementById("gpsout").textContent=f.lat.value+", "+f.lon.value;
 fetch("/api/v1/emergency/aeds/nearest?limit=1&lat="+f.lat.value+"&lon="+f.lon.value).then(function(r){return r.ok?r.json():[]}).then(function(a){a=a[0];if(a&&a.usable)document.getElementById("aed").textContent="AED: "+a.owner+" · "+a.location+" · "+Math.round(a.distance_km*1000)+" m"}).catch(function(){})},function(){document.getElementById("gpsout").textContent=M.gps},{enableHighAccuracy:true,timeout:20000,maximumAge:60000})};
f.onsubmit=function(e){e.preventDefault();if(!f.lat.value&&!f.place.value){alert(M.where);return}
 var vit={};["pr","rr"].forEach(function(n){if(f[n].value!=="")vit[n]=num(f[n].value)});
 var sym=[].slice.call(f.querySelectorAll("input[name=sym]:checked")).map(function(c){return c.value});
 var body={kind:f.kind.value,reported_at:new Date().toISOString(),patient_count:num(f.patient_count.value)||1,boat_name:f.boat_name.value,reporter_phone:f.reporter_phone.value,notes:f.notes.value,
  patients:[{age:num(f.age.value),vitals:vit,symptoms:sym}]};
 if(f.lat.value){body.lat=num(f.lat.value);body.lon=num(f.lon.value)}else{body.place=f.place.value}
 f.reset();f.lat.value="";f.lon.value="";box.add(body)};
box.start();
})();
