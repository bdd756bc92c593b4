/*
 * The directory's maps, with Leaflet (static "leaflet/leaflet.js") and, on listings, its
 * marker clusters ("leaflet-markercluster/leaflet.markercluster.js").
 *
 * Progressive enhancement: the maps and their toggle are `hidden` in the HTML and only this
 * script shows them, so without JavaScript (or without tiles) the list stays the whole page.
 *
 * - [data-map="results"]: the listing's results. A button "Afficher la carte" (aria-expanded)
 *   opens it; only then are Leaflet, the GeoJSON (data-geojson-url: /initiatives.geojson with
 *   the listing's filters) and the tiles fetched. The choice is kept for the tab's session.
 * - [data-map="places"]: a detail page's places, read from the JSON script element whose id is
 *   in data-places; Leaflet is fetched and the map created once it scrolls into view.
 *
 * Leaflet (about 50 KB compressed, and stylesheets that would hold up the first paint) is
 * thus only fetched for a map about to be shown: most visitors of a listing never open it.
 *
 * Config comes from data attributes (the CSP forbids inline scripts): data-tile-url,
 * data-attribution (plain text) on each map; on this script's own element, Leaflet's files
 * (data-leaflet-styles, data-leaflet-scripts: space-separated, scripts in order) and its
 * marker images (data-marker-icon, data-marker-icon-retina, data-marker-shadow). Leaflet
 * would guess the images from its stylesheet's address, which fingerprinted static files
 * (production) make it guess wrong: it then asks for "marker-icon.png" beside the page, a 404.
 * Text from the data is only ever set with textContent.
 */
(() => {
  "use strict";

  // Read while this script runs: document.currentScript is null afterwards.
  const assets = document.currentScript?.dataset || {};
  const words = (value) => (value || "").split(/\s+/).filter(Boolean);
  if (!words(assets.leafletScripts).length) return;

  let L = null; // window.L, once loadLeaflet() has fetched it
  let leaflet = null;

  const fetchFile = (tag, attributes) =>
    new Promise((resolve, reject) => {
      const node = document.createElement(tag);
      Object.assign(node, attributes);
      node.addEventListener("load", resolve);
      node.addEventListener("error", () => reject(new Error(`${tag} not loaded`)));
      document.head.append(node);
    });

  // Leaflet's stylesheets and scripts, each fetched once; scripts run in their order (the
  // clusters extend Leaflet). Resolves when all are there.
  const loadLeaflet = () => {
    leaflet ??= Promise.all([
      ...words(assets.leafletStyles).map((href) => fetchFile("link", { rel: "stylesheet", href })),
      words(assets.leafletScripts).reduce(
        (previous, src) => previous.then(() => fetchFile("script", { src, async: false })),
        Promise.resolve(),
      ),
    ]).then(
      () => {
        if (!window.L) throw new Error("Leaflet not loaded");
        L = window.L;
      },
      (error) => {
        leaflet = null; // fetched again next time
        throw error;
      },
    );
    return leaflet;
  };

  let markerIcon = null;
  const icon = () => {
    markerIcon ??= L.icon({
      ...L.Icon.Default.prototype.options,
      iconUrl: assets.markerIcon,
      iconRetinaUrl: assets.markerIconRetina || assets.markerIcon,
      shadowUrl: assets.markerShadow,
    });
    return markerIcon;
  };

  const REGION = { center: [48.71, 2.5], zoom: 8 }; // Île-de-France
  const MAX_FIT_ZOOM = 14;
  const STORAGE_KEY = "annuaire-carte-ouverte";
  const REDUCED_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Messages in the page's language: Django's JavaScript catalog on a page in English, the
  // French texts themselves on a French page (0 and 1 take the singular).
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count > 1 ? many : one));
  const interpolate =
    window.interpolate ||
    ((format, values) => format.replace(/%\((\w+)\)s/g, (_, name) => String(values[name])));
  const locale = document.documentElement.lang === "en" ? "en-GB" : "fr-FR";
  const number = (count) => count.toLocaleString(locale);

  const escapeText = (text) => {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  };

  const safeUrl = (url) => {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch {
      return null;
    }
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  const createMap = (container, options = {}) => {
    const map = L.map(container, {
      zoomControl: false,
      zoomAnimation: !REDUCED_MOTION,
      fadeAnimation: !REDUCED_MOTION,
      markerZoomAnimation: !REDUCED_MOTION,
      ...options,
    }).setView(REGION.center, REGION.zoom);
    L.control
      .zoom({ zoomInTitle: gettext("Zoom avant"), zoomOutTitle: gettext("Zoom arrière") })
      .addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(container.dataset.tileUrl, {
      attribution: escapeText(container.dataset.attribution || ""),
      maxZoom: 19,
      referrerPolicy: "strict-origin-when-cross-origin",
    }).addTo(map);
    // Leaflet's own labels are in English.
    map.on("popupopen", (event) => {
      const close = event.popup.getElement()?.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", gettext("Fermer"));
        close.title = gettext("Fermer");
      }
    });
    return map;
  };

  const fit = (map, bounds) => {
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: MAX_FIT_ZOOM });
  };

  const marker = (latitude, longitude, name) =>
    L.marker([latitude, longitude], {
      alt: name,
      title: name,
      riseOnHover: true,
      ...(assets.markerIcon && { icon: icon() }),
    });

  // --- The listing's results --------------------------------------------------------------

  const initiativePopup = (properties) => {
    const root = element("div", "map-popup");
    const title = element("p", "map-popup__title");
    const url = safeUrl(properties.url);
    if (url) {
      const link = element("a", "", properties.name);
      link.href = url;
      title.append(link);
    } else {
      title.textContent = properties.name;
    }
    root.append(title);
    if (properties.summary) root.append(element("p", "map-popup__summary", properties.summary));
    if (properties.commune) {
      const where = properties.approximate
        ? interpolate(
            gettext("%(commune)s (position approximative : centre de la commune)"),
            { commune: properties.commune },
            true,
          )
        : properties.commune;
      root.append(element("p", "map-popup__place", where));
    }
    return root;
  };

  // Made on the first cluster: a formatter costs the page's start more than it looks.
  let compactFormat = null;
  const compact = (count) => {
    compactFormat ??= new Intl.NumberFormat(locale, { notation: "compact" });
    return compactFormat.format(count);
  };

  const clusterIcon = (cluster) => {
    const count = cluster.getChildCount();
    const size = count < 10 ? "small" : count < 1000 ? "medium" : "large";
    const inner = element("div");
    inner.dataset.count = String(count);
    const figure = element("span", "", count < 1000 ? String(count) : compact(count));
    figure.setAttribute("aria-hidden", "true");
    const label = interpolate(
      ngettext("%(count)s lieu", "%(count)s lieux", count),
      { count: number(count) },
      true,
    );
    inner.append(figure, element("span", "visually-hidden", label));
    const side = size === "large" ? 48 : 40;
    return L.divIcon({
      html: inner,
      className: `marker-cluster marker-cluster-${size}`,
      iconSize: L.point(side, side),
    });
  };

  const describe = (count, approximate) => {
    if (!count) return gettext("Aucun de ces résultats n'a de lieu à placer sur la carte.");
    const onMap = ngettext("%(count)s lieu sur la carte.", "%(count)s lieux sur la carte.", count);
    if (!approximate) return interpolate(onMap, { count: number(count) }, true);
    // One sentence, whose second plural follows the places placed approximately.
    const withApproximate = ngettext(
      "%(count)s lieux sur la carte, dont %(approximate)s placé au centre de sa commune faute d'adresse précise.",
      "%(count)s lieux sur la carte, dont %(approximate)s placés au centre de leur commune faute d'adresse précise.",
      approximate,
    );
    const text =
      count > 1
        ? withApproximate
        : gettext(
            "%(count)s lieu sur la carte, dont %(approximate)s placé au centre de sa commune faute d'adresse précise.",
          );
    return interpolate(text, { count: number(count), approximate: number(approximate) }, true);
  };

  const loadResults = (map, container, say) => {
    say(gettext("Chargement de la carte…"));
    fetch(container.dataset.geojsonUrl, {
      headers: { Accept: "application/geo+json" },
      credentials: "same-origin",
    })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      })
      .then((collection) => {
        const features = Array.isArray(collection.features) ? collection.features : [];
        const markers = [];
        const bounds = L.latLngBounds([]);
        let approximate = 0;
        for (const item of features) {
          const coordinates = item?.geometry?.coordinates;
          if (!Array.isArray(coordinates) || coordinates.length < 2) continue;
          const properties = item.properties || {};
          const [longitude, latitude] = coordinates; // GeoJSON: longitude first
          if (properties.approximate) approximate += 1;
          bounds.extend([latitude, longitude]);
          markers.push(
            marker(latitude, longitude, properties.name || "").bindPopup(() =>
              initiativePopup(properties),
            ),
          );
        }
        const done = () => {
          container.dataset.mapState = "ready";
          container.dataset.mapMarkers = String(markers.length);
          say(describe(markers.length, approximate));
        };
        fit(map, bounds);
        if (!L.markerClusterGroup) {
          L.featureGroup(markers).addTo(map);
          done();
          return;
        }
        // Tens of thousands of places are clustered in slices, without freezing the page.
        let finished = false;
        const group = L.markerClusterGroup({
          chunkedLoading: true,
          // Also called, with (0, 0), when the group is added to the map: wait for ours.
          chunkProgress: (processed, total) => {
            if (total === markers.length && processed >= total && !finished) {
              finished = true;
              done();
            }
          },
          showCoverageOnHover: false,
          animate: !REDUCED_MOTION,
          iconCreateFunction: clusterIcon,
        }).addTo(map);
        group.addLayers(markers);
        if (!markers.length) done();
      })
      .catch(() => {
        container.dataset.mapState = "error";
        say(gettext("La carte n'a pas pu être chargée. La liste des résultats reste complète."));
      });
  };

  const remember = (open) => {
    try {
      if (open) window.sessionStorage.setItem(STORAGE_KEY, "1");
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Storage refused (private browsing): the map simply starts closed.
    }
  };

  const remembered = () => {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY) === "1";
    } catch {
      return false;
    }
  };

  const enhanceResults = (container) => {
    const toggle = document.querySelector(`[aria-controls="${container.id}"]`);
    const status = container.parentElement.querySelector(".results-map__status");
    if (!toggle || !status) return;
    let map = null;
    let starting = null;
    let message = "";
    // The live region stays in the page (announcements need it there) and speaks only
    // while the map is open.
    const say = (text) => {
      message = text;
      if (!container.hidden) status.textContent = text;
    };

    const setOpen = (open, { save = true } = {}) => {
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? gettext("Masquer la carte") : gettext("Afficher la carte");
      container.hidden = !open;
      status.textContent = open ? message : "";
      if (save) remember(open);
      if (!open) return;
      if (map) {
        map.invalidateSize();
        return;
      }
      if (starting) return;
      say(gettext("Chargement de la carte…"));
      starting = loadLeaflet()
        .then(() => {
          map = createMap(container);
          loadResults(map, container, say);
        })
        .catch(() => {
          starting = null; // a later click tries again
          container.dataset.mapState = "error";
          say(gettext("La carte n'a pas pu être chargée. La liste des résultats reste complète."));
        });
    };

    toggle.addEventListener("click", () => {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    toggle.closest(".results-map__bar").hidden = false;
    if (remembered()) setOpen(true, { save: false });
  };

  // --- A detail page's places -------------------------------------------------------------

  const readPlaces = (container) => {
    const script = document.getElementById(container.dataset.places || "");
    if (!script) return [];
    try {
      const places = JSON.parse(script.textContent);
      return Array.isArray(places) ? places : [];
    } catch {
      return [];
    }
  };

  const placePopup = (place) => {
    const root = element("div", "map-popup");
    if (place.label) root.append(element("p", "map-popup__title", place.label));
    root.append(element("p", "map-popup__place", place.commune || ""));
    if (place.approximate) {
      const note = gettext("Position approximative : centre de la commune.");
      root.append(element("p", "map-popup__note", note));
    }
    return root;
  };

  const drawPlaces = (container, places) => {
    const map = createMap(container, { scrollWheelZoom: false });
    const group = L.featureGroup();
    for (const place of places) {
      const name = [place.label, place.commune].filter(Boolean).join(", ");
      marker(place.latitude, place.longitude, name)
        .bindPopup(() => placePopup(place))
        .addTo(group);
    }
    group.addTo(map);
    if (places.length === 1) {
      map.setView([places[0].latitude, places[0].longitude], places[0].approximate ? 12 : 15);
    } else {
      fit(map, group.getBounds());
    }
    container.dataset.mapState = "ready";
    container.dataset.mapMarkers = String(places.length);
  };

  const enhancePlaces = (container) => {
    const places = readPlaces(container).filter(
      (place) => Number.isFinite(place.latitude) && Number.isFinite(place.longitude),
    );
    if (!places.length) return;
    const wrapper = container.closest(".detail-map") || container;
    wrapper.hidden = false;
    const note = wrapper.querySelector('[data-map-note="approximate"]');
    if (note) note.hidden = !places.some((place) => place.approximate);
    const show = () =>
      loadLeaflet()
        .then(() => drawPlaces(container, places))
        .catch(() => {
          container.dataset.mapState = "error";
        });
    // Tiles come from a third party: ask for them (and Leaflet) only once the map is in view.
    if (!("IntersectionObserver" in window)) {
      show();
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        show();
      }
    });
    observer.observe(container);
  };

  document.querySelectorAll('[data-map="results"]').forEach(enhanceResults);
  document.querySelectorAll('[data-map="places"]').forEach(enhancePlaces);
})();
