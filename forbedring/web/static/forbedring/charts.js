/*
 * Draws every chart on the page with vega-embed.
 *
 * A chart is an element with data-chart-spec="ID", where ID names a <script
 * type="application/json"> element holding its Vega-Lite spec (Django's json_script). The
 * content security policy allows no inline scripts, so the spec travels as data and this file
 * does the drawing. Specs come from the server complete: language, number formats, tooltips and
 * colours are all in them; vega-embed's default tooltip handler shows the tooltips.
 *
 * A fixed-width chart may also name a narrow variant (data-chart-narrow-spec): a spec whose plot
 * fills its container. It is drawn when the container is too narrow for the fixed width (a
 * phone), because a scaled-down picture would shrink its text below reading size. Turning the
 * phone or resizing the window draws the other variant when the choice changes.
 *
 * SVG renderer: crisp at any zoom, and its text can be selected and found. The chart element
 * carries role="img" with a name and a description (the text summary) in the page. Vega marks
 * the element it draws into as a "graphics-document" labelled with the spec's description and
 * gives every mark a label of its own, which would replace that role and name and read the
 * chart out point by point: so the chart is drawn into an inner element, hidden from assistive
 * technology, and the container keeps its role, name and description.
 */
(function () {
  "use strict";

  var OPTIONS = { renderer: "svg", actions: false };
  // Room the y axis and the labels right of the plot need beside a fixed plot width.
  var AXIS_ROOM = 100;
  var charts = [];

  function fail(container, error) {
    // The message replaces the picture, so it is read as text, not as an image's content.
    container.removeAttribute("role");
    container.removeAttribute("aria-label");
    container.classList.add("chart-error");
    container.textContent =
      container.getAttribute("data-chart-error") ||
      "The chart could not be drawn. Its description is on this page.";
    if (window.console) {
      window.console.error(error);
    }
  }

  function readSpec(id) {
    var source = id && document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  function choose(chart) {
    if (!chart.narrow || typeof chart.full.width !== "number") {
      return "full";
    }
    return chart.container.clientWidth < chart.full.width + AXIS_ROOM ? "narrow" : "full";
  }

  function embed(chart) {
    if (chart.failed) {
      return;
    }
    var variant = choose(chart);
    if (variant === chart.variant) {
      return;
    }
    chart.variant = variant;
    if (chart.view) {
      chart.view.finalize();
      chart.view = null;
    }
    var spec = variant === "narrow" ? chart.narrow : chart.full;
    window
      .vegaEmbed(chart.canvas, spec, OPTIONS)
      .then(function (result) {
        chart.view = result;
      })
      .catch(function (error) {
        chart.failed = true;
        fail(chart.container, error);
      });
  }

  function setUp(container) {
    if (container.getAttribute("data-chart-drawn")) {
      return;
    }
    container.setAttribute("data-chart-drawn", "1");
    if (typeof window.vegaEmbed !== "function") {
      fail(container, new Error("vega-embed is not loaded"));
      return;
    }
    var chart = { container: container, view: null, variant: null };
    try {
      chart.full = readSpec(container.getAttribute("data-chart-spec"));
      chart.narrow = readSpec(container.getAttribute("data-chart-narrow-spec"));
    } catch (error) {
      fail(container, error);
      return;
    }
    if (!chart.full) {
      return;
    }
    chart.canvas = document.createElement("div");
    chart.canvas.className = "chart-canvas";
    chart.canvas.setAttribute("aria-hidden", "true");
    container.appendChild(chart.canvas);
    charts.push(chart);
    embed(chart);
  }

  function drawAll(root) {
    var found = (root || document).querySelectorAll("[data-chart-spec]");
    for (var i = 0; i < found.length; i += 1) {
      setUp(found[i]);
    }
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      for (var i = 0; i < charts.length; i += 1) {
        embed(charts[i]);
      }
    }, 200);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      drawAll(document);
    });
  } else {
    drawAll(document);
  }
  // Charts that arrive later in an htmx swap are drawn too.
  document.addEventListener("htmx:afterSettle", function (event) {
    drawAll(event.target);
  });
})();
