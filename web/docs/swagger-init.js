// Starts Swagger UI (loaded before this file from the same origin) on the OpenAPI document named
// by the container's data-openapi-url. A file of its own: the pages allow no inline script.
"use strict";
(function start() {
  const container = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: container.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null, // the online validator badge would call a public host
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
