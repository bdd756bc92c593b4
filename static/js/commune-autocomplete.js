/*
 * Commune suggestions for every input[data-autocomplete="<url of /communes.json>"].
 *
 * Progressive enhancement: without this script the field still takes a name, a postcode or an
 * INSEE code. With it, the field becomes an ARIA 1.2 combobox (list autocomplete, no automatic
 * selection): typing at least two characters shows up to ten communes in a listbox; the arrow
 * keys move through them, Enter or a click puts the chosen commune's slug into the field,
 * Escape closes the list. No inline style or script: the look comes from the classes
 * autocomplete, autocomplete__list, autocomplete__option(--active), autocomplete__label and
 * autocomplete__meta (static/css/site.css).
 */
(() => {
  "use strict";

  const DEBOUNCE_MS = 150;
  const MIN_LENGTH = 2;
  // "48.8566,2.3522" (typed, or filled in by near-me.js) is a position, not a commune name.
  const COORDINATES = /^\s*-?\d+(?:[.,]\d+)?\s*[,;]\s*-?\d/;
  const ACTIVE = "autocomplete__option--active";
  // Messages in the page's language: Django's JavaScript catalog (its gettext, ngettext and
  // interpolate) on a page in English; the French texts themselves on a French page.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count > 1 ? many : one));
  const interpolate =
    window.interpolate ||
    ((format, values) => format.replace(/%\((\w+)\)s/g, (_, name) => String(values[name])));

  let instances = 0;

  class CommuneAutocomplete {
    constructor(input) {
      instances += 1;
      this.input = input;
      this.endpoint = input.dataset.autocomplete;
      this.results = [];
      this.activeIndex = -1;
      this.timer = 0;
      this.controller = null;
      this.cache = new Map();

      const listId = `${input.id || "commune"}-suggestions-${instances}`;
      this.list = document.createElement("ul");
      this.list.id = listId;
      this.list.className = "autocomplete__list";
      this.list.setAttribute("role", "listbox");
      this.list.setAttribute("aria-label", gettext("Communes suggérées"));
      this.list.hidden = true;

      // Announces how many suggestions there are: the listbox itself is not a live region.
      this.status = document.createElement("span");
      this.status.className = "visually-hidden";
      this.status.setAttribute("role", "status");
      this.status.setAttribute("aria-live", "polite");

      // A positioned wrapper, so that the list opens just under the field.
      const wrapper = document.createElement("span");
      wrapper.className = "autocomplete";
      input.before(wrapper);
      wrapper.append(input, this.list, this.status);

      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", listId);
      input.setAttribute("autocomplete", "off");

      input.addEventListener("input", () => this.schedule());
      input.addEventListener("keydown", (event) => this.onKeyDown(event));
      input.addEventListener("blur", () => this.close());
      // Keep the focus in the field when an option is pressed, then take the click.
      this.list.addEventListener("mousedown", (event) => event.preventDefault());
      this.list.addEventListener("click", (event) => {
        const option = event.target.closest('[role="option"]');
        if (option) this.choose(Number(option.dataset.index));
      });
      if (input.form) input.form.addEventListener("submit", () => this.close());
    }

    query() {
      return this.input.value.trim();
    }

    wanted(q) {
      return q.length >= MIN_LENGTH && !COORDINATES.test(q);
    }

    schedule() {
      window.clearTimeout(this.timer);
      const q = this.query();
      if (!this.wanted(q)) {
        this.abort();
        this.close();
        return;
      }
      this.timer = window.setTimeout(() => this.load(q), DEBOUNCE_MS);
    }

    abort() {
      if (this.controller) this.controller.abort();
      this.controller = null;
    }

    async load(q) {
      if (this.cache.has(q)) {
        this.show(q, this.cache.get(q));
        return;
      }
      this.abort();
      const controller = new AbortController();
      this.controller = controller;
      const url = new URL(this.endpoint, window.location.href);
      url.searchParams.set("q", q);
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const data = await response.json();
        const results = Array.isArray(data.results) ? data.results : [];
        this.cache.set(q, results);
        this.show(q, results);
      } catch (error) {
        // Offline or a server error: the plain field still works, say nothing.
        if (error.name !== "AbortError") this.close();
      } finally {
        if (this.controller === controller) this.controller = null;
      }
    }

    show(q, results) {
      // An answer to an older query, or the field no longer has the focus: ignore it.
      if (q !== this.query() || document.activeElement !== this.input) return;
      this.results = results;
      this.activeIndex = -1;
      this.input.removeAttribute("aria-activedescendant");
      this.list.replaceChildren(...results.map((result, index) => this.option(result, index)));
      if (results.length) {
        this.open();
        this.announce(
          interpolate(
            ngettext(
              "%(count)s commune suggérée. Flèche bas pour la choisir.",
              "%(count)s communes suggérées. Flèches haut et bas pour choisir.",
              results.length,
            ),
            { count: results.length },
            true,
          ),
        );
      } else {
        this.close();
        this.announce(gettext("Aucune commune ne correspond."));
      }
    }

    option(result, index) {
      const option = document.createElement("li");
      option.id = `${this.list.id}-${index}`;
      option.className = "autocomplete__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      const label = document.createElement("span");
      label.className = "autocomplete__label";
      label.textContent = result.label || result.name;
      option.append(label);
      if (result.departement) {
        const separator = document.createElement("span");
        separator.className = "visually-hidden";
        separator.textContent = ", ";
        const meta = document.createElement("span");
        meta.className = "autocomplete__meta";
        meta.textContent = result.departement;
        option.append(separator, meta);
      }
      return option;
    }

    announce(message) {
      this.status.textContent = message;
    }

    isOpen() {
      return !this.list.hidden;
    }

    open() {
      this.list.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }

    close() {
      window.clearTimeout(this.timer);
      this.list.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.activeIndex = -1;
    }

    activate(index) {
      const options = this.list.querySelectorAll('[role="option"]');
      if (!options.length) return;
      const count = options.length;
      const next = ((index % count) + count) % count;
      options.forEach((option, position) => {
        const active = position === next;
        option.setAttribute("aria-selected", active ? "true" : "false");
        option.classList.toggle(ACTIVE, active);
      });
      this.activeIndex = next;
      this.input.setAttribute("aria-activedescendant", options[next].id);
      options[next].scrollIntoView({ block: "nearest" });
    }

    choose(index) {
      const result = this.results[index];
      if (!result) return;
      this.input.value = result.value;
      this.close();
      const name = result.label || result.name;
      this.announce(interpolate(gettext("%(name)s choisie."), { name }, true));
      this.input.dispatchEvent(new Event("change", { bubbles: true }));
      this.input.focus();
    }

    /** Open the list for the text in the field: from the cache, or after a request. */
    reopen(then) {
      const q = this.query();
      if (!this.wanted(q)) return;
      if (this.cache.has(q) && this.cache.get(q).length) {
        this.show(q, this.cache.get(q));
        then();
      } else {
        this.load(q);
      }
    }

    onKeyDown(event) {
      if (event.isComposing) return;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (this.isOpen()) this.activate(this.activeIndex + 1);
          else this.reopen(() => event.altKey || this.activate(0));
          break;
        case "ArrowUp":
          event.preventDefault();
          if (this.isOpen()) this.activate(this.activeIndex < 0 ? -1 : this.activeIndex - 1);
          else this.reopen(() => this.activate(-1));
          break;
        case "Enter":
          if (this.isOpen() && this.activeIndex >= 0) {
            // Choose the commune; the next Enter submits the form.
            event.preventDefault();
            this.choose(this.activeIndex);
          } else {
            this.close();
          }
          break;
        case "Escape":
          if (this.isOpen()) {
            event.preventDefault();
            this.close();
          }
          break;
        case "Tab":
          this.close();
          break;
        default:
          break;
      }
    }
  }

  const start = () => {
    document.querySelectorAll("input[data-autocomplete]").forEach((input) => {
      if (!input.dataset.autocomplete || input.getAttribute("role") === "combobox") return;
      new CommuneAutocomplete(input); // eslint-disable-line no-new
    });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
