// Compte à rebours du pavé « Je Vote » (portail) et de la fenêtre de vote (espace de vote) :
// partial shared/templates/_compte_a_rebours.html.
// Met à jour les cases Jour(s) / Heure(s) / Minute(s) et le texte masqué toutes les 30 s ;
// à l'échéance, recharge la page une fois pour que le serveur affiche la phase suivante.
// Volontairement silencieux pour les lecteurs d'écran : le tableau est aria-hidden, le texte
// masqué n'est pas une zone « live » (pas d'annonce à chaque mise à jour).
// Fichier statique : la CSP interdit les scripts en ligne (script-src 'self').
(function () {
  "use strict";

  var TICK_MS = 30000;
  var RELOAD_MARGIN_MS = 2000;  // laisse au serveur le temps de passer l'échéance

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // "2026-12-01T07:00:00Z" ou "2026-12-01T07:00:00.123456Z" (isoformat() + "Z") → ms UTC.
  function parseTarget(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?Z$/.exec(text || "");
    if (!m) {
      var parsed = Date.parse(text);
      return isNaN(parsed) ? null : parsed;
    }
    var ms = m[7] ? Math.floor(Number("0." + m[7]) * 1000) : 0;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0), ms);
  }

  function now() {
    return (window.performance && performance.now) ? performance.now() : Date.now();
  }

  function storageKey(target) {
    return "compte-a-rebours-recharge:" + target;
  }

  function alreadyReloaded(target) {
    try {
      return window.sessionStorage.getItem(storageKey(target)) === "1";
    } catch (e) {
      return false;
    }
  }

  function rememberReload(target) {
    try {
      window.sessionStorage.setItem(storageKey(target), "1");
      return true;
    } catch (e) {
      return false;  // stockage indisponible : ne pas risquer de recharger en boucle
    }
  }

  function wire(box) {
    var targetText = box.getAttribute("data-cible");
    var target = parseTarget(targetText);
    var cells = {
      jours: box.querySelector('td[data-unite="jours"]'),
      heures: box.querySelector('td[data-unite="heures"]'),
      minutes: box.querySelector('td[data-unite="minutes"]')
    };
    var text = box.querySelector(".compte-texte");
    if (target === null || box.getAttribute("data-phase") === "clos" || !cells.minutes) { return; }

    // Ce que le serveur a affiché (arrondi à la minute inférieure) borne l'horloge du poste :
    // le temps restant réel est dans [affiché, affiché + 60 s[ au chargement.
    function cellValue(cell) {
      var n = cell ? parseInt(cell.textContent, 10) : NaN;
      return isNaN(n) ? 0 : n;
    }
    var shownSeconds = cellValue(cells.jours) * 86400 + cellValue(cells.heures) * 3600 +
      cellValue(cells.minutes) * 60;
    var loadedAt = now();
    var timer = null;
    var reloading = false;

    function remainingMs() {
      var elapsed = now() - loadedAt;
      var low = shownSeconds * 1000 - elapsed;
      var high = (shownSeconds + 60) * 1000 - elapsed;
      var byClock = target - Date.now();
      return Math.min(high, Math.max(low, byClock));
    }

    function render(ms) {
      var seconds = Math.max(0, Math.floor(ms / 1000));
      var d = Math.floor(seconds / 86400);
      var h = Math.floor(seconds % 86400 / 3600);
      var m = Math.floor(seconds % 3600 / 60);
      var values = { jours: pad(d), heures: pad(h), minutes: pad(m) };
      Object.keys(values).forEach(function (unit) {
        var cell = cells[unit];
        if (cell && cell.textContent !== values[unit]) { cell.textContent = values[unit]; }
      });
      if (text) {
        var words = d + " jour(s), " + h + " heure(s) et " + m + " minute(s)";
        if (text.textContent !== words) { text.textContent = words; }
      }
    }

    function tick() {
      window.clearTimeout(timer);
      var ms = remainingMs();
      render(ms);
      if (ms <= -RELOAD_MARGIN_MS) {
        if (!reloading && !alreadyReloaded(targetText) && rememberReload(targetText)) {
          reloading = true;
          window.location.reload();
        }
        return;
      }
      // Prochaine mise à jour : dans 30 s, ou juste après l'échéance si elle est plus proche.
      timer = window.setTimeout(tick, Math.max(250, Math.min(TICK_MS, ms + RELOAD_MARGIN_MS + 50)));
    }

    // Onglet revenu au premier plan (minuteries ralenties en arrière-plan) : rattraper.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && !reloading) { tick(); }
    });

    tick();
  }

  function init() {
    document.querySelectorAll(".compte-a-rebours[data-cible]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
