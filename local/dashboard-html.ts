/**
 * The engagement dashboard as one static HTML page: the same declaration QuickSight deploys
 * (src/dashboards/dashboard-declaration.ts), its datasets' rows from the local engine, each visual aggregated as
 * QuickSight aggregates it (the rows its filters keep, grouped by its dimensions, its measures summed) and drawn as
 * inline SVG or an HTML table. No script, no stylesheet or font from elsewhere: the page opens from disk as it is.
 *
 * Every visual's element carries `data-visual` (its ID) and `data-marks` (how many data marks it drew: points,
 * bars, rows, or 1 for a KPI with data), so a browser test can tell that each one was drawn with data.
 */
import {
  BarVisual, DashboardDeclaration, KpiVisual, LineVisual, Measure, TableVisual, TimeGranularity, VisualDeclaration, VisualWidth,
} from '../src/dashboards/dashboard-declaration';

/** A dataset row as the local engine returns it (numbers may come as strings: BIGINTs are). */
export type DatasetRow = Record<string, unknown>;

export interface DashboardPageOptions {
  /** Rows of each dataset, by the dataset's `id`. */
  readonly rows: Readonly<Record<string, readonly DatasetRow[]>>;
  /** What the data is, shown under the title (e.g. "Sample events of the local preview"). */
  readonly subtitle: string;
}

/** Categories a bar chart shows, the largest first; rows a table shows. */
const MAX_BARS = 10;
const MAX_TABLE_ROWS = 15;
const PALETTE = ['#2f6fde', '#e5733a', '#2aa876', '#c94f7c', '#8b62d9', '#c9a227', '#3aa6c9', '#6b7280'];

/** Renders the dashboard to a complete HTML document. */
export function renderDashboardPage(declaration: DashboardDeclaration, options: DashboardPageOptions): string {
  const sheets = declaration.sheets.map(sheet => `
<section class="sheet" id="${escape(sheet.id)}">
  <h2>${escape(sheet.name)}</h2>
  <p class="description">${escape(sheet.description)}</p>
  <div class="grid">
${sheet.visuals.map(visual => renderVisual(visual, rowsOf(visual, options.rows))).join('\n')}
  </div>
</section>`).join('\n');
  const nav = declaration.sheets.map(sheet => `<a href="#${escape(sheet.id)}">${escape(sheet.name)}</a>`).join(' ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(declaration.name)} dashboard</title>
<style>
${STYLE}
</style>
</head>
<body>
<header>
  <h1>${escape(declaration.name)} dashboard</h1>
  <p class="subtitle">${escape(options.subtitle)}</p>
  <nav>${nav}</nav>
</header>
${sheets}
</body>
</html>
`;
}

const STYLE = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f3f4f6; color: #1f2937; }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid #e5e7eb; }
h1 { font-size: 20px; margin: 0; }
.subtitle { margin: 2px 0 6px; color: #6b7280; }
nav a { margin-right: 14px; color: #2f6fde; text-decoration: none; font-weight: 600; }
.sheet { padding: 8px 24px 16px; }
h2 { font-size: 17px; margin: 12px 0 0; }
.description { margin: 0 0 10px; color: #6b7280; }
.grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
.visual { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: 10px 12px; min-width: 0; }
.quarter { grid-column: span 1; } .half { grid-column: span 2; } .full { grid-column: span 4; }
.visual h3 { font-size: 13px; margin: 0 0 6px; color: #374151; }
.kpi .value { font-size: 28px; font-weight: 650; }
.kpi .target { color: #6b7280; font-size: 12px; }
.empty { color: #9ca3af; font-style: italic; padding: 16px 0; }
svg { display: block; width: 100%; height: auto; }
svg text { font-size: 11px; fill: #4b5563; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin-top: 4px; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; background: var(--c); }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #f0f1f3; text-align: left; }
th { color: #6b7280; font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
`;

function rowsOf(visual: VisualDeclaration, rows: Readonly<Record<string, readonly DatasetRow[]>>): DatasetRow[] {
  const all = rows[visual.dataset];
  if (!all) throw new Error(`No rows given for the dataset '${visual.dataset}' of visual '${visual.id}'`);
  return all.filter(row => (visual.filters ?? []).every(f => f.values.includes(String(row[f.column]))));
}

function renderVisual(visual: VisualDeclaration, rows: DatasetRow[]): string {
  const [marks, body] = drawVisual(visual, rows);
  const content = marks > 0 ? body : '<p class="empty">No data</p>';
  return `    <figure class="visual ${visual.kind} ${WIDTH_CLASS[visual.width]}" data-visual="${escape(visual.id)}" data-marks="${marks}">
      <h3>${escape(visual.title)}</h3>
${content}
    </figure>`;
}

const WIDTH_CLASS: Record<VisualWidth, string> = { quarter: 'quarter', half: 'half', full: 'full' };
/** Width of a chart's drawing in its SVG units: about its width in pixels on a page 1280 pixels wide, so text keeps its size. */
const CHART_WIDTH: Record<VisualWidth, number> = { quarter: 280, half: 580, full: 1180 };

function drawVisual(visual: VisualDeclaration, rows: DatasetRow[]): [number, string] {
  switch (visual.kind) {
    case 'kpi': return drawKpi(visual, rows);
    case 'line': return drawLine(visual, rows);
    case 'bar': return drawBar(visual, rows);
    case 'table': return drawTable(visual, rows);
  }
}

const numberOf = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const sum = (rows: readonly DatasetRow[], measure: Measure) => rows.reduce((total, row) => total + numberOf(row[measure.column]), 0);

function formatNumber(value: number): string {
  const fractionDigits = Number.isInteger(value) ? 0 : Math.abs(value) < 1 ? 4 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

function drawKpi(visual: KpiVisual, rows: DatasetRow[]): [number, string] {
  if (rows.length === 0) return [0, ''];
  const value = sum(rows, visual.value);
  let target = '';
  if (visual.target) {
    const goal = sum(rows, visual.target);
    const share = goal > 0 ? value / goal : 0;
    const width = Math.max(0, Math.min(1, share)) * 200;
    target = `
      <p class="target">${goal > 0 ? `${(share * 100).toFixed(1)}%` : '–'} of ${formatNumber(goal)} ${escape(visual.target.label.toLowerCase())}</p>
      <svg viewBox="0 0 200 8" role="img" aria-label="${escape(visual.value.label)} of ${escape(visual.target.label)}">
        <rect x="0" y="0" width="200" height="8" rx="4" fill="#e5e7eb"/><rect x="0" y="0" width="${width.toFixed(1)}" height="8" rx="4" fill="${PALETTE[0]}"/>
      </svg>`;
  }
  return [1, `      <p class="value">${formatNumber(value)}</p>${target}`];
}

/** The start of the time bucket of a `YYYY-MM-DD HH:MM:SS` (UTC) value, as epoch milliseconds. */
function bucketOf(value: unknown, granularity: TimeGranularity): number {
  const time = new Date(`${String(value).slice(0, 19).replace(' ', 'T')}Z`);
  if (Number.isNaN(time.getTime())) throw new Error(`Not a timestamp: ${String(value)}`);
  time.setUTCMinutes(0, 0, 0);
  if (granularity !== 'HOUR') time.setUTCHours(0);
  // QuickSight's weeks start on Sunday.
  if (granularity === 'WEEK') time.setUTCDate(time.getUTCDate() - time.getUTCDay());
  return time.getTime();
}

function nextBucket(millis: number, granularity: TimeGranularity): number {
  const next = new Date(millis);
  if (granularity === 'HOUR') next.setUTCHours(next.getUTCHours() + 1);
  else next.setUTCDate(next.getUTCDate() + (granularity === 'WEEK' ? 7 : 1));
  return next.getTime();
}

function timeLabel(millis: number, granularity: TimeGranularity): string {
  const iso = new Date(millis).toISOString();
  return granularity === 'HOUR' ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

interface Series { readonly name: string; readonly values: Map<number, number> }

function drawLine(visual: LineVisual, rows: DatasetRow[]): [number, string] {
  const series: Series[] = [];
  const seriesNamed = (name: string) => {
    let found = series.find(s => s.name === name);
    if (!found) series.push(found = { name, values: new Map() });
    return found;
  };
  for (const row of rows) {
    const bucket = bucketOf(row[visual.time], visual.granularity);
    const measures = visual.color ? [{ name: String(row[visual.color] ?? '(none)'), measure: visual.values[0] }] : visual.values.map(m => ({ name: m.label, measure: m }));
    for (const { name, measure } of measures) {
      const s = seriesNamed(name);
      s.values.set(bucket, (s.values.get(bucket) ?? 0) + numberOf(row[measure.column]));
    }
  }
  // Every declared measure is a line, even with no rows in the period (QuickSight draws it at zero).
  if (!visual.color && rows.length > 0) visual.values.forEach(m => seriesNamed(m.label));
  // The declared measures in their order; values of a column by name, so that a channel has the same colour in every chart of a sheet.
  if (visual.color) series.sort((a, b) => a.name.localeCompare(b.name));
  else series.sort((a, b) => visual.values.findIndex(m => m.label === a.name) - visual.values.findIndex(m => m.label === b.name));
  const present = series.flatMap(s => [...s.values.keys()]);
  if (present.length === 0) return [0, ''];
  // Every bucket from the first to the last, those without events at zero, as QuickSight's time axis shows them.
  const buckets: number[] = [];
  for (let b = Math.min(...present); b <= Math.max(...present); b = nextBucket(b, visual.granularity)) buckets.push(b);

  const [width, height, left, right, top, bottom] = [CHART_WIDTH[visual.width], 240, 56, 48, 10, 28];
  const max = niceMax(Math.max(...series.flatMap(s => buckets.map(b => s.values.get(b) ?? 0))));
  const x = (i: number) => left + (buckets.length === 1 ? (width - left - right) / 2 : i * (width - left - right) / (buckets.length - 1));
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const grid = axisTicks(max).map(v => `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eef0f3"/>`
    + `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${formatTick(v)}</text>`).join('');
  const every = Math.ceil(buckets.length / 8);
  const xLabels = buckets.map((b, i) => (i % every === 0 ? `<text x="${x(i).toFixed(1)}" y="${height - 8}" text-anchor="middle">${timeLabel(b, visual.granularity)}</text>` : '')).join('');
  let marks = 0;
  const lines = series.map((s, si) => {
    const color = PALETTE[si % PALETTE.length];
    const points = buckets.map((b, i) => [x(i), y(s.values.get(b) ?? 0), s.values.get(b) ?? 0, b] as const);
    marks += points.length;
    const dots = points.map(([px, py, v, b]) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${color}"><title>${escape(s.name)}, ${timeLabel(b, visual.granularity)}: ${formatNumber(v)}</title></circle>`).join('');
    return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>${dots}`;
  }).join('\n');
  const svg = `      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(visual.title)}">${grid}${xLabels}
${lines}</svg>`;
  return [marks, `${svg}\n${legend(series.map(s => s.name))}`];
}

function drawBar(visual: BarVisual, rows: DatasetRow[]): [number, string] {
  // Segments: one per measure (clustered), or one per value of `color` (stacked).
  const byCategory = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const category = String(row[visual.category] ?? '') || '(none)';
    const segments = byCategory.get(category) ?? new Map<string, number>();
    byCategory.set(category, segments);
    const entries = visual.color ? [[String(row[visual.color] ?? '(none)'), visual.values[0]] as const] : visual.values.map(m => [m.label, m] as const);
    for (const [segment, measure] of entries) segments.set(segment, (segments.get(segment) ?? 0) + numberOf(row[measure.column]));
  }
  const totalOf = (segments: Map<string, number>) => [...segments.values()].reduce((a, b) => a + b, 0);
  // Largest first: by the whole stack, or by the first measure.
  const first = (segments: Map<string, number>) => (visual.color ? totalOf(segments) : segments.get(visual.values[0].label) ?? 0);
  const categories = [...byCategory].sort((a, b) => first(b[1]) - first(a[1]) || a[0].localeCompare(b[0])).slice(0, MAX_BARS);
  if (categories.length === 0) return [0, ''];
  const segmentNames = visual.color
    ? [...new Set(categories.flatMap(([, s]) => [...s.keys()]))].sort((a, b) => a.localeCompare(b))
    : visual.values.map(m => m.label);
  const stacked = visual.color !== undefined;

  const labelWidth = 180;
  const [width, rowHeight, top] = [CHART_WIDTH[visual.width], stacked ? 22 : 8 + 12 * segmentNames.length, 4];
  const height = top + categories.length * rowHeight + 18;
  const max = niceMax(Math.max(...categories.map(([, s]) => (stacked ? [...s.values()].reduce((a, b) => a + b, 0) : Math.max(...s.values())))));
  const scale = (v: number) => (v / max) * (width - labelWidth - 24);
  let marks = 0;
  const bars = categories.map(([category, segments], ci) => {
    const y0 = top + ci * rowHeight;
    let offset = 0;
    const rects = segmentNames.map((segment, si) => {
      const value = segments.get(segment) ?? 0;
      if (value === 0) return '';
      marks++;
      const barWidth = Math.max(1, scale(value));
      const [bx, by, bh] = stacked ? [labelWidth + scale(offset), y0 + 3, rowHeight - 6] : [labelWidth, y0 + 4 + si * 12, 10];
      offset += value;
      return `<rect x="${bx.toFixed(1)}" y="${by}" width="${barWidth.toFixed(1)}" height="${bh}" fill="${PALETTE[si % PALETTE.length]}"><title>${escape(category)}, ${escape(segment)}: ${formatNumber(value)}</title></rect>`;
    }).join('');
    const label = category.length > 25 ? `${category.slice(0, 24)}…` : category;
    return `<text x="${labelWidth - 6}" y="${(y0 + rowHeight / 2 + 4).toFixed(1)}" text-anchor="end">${escape(label)}<title>${escape(category)}</title></text>${rects}`;
  }).join('\n');
  const ticks = axisTicks(max).map(v => `<text x="${(labelWidth + scale(v)).toFixed(1)}" y="${height - 4}" text-anchor="middle">${formatTick(v)}</text>`).join('');
  const svg = `      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(visual.title)}">
${bars}${ticks}</svg>`;
  return [marks, `${svg}\n${legend(segmentNames)}`];
}

function drawTable(visual: TableVisual, rows: DatasetRow[]): [number, string] {
  const groups = new Map<string, { keys: string[]; values: number[] }>();
  for (const row of rows) {
    const keys = visual.groupBy.map(c => String(row[c] ?? ''));
    const id = JSON.stringify(keys);
    const group = groups.get(id) ?? { keys, values: visual.values.map(() => 0) };
    groups.set(id, group);
    visual.values.forEach((m, i) => { group.values[i] += numberOf(row[m.column]); });
  }
  const sorted = [...groups.values()].sort((a, b) => b.values[0] - a.values[0] || a.keys.join().localeCompare(b.keys.join()));
  if (sorted.length === 0) return [0, ''];
  const shown = sorted.slice(0, MAX_TABLE_ROWS);
  const head = `<tr>${visual.groupBy.map(c => `<th>${escape(c.replace(/_/g, ' '))}</th>`).join('')}${visual.values.map(m => `<th class="number">${escape(m.label)}</th>`).join('')}</tr>`;
  const body = shown.map(g => `<tr>${g.keys.map(k => `<td>${escape(k)}</td>`).join('')}${g.values.map(v => `<td class="number">${formatNumber(v)}</td>`).join('')}</tr>`).join('\n');
  const more = sorted.length > shown.length ? `<p class="target">… and ${sorted.length - shown.length} more rows</p>` : '';
  return [shown.length, `      <table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>${more}`];
}

function legend(names: readonly string[]): string {
  return `      <div class="legend">${names.map((name, i) => `<span style="--c: ${PALETTE[i % PALETTE.length]}">${escape(name)}</span>`).join('')}</div>`;
}

/** A round axis maximum at or above `value` (1, 2 or 5 times a power of ten). */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map(f => f * power).find(candidate => candidate >= value)!;
}

/** Five ticks from zero to `max`; up to a maximum of 4, one per whole number. */
const axisTicks = (max: number) => (Number.isInteger(max) && max <= 4
  ? Array.from({ length: max + 1 }, (_, i) => i)
  : [0, 0.25, 0.5, 0.75, 1].map(f => f * max));
const formatTick = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 3 });

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
