/**
 * The dashboard page aggregates each visual as QuickSight does: the rows its filters keep, grouped by its
 * dimensions (time in buckets of its granularity, every bucket between the first and the last), its measures summed.
 */
import { renderDashboardPage } from '../../local/dashboard-html';
import { engagementDashboard } from '../../src/dashboards/dashboard-declaration';

const declaration = engagementDashboard(90);
const PHONE = [
  { event_hour: '2026-11-01 08:00:00', channel: 'sms', country: 'US', outcome: 'failed', failure_reason: 'UNREACHABLE', messages: '2', delivered: '0', cost_usd: 0.01 },
  { event_hour: '2026-11-01 17:00:00', channel: 'sms', country: 'FR', outcome: 'failed', failure_reason: 'BLOCKED', messages: '3', delivered: '0', cost_usd: 0.02 },
  { event_hour: '2026-11-03 09:00:00', channel: 'voice', country: 'US', outcome: 'delivered', failure_reason: '', messages: '5', delivered: '5', cost_usd: 0.5 },
];

/** The HTML of one visual's figure. */
function visual(html: string, id: string): { marks: number; html: string } {
  const match = new RegExp(`<figure [^>]*data-visual="${id}" data-marks="(\\d+)">([\\s\\S]*?)</figure>`).exec(html);
  if (!match) throw new Error(`no visual ${id}`);
  return { marks: Number(match[1]), html: match[2] };
}

const html = renderDashboardPage(declaration, { rows: { 'email-engagement': [], 'phone-messages': PHONE, 'channel-activity': [] }, subtitle: 'test' });

test('a KPI sums its measure over the rows its filters keep, and shows its share of the target', () => {
  expect(visual(html, 'phone-sent').html).toContain('<p class="value">10</p>');
  expect(visual(html, 'phone-failed').html).toContain('<p class="value">5</p>');
  expect(visual(html, 'phone-delivery-rate').html).toContain('50.0% of 10 messages');
  expect(visual(html, 'phone-cost').html).toContain('<p class="value">0.5300</p>');
});

test('a line chart has a point per series and per day from the first to the last, days without rows at zero', () => {
  // Two channels, three days (the 2nd has no row).
  const line = visual(html, 'phone-over-time');
  expect(line.marks).toBe(6);
  expect(line.html).toContain('sms, 2026-11-01: 5');
  expect(line.html).toContain('sms, 2026-11-02: 0');
  expect(line.html).toContain('voice, 2026-11-03: 5');
});

test('a bar chart keeps the rows its filters keep and puts the largest first; a table groups and sums', () => {
  const failures = visual(html, 'phone-failures');
  expect(failures.marks).toBe(2);
  expect(failures.html.indexOf('BLOCKED')).toBeLessThan(failures.html.indexOf('UNREACHABLE'));
  expect(failures.html).not.toContain('voice');
  const table = visual(html, 'phone-by-country');
  expect(table.marks).toBe(3);
  expect(table.html).toMatch(/<td>voice<\/td><td>US<\/td><td>delivered<\/td><td class="number">5<\/td><td class="number">5<\/td><td class="number">0.5000<\/td>/);
});

test('a visual whose dataset has no rows says so and declares no marks', () => {
  for (const id of ['email-sends', 'email-over-time', 'email-by-subject', 'email-by-campaign', 'all-events']) {
    expect(visual(html, id)).toEqual({ marks: 0, html: expect.stringContaining('No data') });
  }
});
