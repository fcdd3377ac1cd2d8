/* The report's charts, drawn by the vendored Chart.js from the figures the page already shows
   (the JSON in #report-charts). A hidden figure has no value: Chart.js leaves a gap, never a zero
   bar. One series per chart, so nothing depends on telling colours apart; every canvas carries
   its values as text, and the table beside it holds the same figures. */
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var locale = document.documentElement.lang || "pl";
  var specs = JSON.parse(source.textContent);
  var charts = [];
  var money = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) {
      return;
    }
    var format = function (value) {
      return spec.unit ? money.format(value) + " " + spec.unit : plain.format(value);
    };
    var valueAxis = {
      beginAtZero: true,
      ticks: { callback: function (value) { return format(value); } },
    };
    charts.push(
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: spec.labels,
          datasets: [
            {
              label: spec.title,
              data: spec.values,
              backgroundColor: "#1f5c99",
              borderColor: "#0b2a4a",
              borderWidth: 1,
            },
          ],
        },
        options: {
          locale: locale,
          indexAxis: spec.horizontal ? "y" : "x",
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                label: function (context) {
                  return spec.marks[context.dataIndex];
                },
              },
            },
          },
          scales: spec.horizontal ? { x: valueAxis } : { y: valueAxis },
        },
      })
    );
  });

  // A printed page is narrower than the screen: draw again at the paper's width.
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  window.addEventListener("afterprint", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
