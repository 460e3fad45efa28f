// Limite de temps réglable (RGAA 13.1, WCAG 2.2.1) : deux minutes avant la fin de la session par
// inactivité, une fenêtre d'alerte propose de rester connecté d'un clic. La durée maximale de la
// session (absolue) est annoncée de la même façon mais ne se prolonge pas.
// Avant de dire la session expirée, la page demande au serveur (/session/etat, qui ne compte pas
// comme une activité) : un autre onglet a pu la garder vivante.
// Fichier statique : la CSP interdit les scripts en ligne (script-src 'self').
(function () {
  "use strict";

  var WARN_MS = 120000;      // prévenir deux minutes avant l'échéance
  var box = document.getElementById("expiration-session");
  var announce = document.getElementById("expiration-annonce");
  if (!box) { return; }
  var title = document.getElementById("expiration-titre");
  var text = document.getElementById("expiration-texte");
  var extendButton = box.querySelector('[data-action="prolonger"]');
  var signIn = box.querySelector('[data-action="reconnexion"]');
  var timer = null;
  var idleDeadline = 0;
  var absoluteDeadline = 0;
  var returnFocus = null;

  // "09h32", à l'heure de Paris comme la fenêtre de vote, quel que soit le fuseau du poste.
  var PARIS = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23" });

  function hhmm(ms) {
    var parts = {};
    PARIS.formatToParts(new Date(ms)).forEach(function (part) { parts[part.type] = part.value; });
    return parts.hour + "h" + parts.minute;
  }

  function setDeadlines(idleSeconds, absoluteSeconds) {
    var now = Date.now();
    idleDeadline = now + idleSeconds * 1000;
    absoluteDeadline = now + absoluteSeconds * 1000;
  }

  function deadline() {
    return Math.min(idleDeadline, absoluteDeadline);
  }

  function schedule(at, action) {
    window.clearTimeout(timer);
    timer = window.setTimeout(action, Math.max(0, at - Date.now()));
  }

  function plan() {
    schedule(deadline() - WARN_MS, check);
  }

  // Deux minutes avant l'échéance connue de cette page : la session a-t-elle servi ailleurs ?
  function check() {
    ask("GET").then(function (state) {
      if (state === null) { warn(); return; }  // pas de réponse exploitable : prévenir quand même
      if (!apply(state)) { return; }
      if (deadline() - Date.now() > WARN_MS + 5000) { close(); plan(); } else { warn(); }
    }, warn);
  }

  function open(heading, message) {
    title.textContent = heading;
    text.textContent = message;
    if (box.hidden) {
      returnFocus = document.activeElement;
      box.hidden = false;
    }
  }

  function close() {
    if (box.hidden) { return; }
    box.hidden = true;
    if (returnFocus && typeof returnFocus.focus === "function") { returnFocus.focus(); }
  }

  function warn() {
    var end = deadline();
    if (absoluteDeadline <= idleDeadline) {
      open("Votre session va bientôt se terminer",
        "Pour votre sécurité, votre session se termine à " + hhmm(end) + " (heure de Paris) et ne peut pas être " +
        "prolongée. Terminez ou enregistrez votre saisie avant cette heure.");
      extendButton.textContent = "J'AI COMPRIS";
      extendButton.setAttribute("data-mode", "fermer");
    } else {
      open("Votre session va bientôt expirer",
        "Sans action de votre part, votre session se fermera dans deux minutes, à " + hhmm(end) +
        " (heure de Paris). Voulez-vous rester connecté ?");
      extendButton.textContent = "RESTER CONNECTÉ";
      extendButton.setAttribute("data-mode", "prolonger");
    }
    extendButton.hidden = false;
    signIn.hidden = true;
    extendButton.focus();
    schedule(end, verify);
  }

  function expired() {
    window.clearTimeout(timer);
    open("Votre session a expiré",
      "Votre session s'est fermée. Ce que vous n'aviez pas envoyé n'a pas été enregistré. " +
      "Reconnectez-vous pour continuer.");
    extendButton.hidden = true;
    signIn.hidden = false;
    signIn.focus();
  }

  function ask(method) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (method === "POST") { options.headers["X-CSRFToken"] = box.getAttribute("data-csrf"); }
    var url = box.getAttribute(method === "POST" ? "data-prolonger" : "data-etat");
    return window.fetch(url, options).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { return null; }  // service momentanément indisponible : on ne conclut rien
      return response.json();
    });
  }

  function apply(state) {
    if (state === null) { return false; }
    if (!state.active) { expired(); return false; }
    setDeadlines(state.idle, state.absolute);
    return true;
  }

  // À l'échéance : la session vit-elle encore (activité dans un autre onglet) ?
  function verify() {
    ask("GET").then(function (state) {
      if (state === null) { schedule(Date.now() + 15000, verify); return; }
      if (!apply(state)) { return; }
      if (deadline() - Date.now() > WARN_MS) { close(); plan(); } else { schedule(deadline(), verify); }
    }, function () { schedule(Date.now() + 15000, verify); });
  }

  extendButton.addEventListener("click", function () {
    if (extendButton.getAttribute("data-mode") === "fermer") { close(); return; }
    ask("POST").then(function (state) {
      if (state === null || !state.active) { verify(); return; }
      apply(state);
      close();
      announce.textContent = "Votre session a été prolongée jusqu'à " + hhmm(idleDeadline) + " (heure de Paris).";
      plan();
    }, function () { verify(); });
  });

  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && extendButton.getAttribute("data-mode") === "fermer") { close(); }
  });

  setDeadlines(Number(box.getAttribute("data-inactivite")), Number(box.getAttribute("data-absolue")));
  plan();
})();
