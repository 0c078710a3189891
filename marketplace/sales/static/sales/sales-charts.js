// Draws the Sales page's charts with Chart.js (served from this site, see `make static-deps`)
// from the numbers the page passes in <script type="application/json" id="sales-chart-data">:
// no inline script, which the Content-Security-Policy refuses. The page's tables hold the same numbers.
(function () {
  "use strict";
  var source = document.getElementById("sales-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var text = data.text;
  var GREEN = "#2f7d5b", RED = "#c0392b", GOLD = "#d49a00", GREY = "#7f8c8d";

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function numbers(values) {
    return values.map(Number);
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
      canvas.dataset.drawn = "true";
    }
  }

  draw("chart-months", {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {label: text.revenue, data: numbers(data.revenue), yAxisID: "revenue", backgroundColor: GREEN, order: 2},
        {type: "line", label: text.orders, data: data.orders, yAxisID: "count", borderColor: RED,
         backgroundColor: RED, order: 1},
        {type: "line", label: text.units, data: data.units, yAxisID: "count", borderColor: GOLD,
         backgroundColor: GOLD, order: 1}
      ]
    },
    options: {
      scales: {
        revenue: {position: "left", beginAtZero: true, title: {display: true, text: text.revenue}},
        count: {position: "right", beginAtZero: true, ticks: {precision: 0}, grid: {drawOnChartArea: false}}
      }
    }
  });

  draw("chart-products", {
    type: "bar",
    data: {
      labels: data.products,
      datasets: [
        {label: text.revenue, data: numbers(data.product_revenue), xAxisID: "revenue", backgroundColor: GREEN},
        {label: text.page_views, data: data.product_page_views, xAxisID: "views", backgroundColor: GREY}
      ]
    },
    options: {
      indexAxis: "y",
      scales: {
        revenue: {position: "bottom", beginAtZero: true},
        views: {position: "top", beginAtZero: true, ticks: {precision: 0}, grid: {drawOnChartArea: false}}
      }
    }
  });
}());
