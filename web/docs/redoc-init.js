// Starts ReDoc (loaded before this file from the same origin) on the OpenAPI document named by
// the container's data-openapi-url. A file of its own: the pages allow no inline script.
//
// The page keeps to its own origin: ReDoc's side menu shows a logo from its vendor's CDN, so
// images naming another origin are dropped before they are requested (offline they would fail
// anyway, and the page's policy refuses them).
"use strict";
(function start() {
  const sameOrigin = (value) => {
    try {
      return new URL(String(value), document.baseURI).origin === window.location.origin;
    } catch {
      return false;
    }
  };
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function guardedSetAttribute(name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src" && !sameOrigin(value)) {
      return;
    }
    setAttribute.call(this, name, value);
  };
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get() {
      return src.get.call(this);
    },
    set(value) {
      if (sameOrigin(value)) src.set.call(this, value);
    },
  });
  const container = document.getElementById("redoc");
  window.Redoc.init(container.dataset.openapiUrl, { disableSearch: true, nativeScrollbars: true }, container);
})();
