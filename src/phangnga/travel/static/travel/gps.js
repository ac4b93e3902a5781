/* Attraction and sign pages: the tourist's GPS position goes into the navigation links as the
   origin, and the distance to the attraction is shown. */
(function(){var b=document.getElementById("gps");if(!b||!navigator.geolocation){if(b)b.hidden=true;return;}
b.addEventListener("click",function(){navigator.geolocation.getCurrentPosition(function(p){
var o=p.coords.latitude.toFixed(6)+","+p.coords.longitude.toFixed(6),n=document.querySelector(".nav");
var g=document.getElementById("nav-google"),a=document.getElementById("nav-apple");
var gu=new URL(g.href);gu.searchParams.set("origin",o);g.href=gu.toString();
var au=new URL(a.href);au.searchParams.set("saddr",o);a.href=au.toString();
var R=6371,la1=p.coords.latitude*Math.PI/180,la2=n.dataset.lat*Math.PI/180,dl=(n.dataset.lon-p.coords.longitude)*Math.PI/180;
var d=Math.acos(Math.min(1,Math.sin(la1)*Math.sin(la2)+Math.cos(la1)*Math.cos(la2)*Math.cos(dl)))*R;
document.getElementById("dist").textContent=d.toFixed(1)+" km";},function(){b.disabled=true;},{enableHighAccuracy:true,timeout:15000});});})();
