/* Draws the book's interactive demos (lecture10.demos) in the browser: no server, no other host.
 *
 * A demo is a <div class="lecture10-demo"> holding its Vega-Lite spec in a
 * <script type="application/vnd.lecture10.demo+json">: a chart whose sliders and menus select rows the
 * notebook precomputed. This script (deferred, on demo pages only) loads the site's own copies of
 * vega, vega-lite and vega-embed (pinned on npm, staged by tools/site_assets/stage.py) without
 * blocking the first paint, then draws each demo as SVG. The view of each demo is kept on its element
 * (`element.lecture10View`), and `window.lecture10Demos` resolves once all are drawn (the browser test
 * waits for it and drives the controls).
 */
(function () {
  "use strict";
  var here = document.currentScript.src;
  var SCRIPTS = ["vega/vega.min.js", "vega-lite/vega-lite.min.js", "vega-embed/vega-embed.min.js"];

  function load(path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL("../vendor/" + path, here).href;
      // These are UMD bundles: with require.js on the page (widget pages) they would register as AMD
      // modules instead of globals. Hide the AMD flag while one of them runs.
      var define = window.define;
      var amd = define && define.amd;
      if (amd) {
        define.amd = undefined;
      }
      function restore() {
        if (amd) {
          define.amd = amd;
        }
      }
      script.onload = function () {
        restore();
        resolve();
      };
      script.onerror = function () {
        restore();
        reject(new Error("could not load " + script.src));
      };
      document.head.appendChild(script);
    });
  }

  function draw(element) {
    var source = element.querySelector('script[type="application/vnd.lecture10.demo+json"]');
    var spec = JSON.parse(source.textContent);
    var chart = document.createElement("div");
    chart.className = "lecture10-demo-chart";
    element.insertBefore(chart, source);
    var options = { actions: false, renderer: "svg", mode: "vega-lite", ast: false };
    return window.vegaEmbed(chart, spec, options).then(function (result) {
      element.lecture10View = result.view;
      element.classList.add("lecture10-demo--ready");
      // A chart of width "container" is measured when drawn and again on window resizes only; the column
      // can still change width after that (fonts, sidebars, MathJax): re-measure whenever it does.
      var width = chart.clientWidth;
      new ResizeObserver(function () {
        if (chart.clientWidth !== width) {
          width = chart.clientWidth;
          window.dispatchEvent(new Event("resize"));
        }
      }).observe(chart);
      return result.view;
    });
  }

  function start() {
    var demos = Array.prototype.slice.call(document.querySelectorAll("div.lecture10-demo"));
    if (!demos.length) {
      return Promise.resolve([]);
    }
    return SCRIPTS.reduce(function (chain, path) {
      return chain.then(function () {
        return load(path);
      });
    }, Promise.resolve()).then(function () {
      return Promise.all(demos.map(draw));
    });
  }

  window.lecture10Demos = new Promise(function (resolve) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", resolve);
    } else {
      resolve();
    }
  }).then(start).catch(function (error) {
    console.error("lecture10 demos:", error);
    throw error;
  });
})();
