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

/* Figures that can be enlarged. On a phone a notebook figure (a matplotlib PNG, 700 px wide at 100 dpi)
 * is shrunk to the column, about half its size, and its text to 6-8 px. A figure shown smaller than its
 * natural width gets the `lecture10-enlargeable` class (cursor: zoom-in) and a small "Enlarge" button
 * below it (book-site.css shows the button only for such figures). A click on the figure or the button
 * opens a modal <dialog> with the figure at its natural size (1 image px = 1 CSS px), scrolling in both
 * directions inside the dialog, and the alt text as caption. Esc, the Close button or a click on the
 * backdrop closes it, and the focus goes back to the figure's button. The Vega demo charts (SVG) and
 * the theme's logos are not notebook output images and are left alone.
 */
(function () {
  "use strict";
  var RASTER = /\.(png|jpe?g)([?#]|$)|^data:image\/(png|jpeg)[;,]/i;
  var resized = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      mark(entry.target);
    });
  });
  var dialog = null; // made on first use, shared by every figure
  var opener = null; // the button whose figure the dialog shows

  function isFigure(img) {
    var output = img instanceof HTMLImageElement && img.closest(".cell_output") !== null;
    return output && RASTER.test(img.currentSrc || img.src);
  }

  // The figure's name for the button: the first sentence of its alt text (alt texts run to a paragraph).
  function figureName(img) {
    var alt = (img.getAttribute("alt") || "").trim();
    var first = (alt.match(/^[\s\S]*?[.!?](?=\s|$)/) || [alt])[0];
    return first.length > 120 ? first.slice(0, 119) + "…" : first;
  }

  // Add the button after a figure once, and watch the figure's size (a phone turned, a window resized).
  function prepare(img) {
    if (!isFigure(img) || img.lecture10Enlarge) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "lecture10-enlarge";
    button.textContent = "Enlarge";
    img.after(button);
    img.lecture10Enlarge = button;
    resized.observe(img);
  }

  // Enlargeable while the page shows the figure's content box narrower than the image's natural width.
  function mark(img) {
    var style = getComputedStyle(img);
    var shown =
      img.getBoundingClientRect().width -
      parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) -
      parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
    var shrunk = img.naturalWidth > 0 && shown > 0 && shown < img.naturalWidth - 1;
    img.classList.toggle("lecture10-enlargeable", shrunk);
    var name = figureName(img);
    img.lecture10Enlarge.setAttribute("aria-label", name ? "Enlarge figure: " + name : "Enlarge figure");
  }

  function makeDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "lecture10-figure-dialog";
    dialog.setAttribute("aria-label", "Figure at full size");
    // The caption says what the image shows, so the enlarged copy is alt="" (not read out twice).
    // The box around it scrolls; tabindex lets the arrow keys scroll it too.
    dialog.innerHTML =
      '<div class="lecture10-figure-dialog-bar">' +
      '<button type="button" class="lecture10-figure-close">Close</button></div>' +
      '<figure><div class="lecture10-figure-dialog-scroll" tabindex="0" role="region" ' +
      'aria-label="Figure, scrolls both ways"><img alt=""></div><figcaption></figcaption></figure>';
    dialog.querySelector(".lecture10-figure-close").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("click", function (event) {
      // A click on the backdrop targets the dialog itself, outside its box.
      var box = dialog.getBoundingClientRect();
      var outside =
        event.clientX < box.left || event.clientX > box.right ||
        event.clientY < box.top || event.clientY > box.bottom;
      if (event.target === dialog && outside) {
        dialog.close();
      }
    });
    dialog.addEventListener("close", function () {
      if (opener) {
        opener.focus();
      }
    });
    document.body.appendChild(dialog);
  }

  function enlarge(img) {
    if (!dialog) {
      makeDialog();
    }
    var copy = dialog.querySelector("img");
    copy.src = img.currentSrc || img.src;
    copy.style.width = img.naturalWidth + "px"; // its natural size, never smaller (max-width: none in the CSS)
    dialog.querySelector("figcaption").textContent = img.getAttribute("alt") || "";
    opener = img.lecture10Enlarge;
    dialog.showModal();
    var scroll = dialog.querySelector(".lecture10-figure-dialog-scroll");
    scroll.scrollLeft = 0;
    scroll.scrollTop = 0;
    dialog.querySelector(".lecture10-figure-close").focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target && target.closest(".lecture10-enlarge");
    var img = button ? button.previousElementSibling : target;
    if (img && img.classList.contains("lecture10-enlargeable") && isFigure(img)) {
      event.preventDefault();
      enlarge(img);
    }
  });
  // Figures already in the page, and those that load later (lazy images, figures drawn by widgets).
  document.querySelectorAll(".cell_output img").forEach(prepare);
  document.addEventListener(
    "load",
    function (event) {
      prepare(event.target);
      if (event.target.lecture10Enlarge) {
        mark(event.target);
      }
    },
    true
  );
})();
