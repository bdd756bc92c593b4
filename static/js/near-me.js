/*
 * "Utiliser ma position" beside every input[data-geolocation].
 *
 * Progressive enhancement: the button appears only when the browser can locate the visitor.
 * A click asks for the position, writes it into the field as "lat,lon" (4 decimals, about
 * 10 m) and submits the form; a refusal or a failure is explained in a polite live region.
 * The position goes nowhere but into the form's own query string. Classes: near-me__button,
 * near-me__status (static/css/site.css).
 */
(() => {
  "use strict";

  if (!("geolocation" in navigator) || window.isSecureContext === false) return;

  const OPTIONS = { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 };
  // Messages in the page's language: Django's JavaScript catalog on a page in English, the
  // French texts themselves on a French page.
  const gettext = window.gettext || ((text) => text);
  const MESSAGES = {
    searching: gettext("Recherche de votre position…"),
    found: gettext("Position trouvée : affichage des initiatives autour de vous…"),
    1: gettext("Vous n'avez pas autorisé l'accès à votre position. Saisissez plutôt une commune ou un code postal."),
    2: gettext("Votre position n'a pas pu être déterminée. Saisissez plutôt une commune ou un code postal."),
    3: gettext("La recherche de votre position a pris trop de temps. Réessayez, ou saisissez une commune ou un code postal."),
  };

  const coordinates = (position) =>
    `${position.coords.latitude.toFixed(4)},${position.coords.longitude.toFixed(4)}`;

  const submit = (form) => {
    if (!form) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  };

  const enhance = (input) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button near-me__button";
    button.textContent = gettext("Utiliser ma position");
    if (input.id) button.setAttribute("aria-controls", input.id);

    const status = document.createElement("span");
    status.className = "near-me__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    // After the field (and after the autocomplete's wrapper, whichever script runs first).
    (input.closest(".field") || input.parentElement).append(button, status);

    let pending = false;
    const done = () => {
      pending = false;
      button.removeAttribute("aria-disabled");
    };

    button.addEventListener("click", () => {
      if (pending) return;
      pending = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = MESSAGES.searching;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          input.value = coordinates(position);
          input.removeAttribute("aria-invalid");
          status.textContent = MESSAGES.found;
          done();
          submit(input.form);
        },
        (error) => {
          status.textContent = MESSAGES[error.code] || MESSAGES[2];
          done();
        },
        OPTIONS,
      );
    });
  };

  const start = () => document.querySelectorAll("input[data-geolocation]").forEach(enhance);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
