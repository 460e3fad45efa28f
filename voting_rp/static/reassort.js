// The new code de vote is shown for 120 seconds, then removed from the page (not just hidden).
// RGAA 13.1: the voter can extend the time (as often as needed) and copy the code.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var zone = document.getElementById("code-zone");
  if (!zone) { return; }
  var remaining = parseInt(zone.getAttribute("data-secondes"), 10) || 120;
  var counter = document.getElementById("secondes");
  var announce = document.getElementById("annonce");
  var copy = document.getElementById("copier");
  var extend = document.getElementById("prolonger");
  var codeText = document.querySelector("#code-de-vote code").textContent.replace(/\s+/g, "");

  function hide() {
    zone.parentNode.removeChild(zone);
    document.getElementById("code-masque").hidden = false;
    codeText = "";
    clearInterval(timer);
  }
  var timer = setInterval(function () {
    remaining -= 1;
    counter.textContent = String(remaining);
    if (remaining === 30) { announce.textContent = "Plus que 30 secondes avant que le code ne soit masqué."; }
    if (remaining <= 0) { hide(); }
  }, 1000);

  extend.hidden = false;
  extend.addEventListener("click", function () {
    remaining += 120;
    counter.textContent = String(remaining);
    announce.textContent = "Affichage prolongé : " + remaining + " secondes restantes.";
  });
  if (navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(codeText).then(function () {
        announce.textContent = "Code copié dans le presse-papiers.";
      });
    });
  }
});
