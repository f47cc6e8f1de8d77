/* The book's own glue (not third-party code) between the ipywidgets HTML manager and this site.
 * Loaded right before embed-amd.js, only on pages with widgets (`nb_ipywidgets_js` in _config.yml);
 * `python -m tools.site_assets.stage` copies it to _build/html/vendor/.
 */
(function () {
  "use strict";
  var here = document.currentScript.src;

  // 1. embed-amd.js loads its Font Awesome fonts from a folder it derives from the require.js URL of
  //    its module "@jupyter-widgets/html-manager/dist/libembed-amd", which is otherwise resolved
  //    against the page (book/@jupyter-widgets/...: 404). Map that module folder to the local copy.
  //    (A global `require` object set before require.js loads is its configuration.)
  var assets = new URL("html-manager/", here).href;
  var config = { paths: { "@jupyter-widgets/html-manager/dist": assets.replace(/\/$/, "") } };
  if (typeof window.require === "function" && window.require.config) {
    window.require.config(config);
  } else {
    window.require = config;
  }
  window.__jupyter_widgets_assets_path__ = assets;

  // 2. ipywidgets typesets widget labels with MathJax 2's `MathJax.Hub.Queue(["Typeset", Hub, el])`;
  //    the site runs MathJax 3, which has no `Hub`. Provide that one call on top of MathJax 3.
  //    MathJax is a deferred script, so it is loaded by DOMContentLoaded; widgets render at `load`.
  function installHub() {
    var mathjax = window.MathJax;
    if (!mathjax || !mathjax.version || !mathjax.startup || mathjax.Hub) {
      return;
    }
    mathjax.Hub = {
      Queue: function () {
        var elements = [];
        Array.prototype.forEach.call(arguments, function (job) {
          if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
            elements.push(job[2]);
          }
        });
        if (elements.length) {
          mathjax.startup.promise = mathjax.startup.promise.then(function () {
            return mathjax.typesetPromise(elements);
          });
        }
        return mathjax.startup.promise;
      },
    };
  }
  document.addEventListener("DOMContentLoaded", installHub);

  // 3. A figure drawn inside a widget (`interact` + `plt.show()`) is an <img> the widget manager
  //    creates without alt text. The build copies the notebook cell's alt text (`mystnb.image.alt`)
  //    onto the widget's view script as `data-figure-alt`; give it to the images of that view.
  function describeWidgetFigures() {
    var scripts = document.querySelectorAll("script[data-figure-alt]");
    Array.prototype.forEach.call(scripts, function (script) {
      var view = script.previousElementSibling;
      if (!view || !view.classList.contains("widget-subarea")) {
        return;
      }
      Array.prototype.forEach.call(view.querySelectorAll("img"), function (img) {
        if (!(img.getAttribute("alt") || "").trim()) {
          img.setAttribute("alt", script.getAttribute("data-figure-alt"));
        }
      });
    });
  }
  new MutationObserver(describeWidgetFigures).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
