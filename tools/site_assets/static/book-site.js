/* The book's own script on every page (tools/site_assets/book_site.py adds it; not third-party code).
 *
 * Sidebar buttons that work at every width. pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 each
 * bind their click handler to the FIRST `.primary-toggle` / `.secondary-toggle` of the page: a hidden
 * copy in pydata's top header bar (pydata-sphinx-theme issue #2451). The buttons a reader sees (in the
 * article header) have no handler, so on phones and tablets neither drawer opened and on a desktop
 * the ☰ did not collapse the sidebar. A click on a visible button is handed to the bound one, whose
 * handlers do the rest (a drawer below 992 px, collapsing the sidebar above). When a theme update
 * binds every button itself, the browser test (drawers open AND close again) notices the double toggle.
 */
(function () {
  "use strict";
  var KINDS = [".primary-toggle", ".secondary-toggle"];
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target instanceof Element ? event.target : null;
      KINDS.forEach(function (kind) {
        var button = target && target.closest(kind);
        if (!button) {
          return;
        }
        var bound = document.querySelector(kind);
        if (!bound || bound === button) {
          return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        bound.click(); // its handlers move the focus back to document.activeElement, this button
      });
    },
    true
  );
})();
