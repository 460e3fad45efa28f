// CAPTCHA block of shared/templates/captcha.html: new code on demand, audio playback.
// Loaded as a static file because the CSP forbids inline scripts (script-src 'self').
(function () {
  "use strict";

  function csrfToken(block) {
    var form = block.closest("form");
    var input = form && form.querySelector("input[name='csrf_token']");
    return input ? input.value : "";
  }

  function announce(block, text) {
    var status = block.querySelector("[data-captcha-status]");
    if (!status) { return; }
    // Empty first so that the same message is announced again by screen readers.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function showCaptcha(block, urls) {
    var image = block.querySelector("[data-captcha-image]");
    var audio = block.querySelector("[data-captcha-audio]");
    var listen = block.querySelector("[data-captcha-listen]");
    var input = block.querySelector("[data-captcha-input]");
    image.src = urls.image;
    if (urls.audio) {
      if (audio) { audio.pause(); audio.src = urls.audio; audio.load(); }
      if (listen) { listen.href = urls.audio; }
    }
    if (input) { input.value = ""; input.focus(); }
    announce(block, "Nouveau code généré");
  }

  function refresh(block) {
    fetch(block.getAttribute("data-captcha-refresh-url"), {
      method: "POST",
      credentials: "same-origin",
      // The site sends Referrer-Policy: no-referrer, but Flask-WTF checks the referrer on HTTPS.
      referrerPolicy: "same-origin",
      headers: { "X-CSRFToken": csrfToken(block), "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (urls) {
      showCaptcha(block, urls);
    }).catch(function () {
      announce(block, "Impossible de générer un nouveau code. Merci de recharger la page.");
    });
  }

  function listen(block, event) {
    var audio = block.querySelector("[data-captcha-audio]");
    if (!audio || typeof audio.play !== "function") { return; }  // follow the link instead
    event.preventDefault();
    audio.currentTime = 0;
    var playing = audio.play();
    if (playing && typeof playing.catch === "function") {
      playing.catch(function () { window.location.href = audio.currentSrc || audio.src; });
    }
  }

  function wire(block) {
    if (block.hasAttribute("data-captcha-ready")) { return; }
    block.setAttribute("data-captcha-ready", "");
    var button = block.querySelector("[data-captcha-refresh]");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { refresh(block); });
    }
    var link = block.querySelector("[data-captcha-listen]");
    if (link) {
      link.addEventListener("click", function (event) { listen(block, event); });
    }
  }

  function init() {
    document.querySelectorAll("[data-captcha]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
