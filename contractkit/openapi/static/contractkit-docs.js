// Starts Swagger UI with the settings the server wrote into #swagger-ui's
// data-config attribute: a static file, so the page needs no inline script.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  var config = JSON.parse(root.getAttribute("data-config"));
  config.presets = [SwaggerUIBundle.presets.apis];
  config.plugins = [SwaggerUIBundle.plugins.DownloadUrl];
  config.layout = "BaseLayout";
  window.ui = SwaggerUIBundle(config);
});
