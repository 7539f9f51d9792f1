// Loaded in <head> without defer, so the page never flashes the wrong colours:
// Bootstrap's dark theme follows the system setting, now and when it changes.
(function () {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => {
    document.documentElement.dataset.bsTheme = dark.matches ? "dark" : "light";
  };
  apply();
  dark.addEventListener("change", apply);
})();
