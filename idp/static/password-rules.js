// Page « Initialisation / Réassort du mot de passe Élections » (accounts/new_password.html).
// Coche les règles du mot de passe au fil de la saisie et indique si la confirmation correspond.
// Fichier statique : la CSP interdit les scripts en ligne (script-src 'self').
// Les règles reprennent celles du serveur (idp/accounts/policy.py), qui reste seul juge.
(function () {
  "use strict";

  var MIN_LENGTH = 12;
  var MAX_LENGTH = 256;
  var ANNOUNCE_DELAY_MS = 400;

  var SPECIAL = (function () {
    try {
      return new RegExp("[^\\p{L}\\p{N}]", "u");
    } catch (e) {
      // Navigateur sans \p{…} : à défaut, tout ce qui n'est ni ASCII alphanumérique ni lettre latine accentuée.
      return /[^A-Za-z0-9\u00C0-\u024F]/;
    }
  })();

  // Longueur en caractères (points de code), comme len() côté serveur.
  function length(value) {
    return Array.from(value).length;
  }

  var CHECKS = {
    longueur: function (v) { var n = length(v); return n >= MIN_LENGTH && n <= MAX_LENGTH; },
    minuscule: function (v) { return /[a-z]/.test(v); },
    majuscule: function (v) { return /[A-Z]/.test(v); },
    chiffre: function (v) { return /[0-9]/.test(v); },
    special: function (v) { return SPECIAL.test(v); }
  };

  function summary(met, total) {
    // En français, 0 et 1 s'accordent au singulier.
    return met + (met > 1 ? " règles" : " règle") + " sur " + total +
      (met > 1 ? " respectées" : " respectée");
  }

  function init() {
    var password = document.getElementById("mot_de_passe");
    var list = document.getElementById("regles");
    if (!password || !list) { return; }
    var confirmation = document.getElementById("confirmation");
    var confirmationState = document.getElementById("confirmation-etat");
    var announcer = document.getElementById("regles-annonce");
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-regle]"));

    list.classList.add("regles-actives");

    var lastAnnounced = null;
    var timer = null;

    function evaluate() {
      var value = password.value;
      var met = 0;
      items.forEach(function (item) {
        var check = CHECKS[item.getAttribute("data-regle")];
        var ok = check ? check(value) : false;
        if (ok) { met += 1; }
        item.classList.toggle("ok", ok);
        var state = item.querySelector(".sr-etat");
        var text = ok ? " (respecté)" : " (non respecté)";
        if (state && state.textContent !== text) { state.textContent = text; }
      });
      return met;
    }

    function announce(met) {
      if (!announcer || met === lastAnnounced) { return; }
      lastAnnounced = met;
      announcer.textContent = summary(met, items.length);
    }

    function updateConfirmation() {
      if (!confirmation || !confirmationState) { return; }
      var text = "";
      var ok = false;
      if (confirmation.value !== "") {
        ok = confirmation.value === password.value;
        text = ok ? "Les deux saisies correspondent." : "Les deux saisies ne correspondent pas encore.";
      }
      confirmationState.classList.toggle("ok", ok);
      // Ne réécrire que si le texte change : la zone est « aria-live ».
      if (confirmationState.textContent !== text) { confirmationState.textContent = text; }
    }

    password.addEventListener("input", function () {
      var met = evaluate();
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { announce(met); }, ANNOUNCE_DELAY_MS);
      if (confirmation && confirmation.value !== "") { updateConfirmation(); }
    });

    if (confirmation) {
      confirmation.addEventListener("input", updateConfirmation);
    }

    // État initial (champ prérempli par le navigateur) : affiché, pas annoncé.
    lastAnnounced = evaluate();
    if (confirmation && confirmation.value !== "") {
      updateConfirmation();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
