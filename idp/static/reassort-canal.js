// Page « Demande de réassort du code de vote » (interaction/reassort.html), as in the seeds: only the
// chosen channel's field is shown, and it is the one marked required. Without this script both
// fields show and the server reads the chosen one's (it stays the only judge of what is valid).
// Fichier statique : la CSP interdit les scripts en ligne (script-src 'self').
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var radios = document.querySelectorAll("input[name='canal']");
    var fields = document.querySelectorAll("[data-canal]");
    if (!radios.length || !fields.length) { return; }

    function chosen() {
      for (var i = 0; i < radios.length; i += 1) {
        if (radios[i].checked) { return radios[i].value; }
      }
      return null;
    }

    function show() {
      var value = chosen();
      for (var i = 0; i < fields.length; i += 1) {
        var field = fields[i];
        var input = field.querySelector("input");
        var mine = field.getAttribute("data-canal") === value;
        field.hidden = !mine;
        input.disabled = !mine;  // a hidden field is neither sent nor read
        if (mine) { input.setAttribute("aria-required", "true"); }
      }
    }

    var hints = document.querySelectorAll(".sans-script");
    for (var j = 0; j < hints.length; j += 1) { hints[j].hidden = true; }
    for (var k = 0; k < radios.length; k += 1) { radios[k].addEventListener("change", show); }
    show();
  });
}());
