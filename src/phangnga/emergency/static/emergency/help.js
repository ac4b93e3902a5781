/* Public help page (/emergency/help): the report goes into the phone's outbox (outbox.js); once
   received its status is polled, and the nearest AED and CPR steps are shown. */
(function(){
var f=document.getElementById("help"), M=JSON.parse(document.getElementById("msgs").textContent), esc=PNOutbox.esc, lang=document.documentElement.lang;
function line(r){if(r.state==="sent")return M.report+" #"+esc(r.result.reference)+": "+esc(M[r.result.status]||r.result.status);if(r.state==="error")return M.error+": "+esc(r.err);return M.queued+(r.err?" · "+esc(r.err):"")}
function show(q){var h="";q.forEach(function(r){h+='<li data-key="'+r.key+'" data-state="'+r.state+'" data-status="'+esc(r.result?r.result.status:"")+'">'+r.t+" · "+line(r)+"</li>"});document.getElementById("outq").innerHTML=h;
 showAed(q.length&&q[q.length-1].result&&q[q.length-1].result.nearest_aed)}
var box=PNOutbox({store:"pn-help-outbox",url:"/api/v1/emergency/help",render:show});
function poll(){box.list().forEach(function(r){if(r.state!=="sent"||r.result.status==="closed")return;
 fetch(r.result.status_url).then(function(x){return x.ok?x.json():null}).then(function(s){if(s&&s.status!==r.result.status)box.update(r.key,function(x){x.result.status=s.status})}).catch(function(){})})}
function showAed(a){if(a)document.getElementById("aed").textContent="🫀 "+M.aed+": "+a.owner+" · "+a.location+" · "+Math.round(a.distance_km*1000)+" m"}
function nearestAed(){if(!f.lat.value)return;fetch("/api/v1/emergency/aeds/nearest?limit=3&lat="+f.lat.value+"&lon="+f.lon.value).then(function(r){return r.ok?r.json():[]}).then(function(a){showAed(a.filter(function(x){return x.usable})[0])}).catch(function(){})}
function cpr(){var k=f.querySelector("input[name=kind]:checked"),nb=f.querySelector("input[name=sign][value=not_breathing]");document.getElementById("cpr").hidden=!((k&&k.value==="cardiac_arrest")||(nb&&nb.checked))}
f.addEventListener("change",cpr);
document.getElementById("gps").onclick=function(){var out=document.getElementById("gpsout");if(!navigator.geolocation){out.textContent=M.gps;return}
 navigator.geolocation.getCurrentPosition(function(p){f.lat.value=p.coords.latitude.toFixed(5);f.lon.value=p.coords.longitude.toFixed(5);out.textContent="✔ "+f.lat.value+", "+f.lon.value;nearestAed()},function(){out.textContent=M.gps},{enableHighAccuracy:true,timeout:20000,maximumAge:60000})};
f.onsubmit=function(e){e.preventDefault();var err=document.getElementById("err"),kind=f.querySelector("input[name=kind]:checked");
 err.textContent=!kind?M.need_kind:(!f.lat.value&&!f.place.value)?M.need_where:f.phone.value.replace(/\D/g,"").length<6?M.need_phone:"";if(err.textContent)return;
 var body={kind:kind.value,people:Number(f.people.value)||1,phone:f.phone.value.trim(),language:lang,location_text:f.location_text.value,
  signs:[].slice.call(f.querySelectorAll("input[name=sign]:checked")).map(function(c){return c.value})};
 if(f.lat.value){body.lat=Number(f.lat.value);body.lon=Number(f.lon.value)}else{body.place=f.place.value}
 box.add(body)};
box.start();nearestAed();setInterval(poll,20000);window.addEventListener("focus",poll);poll();
})();
