// Espace de vote (ballots/ballot.html) : étapes 2 « Constitution bulletin » et 3 « Vote », puis
// chiffrement du bulletin dans le navigateur avant l'envoi. Le choix en clair ne quitte jamais la page :
// les boutons radio ne sont dans aucun formulaire, seul le bulletin chiffré est envoyé.
//
// Construction (documentée dans voting_rp/ballots/crypto.py et docs/voting.md), WebCrypto seulement :
//   clé éphémère ECDH P-256 propre à ce bulletin ;
//   Z = ECDH(clé éphémère privée, clé publique de l'élection), 32 octets ;
//   clé = HKDF-SHA256(Z, sel = éphémère publique ‖ publique de l'élection, info = data-info), 256 bits ;
//   AES-256-GCM, nonce aléatoire de 12 octets, AAD = data-aad ‖ code du scrutin (bulletin lié au scrutin) ;
//   clair = « blanc » ou « liste:N » complété par des octets nuls à data-taille octets (longueur fixe).
// Forme envoyée : v1.<éphémère>.<nonce>.<chiffré+étiquette>, en base64url sans remplissage.
// Fichier statique : la CSP interdit les scripts en ligne (script-src 'self').
(function () {
  "use strict";

  var form = document.getElementById("formulaire-vote");
  if (!form) {
    return;
  }
  var stepChoice = document.getElementById("etape-constitution");
  var stepVote = document.getElementById("etape-vote");
  var choiceError = document.getElementById("erreur-choix");
  var chosenText = document.getElementById("choix-retenu");
  var status = document.getElementById("etat-chiffrement");
  var voteButton = document.getElementById("voter");
  var sending = false;
  var titleSuffix = document.title.slice(document.title.indexOf("—"));
  var encoder = new TextEncoder();

  function b64u(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromB64u(text) {
    var plain = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(plain.length);
    for (var i = 0; i < plain.length; i++) {
      bytes[i] = plain.charCodeAt(i);
    }
    return bytes;
  }

  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  async function encryptBallot(choice) {
    var data = form.dataset;
    var subtle = window.crypto.subtle;
    var curve = { name: "ECDH", namedCurve: "P-256" };
    var recipientPoint = fromB64u(data.point);
    var recipient = await subtle.importKey("raw", recipientPoint, curve, false, []);
    var ephemeral = await subtle.generateKey(curve, false, ["deriveBits"]);
    var ephemeralPoint = new Uint8Array(await subtle.exportKey("raw", ephemeral.publicKey));
    var shared = await subtle.deriveBits({ name: "ECDH", public: recipient }, ephemeral.privateKey, 256);
    var ikm = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
    var key = await subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: concat(ephemeralPoint, recipientPoint), info: encoder.encode(data.info) },
      ikm, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    var nonce = window.crypto.getRandomValues(new Uint8Array(12));
    var padded = new Uint8Array(Number(data.taille));
    padded.set(encoder.encode(choice));
    var sealed = new Uint8Array(await subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: encoder.encode(data.aad + data.scrutin), tagLength: 128 },
      key, padded));
    padded.fill(0);
    return data.version + "." + b64u(ephemeralPoint) + "." + b64u(nonce) + "." + b64u(sealed);
  }

  function checkedChoice() {
    return document.querySelector('input[name="choix"]:checked');
  }

  function showStep(number) {
    var items = document.querySelectorAll("#etapes li");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-etape") === String(number)) {
        items[i].setAttribute("aria-current", "step");
      } else {
        items[i].removeAttribute("aria-current");
      }
    }
    stepChoice.hidden = number !== 2;
    stepVote.hidden = number !== 3;
    var heading = document.getElementById(number === 2 ? "titre-constitution" : "titre-vote");
    document.title = (number === 2 ? "Constitution bulletin " : "Vote ") + titleSuffix;
    heading.focus();
  }

  var radios = document.querySelectorAll('input[name="choix"]');
  for (var r = 0; r < radios.length; r++) {
    radios[r].addEventListener("change", function () {
      choiceError.hidden = true;
    });
  }

  document.getElementById("vers-vote").addEventListener("click", function () {
    var choice = checkedChoice();
    if (!choice) {
      choiceError.hidden = false;
      document.querySelector('input[name="choix"]').focus();
      return;
    }
    choiceError.hidden = true;
    chosenText.textContent = choice.getAttribute("data-libelle");
    showStep(3);
  });

  document.getElementById("modifier").addEventListener("click", function () {
    showStep(2);
    var choice = checkedChoice();
    if (choice) {
      choice.focus();
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var choice = checkedChoice();
    if (sending || !choice) {
      return;  // un seul envoi, même sur un double clic
    }
    if (!window.crypto || !window.crypto.subtle) {
      status.textContent = "Votre navigateur ne permet pas de chiffrer le bulletin (WebCrypto absent) : le vote est impossible depuis ce navigateur.";
      return;
    }
    sending = true;
    voteButton.disabled = true;
    status.textContent = "Chiffrement de votre bulletin…";
    encryptBallot(choice.value).then(function (ballot) {
      document.getElementById("bulletin").value = ballot;
      status.textContent = "Dépôt de votre bulletin chiffré dans l'urne…";
      form.submit();
    }, function () {
      sending = false;
      voteButton.disabled = false;
      status.textContent = "Le chiffrement du bulletin a échoué : votre vote n'a pas été envoyé. Merci de réessayer.";
    });
  });
})();
