import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Chart.js (a kept library, no CDN) for the dashboard, inlined into the page under a nonce: the
 * page sits behind the API's JWT authorizer, so a separate script request would carry no token.
 * The Lambda bundle has the file beside it (infra copies it at bundling, CHART_ASSET); locally and
 * in tests it is read from node_modules.
 */
export const CHART_ASSET = 'chart.umd.min.js';

let chartSource: string | undefined;

export function chartJsSource(): string {
  if (chartSource !== undefined) return chartSource;
  const beside = join(dirname(fileURLToPath(import.meta.url)), CHART_ASSET);
  try {
    chartSource = readFileSync(beside, 'utf8');
  } catch {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    chartSource = readFileSync(join(dirname(entry), CHART_ASSET), 'utf8');
  }
  return chartSource;
}

/** The dashboard's own script: draws the charts from the page's JSON data block. */
export const DASHBOARD_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('dashboard-data').textContent);
  const Chart = window.Chart;
  const colors = ['#2f6db3', '#e07b28', '#2c9d5a', '#c8413b', '#7d5ba6'];
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  new Chart(document.getElementById('chart-trend'), {
    type: 'bar',
    data: {
      labels: data.trend.map((point) => point.label),
      datasets: data.groupNames.map((name, i) => ({ label: name, data: data.trend.map((point) => point.groups[i]), backgroundColor: colors[i] })),
    },
    options: { responsive: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, suggestedMax: data.computedMax } } },
  });
  new Chart(document.getElementById('chart-on-time'), {
    type: 'bar',
    data: {
      labels: data.agencies.map((agency) => agency.name),
      datasets: [{ label: 'Tỷ lệ trước hạn, đúng hạn (%)', data: data.agencies.map((agency) => agency.onTime), backgroundColor: colors[0] }],
    },
    options: { responsive: false, indexAxis: 'y', scales: { x: { min: 0, max: 100 } } },
  });
  new Chart(document.getElementById('chart-satisfaction'), {
    type: 'doughnut',
    data: {
      labels: ['Rất hài lòng', 'Hài lòng', 'Không hài lòng'],
      datasets: [{ data: data.satisfaction.levels, backgroundColor: [colors[2], colors[0], colors[3]] }],
    },
    options: { responsive: false },
  });
  document.body.dataset.charts = 'ready';
})();`;
