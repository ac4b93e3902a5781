/* Crew page: each step the crew presses (and the unit's position) goes into the phone's outbox
   (outbox.js) and moves the card on at once; the outbox sends it when there is signal. */
(function(){
var F=JSON.parse(document.getElementById("crew-flow").textContent),W=document.getElementById("crew-words").dataset,
 tok=document.querySelector("input[name=csrfmiddlewaretoken]").value,esc=PNOutbox.esc,
 box=PNOutbox({store:"pn-em-crew",url:"",headers:function(){return {"X-CSRFToken":tok}},render:render});
function rank(k){return F.order.indexOf(k)}
function steps(card){var cur=card.dataset.shown||card.dataset.current,boat=card.dataset.boat==="1";
 return (F.next[cur]||[]).filter(function(k){return boat||F.boat.indexOf(k)<0})}
function mine(q,id){return q.filter(function(x){return x.incident===id&&x.step})}
function render(q){
 document.querySelectorAll("[data-incident]").forEach(function(card){
  var id=card.dataset.incident,cur=card.dataset.current,last=null;
  // Steps pressed on this phone (sent, or waiting for signal) move the card on; a refused one does not.
  mine(q,id).forEach(function(x){if(x.state!=="error"&&rank(x.step)>=rank(cur))cur=x.step;last=x});
  if(card.dataset.shown!==cur){card.dataset.shown=cur;card.querySelector("[data-now]").textContent=F.labels[cur]||cur;
   var s=card.querySelector("[data-since]");if(s&&cur!==card.dataset.current)s.textContent="";
   card.querySelector("[data-steps]").innerHTML=steps(card).map(function(k){
    return '<button class="bigbtn'+(k==="closed"?" closing":"")+'" data-step="'+esc(k)+'">'+(k==="closed"?"":"→ ")+esc(F.labels[k]||k)+"</button>"}).join("")}
  var out=card.querySelector("[data-out]");
  if(last){out.dataset.state=last.state;out.textContent=last.t+" "+(F.labels[last.step]||last.step)+": "+
   (last.state==="sent"?W.sent+" ✔":last.state==="error"?W.refused+" ✘ "+last.err:W.queued+" …")}
 });
 var p=q.filter(function(x){return x.pos}).pop();
 if(p)document.getElementById("posout").textContent=p.pos+" · "+(p.state==="sent"?W.sent+" ✔":p.state==="error"?W.refused+" ✘ "+p.err:W.queued+" …");
}
function record(card,k){var id=card.dataset.incident;
 box.add({kind:k,at:new Date().toISOString()},{url:"/api/v1/emergency/incidents/"+id+"/events",incident:id,step:k,ts:Date.now()})}
document.addEventListener("click",function(ev){var b=ev.target.closest("button");if(!b)return;var card=b.closest("[data-incident]");
 if(card&&b.dataset.step){var c=card.querySelector("[data-confirm]");
  if(b.dataset.step==="closed"){c.hidden=false;card.querySelector("[data-steps]").hidden=true}else record(card,b.dataset.step)}
 else if(card&&b.hasAttribute("data-yes")){card.querySelector("[data-confirm]").hidden=true;card.querySelector("[data-steps]").hidden=false;record(card,"closed")}
 else if(card&&b.hasAttribute("data-no")){card.querySelector("[data-confirm]").hidden=true;card.querySelector("[data-steps]").hidden=false}
 else if(b.dataset.pos&&navigator.geolocation){navigator.geolocation.getCurrentPosition(function(p){
  var at=p.coords.latitude.toFixed(4)+", "+p.coords.longitude.toFixed(4);
  box.add({lat:p.coords.latitude,lon:p.coords.longitude,at:new Date().toISOString()},{url:"/api/v1/emergency/resources/"+b.dataset.pos+"/position",pos:at,ts:Date.now()})})}
});
// Steps queued by the page before the shared outbox (its own list, no state) are sent with their keys.
try{var old=JSON.parse(localStorage.getItem("pn-em-crewq"))||[];old.forEach(function(r){var m=/incidents\/(\d+)\/events/.exec(r.url||"");
 box.add(r.body,{key:r.key,url:r.url,incident:m?m[1]:null,step:m?r.body.kind:null,ts:Date.now()})});localStorage.removeItem("pn-em-crewq")}catch(e){}
// Keep a day of finished entries: enough to show what was sent, small enough for an old phone.
var day=Date.now()-864e5,q=box.list().filter(function(x){return x.state==="queued"||(x.ts||0)>day});
localStorage.setItem("pn-em-crew",JSON.stringify(q));
box.start();
})();
