// detente dashboard: draw the charts from their embedded JSON, and turn control changes
// (slider, date, scenario toggles, states) into a new URL, so every view can be shared.
"use strict";

function drawCharts() {
  const plots = Array.from(document.querySelectorAll("[data-chart]"));
  const drawn = plots.map((el) => {
    const spec = JSON.parse(document.getElementById("fig-" + el.dataset.chart).textContent);
    return Plotly.newPlot(el, spec.data, spec.layout || {},
                          {responsive: true, displaylogo: false});
  });
  return Promise.all(drawn);
}

function dayFromSlider(slider) {
  const start = Date.parse(slider.dataset.start + "T00:00:00Z");
  return new Date(start + Number(slider.value) * 86400000).toISOString().slice(0, 10);
}

function wireControls() {
  const form = document.getElementById("controls");
  if (!form) return;
  const slider = document.getElementById("as-of-slider");
  const date = document.getElementById("as-of");
  slider.addEventListener("input", () => { date.value = dayFromSlider(slider); });
  slider.addEventListener("change", () => {
    date.value = dayFromSlider(slider);
    form.requestSubmit();
  });
  date.addEventListener("change", () => { if (date.value) form.requestSubmit(); });
  form.querySelectorAll("[data-autosubmit]").forEach((box) => {
    box.addEventListener("change", () => form.requestSubmit());
  });
  form.querySelectorAll("input[list]").forEach((input) => {
    input.addEventListener("change", () => { if (input.value.trim()) form.requestSubmit(); });
  });
  const file = document.getElementById("scenario-file");
  if (file) file.addEventListener("change", () => { if (file.files.length) file.form.requestSubmit(); });
}

document.addEventListener("DOMContentLoaded", () => {
  wireControls();
  drawCharts().then(() => { document.body.dataset.ready = "1"; },
                    (err) => { document.body.dataset.ready = "error"; throw err; });
});
