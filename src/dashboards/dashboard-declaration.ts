/**
 * The engagement dashboard, declared once as data: its datasets (Trino SQL over the views, each column with the
 * type QuickSight reads it as) and its sheets of visuals (KPI, line, bar and table, each naming the dataset
 * columns it shows, how it aggregates them and which rows it keeps). `quicksight-definition.ts` renders it to
 * the `Definition` of an AWS::QuickSight::Dashboard; the local preview renders the very same declaration to an
 * HTML page from the local engine's rows, so what a reviewer sees there is what QuickSight draws.
 */
import { eventTypeOf } from '../schema/event-types';
import { quoteIdentifier, sqlString } from '../views/sql';
import { MESSAGE_EVENTS_VIEW } from '../views/view-catalog';

/** How QuickSight reads a dataset column (an InputColumn's type). */
export type ColumnType = 'STRING' | 'INTEGER' | 'DECIMAL' | 'DATETIME';

/** One column of a dataset's result, in the SQL's column order. */
export interface DatasetColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** A dataset: one SQL query over the views. */
export interface DatasetDeclaration {
  /** Identifier within the dashboard (letters, digits, hyphens); also names the physical and logical tables. */
  readonly id: string;
  /** Name shown in QuickSight. */
  readonly name: string;
  /** Trino SQL over the views, run by Athena in the analytics workgroup. */
  readonly sql: string;
  /** Its result's columns, in order. */
  readonly columns: readonly DatasetColumn[];
}

/** A value a visual shows: a numeric column, summed. */
export interface Measure {
  readonly column: string;
  /** What the reader sees the value called. */
  readonly label: string;
}

/** Keeps only the rows whose column holds one of the values. */
export interface ValueFilter {
  readonly column: string;
  readonly values: readonly string[];
}

/** Time buckets of a line chart's axis. */
export type TimeGranularity = 'HOUR' | 'DAY' | 'WEEK';

/** How much of a sheet's width a visual takes: a quarter (KPIs), a half (charts) or all of it (tables). */
export type VisualWidth = 'quarter' | 'half' | 'full';

interface VisualCommon {
  /** Identifier within the dashboard (letters, digits, underscores, hyphens). */
  readonly id: string;
  readonly title: string;
  /** The `id` of the dataset it reads. */
  readonly dataset: string;
  /** The rows it keeps (each filter must hold). */
  readonly filters?: readonly ValueFilter[];
  readonly width: VisualWidth;
}

/** One number, with an optional target it is a share of (delivered of sent: a delivery rate). */
export interface KpiVisual extends VisualCommon {
  readonly kind: 'kpi';
  readonly value: Measure;
  readonly target?: Measure;
}

/** Values over time: several measures, or one measure split into a line per value of `color`. */
export interface LineVisual extends VisualCommon {
  readonly kind: 'line';
  readonly time: string;
  readonly granularity: TimeGranularity;
  readonly values: readonly Measure[];
  readonly color?: string;
}

/** Values by category, largest first; several measures side by side, or one split (stacked) by `color`. */
export interface BarVisual extends VisualCommon {
  readonly kind: 'bar';
  readonly category: string;
  readonly values: readonly Measure[];
  readonly color?: string;
}

/** Values grouped by one or more columns, largest first. */
export interface TableVisual extends VisualCommon {
  readonly kind: 'table';
  readonly groupBy: readonly string[];
  readonly values: readonly Measure[];
}

/** One visual of a sheet. */
export type VisualDeclaration = KpiVisual | LineVisual | BarVisual | TableVisual;

/** A sheet (a tab of the dashboard): its visuals, in reading order. */
export interface SheetDeclaration {
  /** Identifier within the dashboard (letters, digits, underscores, hyphens). */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly visuals: readonly VisualDeclaration[];
}

/** The whole dashboard: the datasets its visuals read, and its sheets. */
export interface DashboardDeclaration {
  readonly name: string;
  readonly datasets: readonly DatasetDeclaration[];
  readonly sheets: readonly SheetDeclaration[];
}

/** The channels the SMS and voice sheet shows. */
const PHONE_CHANNELS = ['sms', 'voice'];
/** Millicents per US dollar: End User Messaging reports prices in millicents. */
const MILLICENTS_PER_USD = 100_000;

/** A row selecting the events of one email view as one measure of the email dataset. */
function emailEvents(view: string, measure: string, subject: string, window: string): string {
  return `SELECT event_timestamp, message_id, pinpoint_campaign_id, ${subject} AS subject, ${sqlString(measure)} AS measure FROM ${view} WHERE ${window}`;
}

/**
 * A view as the datasets name it: qualified with its database when one is given. QuickSight runs a dataset's SQL
 * in no database of its own (an Athena data source names only a workgroup), so the deployed SQL names it.
 */
function viewName(view: string, databaseName: string | undefined): string {
  return databaseName === undefined ? view : `${quoteIdentifier(databaseName)}.${quoteIdentifier(view)}`;
}

/** The email views the email dataset counts, each as one measure. */
const EMAIL_MEASURES: ReadonlyArray<{ view: string; measure: string; label: string; hasSubject: boolean }> = [
  { view: 'email_send', measure: 'sends', label: 'Sends', hasSubject: true },
  { view: 'email_delivered', measure: 'deliveries', label: 'Deliveries', hasSubject: true },
  { view: 'email_open', measure: 'opens', label: 'Opens', hasSubject: true },
  { view: 'email_click', measure: 'clicks', label: 'Clicks', hasSubject: true },
  // One row per bounced or complaining recipient; the subject is that of the message's other events.
  { view: 'email_hardbounce', measure: 'bounces', label: 'Bounces', hasSubject: false },
  { view: 'email_softbounce', measure: 'bounces', label: 'Bounces', hasSubject: false },
  { view: 'email_complaint', measure: 'complaints', label: 'Complaints', hasSubject: false },
];
const EMAIL_COLUMNS = [...new Set(EMAIL_MEASURES.map(m => m.measure))];
const emailLabel = (measure: string) => EMAIL_MEASURES.find(m => m.measure === measure)!.label;

/**
 * The SQL of the datasets, each reading only the partitions of the last `days` days (a filter on
 * `ingest_timestamp`, which every view passes through): a direct query scans that period, a SPICE refresh imports it.
 */
export function engagementDatasets(days: number, databaseName?: string): DatasetDeclaration[] {
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`The dashboard's period must be a whole number of days, at least 1 (got ${days})`);
  }
  const window = `ingest_timestamp > current_timestamp - INTERVAL '${days}' DAY`;
  const messageEvents = viewName(MESSAGE_EVENTS_VIEW.name, databaseName);
  const counts = EMAIL_COLUMNS.map(measure => `  count_if(e.measure = ${sqlString(measure)}) AS ${measure}`).join(',\n');
  return [
    {
      id: 'email-engagement',
      name: 'Email engagement',
      sql: `-- Email events per hour, subject and campaign: sends, deliveries, opens, clicks, bounces and complaints.
WITH events AS (
  ${EMAIL_MEASURES.map(m => emailEvents(viewName(m.view, databaseName), m.measure, m.hasSubject ? 'subject' : 'CAST(NULL AS varchar)', window)).join('\n  UNION ALL\n  ')}
),
subjects AS (
  SELECT message_id, max(subject) AS subject FROM events WHERE subject IS NOT NULL GROUP BY message_id
)
SELECT
  date_trunc('hour', e.event_timestamp) AS event_hour,
  coalesce(e.subject, s.subject, '(no subject)') AS subject,
  coalesce(e.pinpoint_campaign_id, 'No campaign') AS campaign,
${counts}
FROM events e
LEFT JOIN subjects s ON s.message_id = e.message_id
GROUP BY 1, 2, 3`,
      columns: [
        { name: 'event_hour', type: 'DATETIME' },
        { name: 'subject', type: 'STRING' },
        { name: 'campaign', type: 'STRING' },
        ...EMAIL_COLUMNS.map(name => ({ name, type: 'INTEGER' as const })),
      ],
    },
    {
      id: 'phone-messages',
      name: 'SMS and voice messages',
      sql: `-- One row per hour, channel, country, outcome and failure reason: messages, and their cost with each message
-- priced once (its final event and perhaps ${eventTypeOf('sms', 'BUFFERED')} report the same price).
WITH messages AS (
  SELECT
    channel,
    message_id,
    min(event_timestamp) AS first_event,
    max(country) AS country,
    bool_or(status = 'delivered') AS delivered,
    bool_or(status = 'failed') AS failed,
    max(error_code) AS failure_reason,
    max(price_in_millicents_usd) AS price_in_millicents_usd
  FROM ${messageEvents}
  WHERE channel IN (${PHONE_CHANNELS.map(sqlString).join(', ')}) AND status IN ('sent', 'delivered', 'failed') AND ${window}
  GROUP BY channel, message_id
)
SELECT
  date_trunc('hour', first_event) AS event_hour,
  channel,
  coalesce(country, 'unknown') AS country,
  CASE WHEN delivered THEN 'delivered' WHEN failed THEN 'failed' ELSE 'pending' END AS outcome,
  CASE WHEN delivered THEN '' ELSE coalesce(failure_reason, '') END AS failure_reason,
  count(*) AS messages,
  count_if(delivered) AS delivered,
  CAST(coalesce(sum(price_in_millicents_usd), 0) / ${MILLICENTS_PER_USD} AS double) AS cost_usd
FROM messages
GROUP BY 1, 2, 3, 4, 5`,
      columns: [
        { name: 'event_hour', type: 'DATETIME' },
        { name: 'channel', type: 'STRING' },
        { name: 'country', type: 'STRING' },
        { name: 'outcome', type: 'STRING' },
        { name: 'failure_reason', type: 'STRING' },
        { name: 'messages', type: 'INTEGER' },
        { name: 'delivered', type: 'INTEGER' },
        { name: 'cost_usd', type: 'DECIMAL' },
      ],
    },
    {
      id: 'channel-activity',
      name: 'Message events by channel',
      sql: `-- Every message event of every channel (message_events), per hour, channel and normalized status.
SELECT
  date_trunc('hour', event_timestamp) AS event_hour,
  channel,
  status,
  count(*) AS events
FROM ${messageEvents}
WHERE ${window}
GROUP BY 1, 2, 3`,
      columns: [
        { name: 'event_hour', type: 'DATETIME' },
        { name: 'channel', type: 'STRING' },
        { name: 'status', type: 'STRING' },
        { name: 'events', type: 'INTEGER' },
      ],
    },
  ];
}

const measure = (column: string, label: string): Measure => ({ column, label });
const email = (column: string): Measure => measure(column, emailLabel(column));

/** The sheets: email, SMS and voice, and every channel. */
export const ENGAGEMENT_SHEETS: readonly SheetDeclaration[] = [
  {
    id: 'email',
    name: 'Email',
    description: 'Sends, deliveries, opens, clicks, bounces and complaints, over time and by subject and campaign',
    visuals: [
      { kind: 'kpi', id: 'email-sends', title: 'Emails sent', dataset: 'email-engagement', width: 'quarter', value: email('sends') },
      { kind: 'kpi', id: 'email-delivered', title: 'Delivered (of sent)', dataset: 'email-engagement', width: 'quarter', value: email('deliveries'), target: email('sends') },
      { kind: 'kpi', id: 'email-opens', title: 'Opens (of delivered)', dataset: 'email-engagement', width: 'quarter', value: email('opens'), target: email('deliveries') },
      { kind: 'kpi', id: 'email-clicks', title: 'Clicks (of opens)', dataset: 'email-engagement', width: 'quarter', value: email('clicks'), target: email('opens') },
      {
        kind: 'line',
        id: 'email-over-time',
        title: 'Email events over time',
        dataset: 'email-engagement',
        width: 'full',
        time: 'event_hour',
        granularity: 'DAY',
        values: EMAIL_COLUMNS.map(email),
      },
      {
        kind: 'bar',
        id: 'email-by-subject',
        title: 'Engagement by subject',
        dataset: 'email-engagement',
        width: 'half',
        category: 'subject',
        values: ['sends', 'opens', 'clicks'].map(email),
      },
      {
        kind: 'bar',
        id: 'email-problems-by-subject',
        title: 'Bounces and complaints by subject',
        dataset: 'email-engagement',
        width: 'half',
        category: 'subject',
        values: ['bounces', 'complaints'].map(email),
      },
      {
        kind: 'table',
        id: 'email-by-campaign',
        title: 'Engagement by campaign',
        dataset: 'email-engagement',
        width: 'full',
        groupBy: ['campaign'],
        values: EMAIL_COLUMNS.map(email),
      },
    ],
  },
  {
    id: 'sms-voice',
    name: 'SMS and voice',
    description: 'Delivery rate, failures by reason and cost by country of SMS and voice messages',
    visuals: [
      { kind: 'kpi', id: 'phone-sent', title: 'Messages sent', dataset: 'phone-messages', width: 'quarter', value: measure('messages', 'Messages') },
      {
        kind: 'kpi',
        id: 'phone-delivery-rate',
        title: 'Delivered (of sent)',
        dataset: 'phone-messages',
        width: 'quarter',
        value: measure('delivered', 'Delivered'),
        target: measure('messages', 'Messages'),
      },
      {
        kind: 'kpi',
        id: 'phone-failed',
        title: 'Failed messages',
        dataset: 'phone-messages',
        width: 'quarter',
        value: measure('messages', 'Failed'),
        filters: [{ column: 'outcome', values: ['failed'] }],
      },
      { kind: 'kpi', id: 'phone-cost', title: 'Cost (USD)', dataset: 'phone-messages', width: 'quarter', value: measure('cost_usd', 'Cost (USD)') },
      {
        kind: 'line',
        id: 'phone-over-time',
        title: 'Messages over time, by channel',
        dataset: 'phone-messages',
        width: 'full',
        time: 'event_hour',
        granularity: 'DAY',
        values: [measure('messages', 'Messages')],
        color: 'channel',
      },
      {
        kind: 'bar',
        id: 'phone-failures',
        title: 'Failures by reason',
        dataset: 'phone-messages',
        width: 'half',
        category: 'failure_reason',
        values: [measure('messages', 'Failed messages')],
        color: 'channel',
        filters: [{ column: 'outcome', values: ['failed'] }],
      },
      {
        kind: 'bar',
        id: 'phone-cost-by-country',
        title: 'Cost by country (USD)',
        dataset: 'phone-messages',
        width: 'half',
        category: 'country',
        values: [measure('cost_usd', 'Cost (USD)')],
        color: 'channel',
      },
      {
        kind: 'table',
        id: 'phone-by-country',
        title: 'Messages by channel and country',
        dataset: 'phone-messages',
        width: 'full',
        groupBy: ['channel', 'country', 'outcome'],
        values: [measure('messages', 'Messages'), measure('delivered', 'Delivered'), measure('cost_usd', 'Cost (USD)')],
      },
    ],
  },
  {
    id: 'all-channels',
    name: 'All channels',
    description: 'Every message event of every channel (email, SMS, MMS, voice, RCS, WhatsApp, push) in one vocabulary',
    visuals: [
      { kind: 'kpi', id: 'all-events', title: 'Message events', dataset: 'channel-activity', width: 'quarter', value: measure('events', 'Events') },
      {
        kind: 'kpi',
        id: 'all-delivered',
        title: 'Deliveries',
        dataset: 'channel-activity',
        width: 'quarter',
        value: measure('events', 'Deliveries'),
        filters: [{ column: 'status', values: ['delivered'] }],
      },
      {
        kind: 'kpi',
        id: 'all-engaged',
        title: 'Opens, reads and clicks',
        dataset: 'channel-activity',
        width: 'quarter',
        value: measure('events', 'Opens, reads and clicks'),
        filters: [{ column: 'status', values: ['opened', 'clicked'] }],
      },
      {
        kind: 'kpi',
        id: 'all-failed',
        title: 'Failures',
        dataset: 'channel-activity',
        width: 'quarter',
        value: measure('events', 'Failures'),
        filters: [{ column: 'status', values: ['failed'] }],
      },
      {
        kind: 'line',
        id: 'all-over-time',
        title: 'Message events over time, by channel',
        dataset: 'channel-activity',
        width: 'full',
        time: 'event_hour',
        granularity: 'DAY',
        values: [measure('events', 'Events')],
        color: 'channel',
      },
      {
        kind: 'bar',
        id: 'all-by-status',
        title: 'Events by status and channel',
        dataset: 'channel-activity',
        width: 'half',
        category: 'status',
        values: [measure('events', 'Events')],
        color: 'channel',
      },
      {
        kind: 'table',
        id: 'all-by-channel',
        title: 'Events by channel and status',
        dataset: 'channel-activity',
        width: 'half',
        groupBy: ['channel', 'status'],
        values: [measure('events', 'Events')],
      },
    ],
  },
];

/**
 * The engagement dashboard over the last `days` days; its SQL names the views in `databaseName` when given (the
 * deployed dashboard's), as they are in the session's database otherwise (the local engine's).
 */
export function engagementDashboard(days: number, databaseName?: string): DashboardDeclaration {
  const declaration = { name: 'Engagement', datasets: engagementDatasets(days, databaseName), sheets: ENGAGEMENT_SHEETS };
  checkDeclaration(declaration);
  return declaration;
}

/** Every visual reads a declared dataset and only columns it has, numeric ones as measures. */
export function checkDeclaration(declaration: DashboardDeclaration): void {
  const ids = new Set<string>();
  const unique = (id: string) => {
    if (!/^[\w-]+$/.test(id) || ids.has(id)) throw new Error(`Dashboard '${declaration.name}': identifier '${id}' is not unique or has characters other than letters, digits, '_' and '-'`);
    ids.add(id);
  };
  declaration.datasets.forEach(d => unique(d.id));
  for (const sheet of declaration.sheets) {
    unique(sheet.id);
    for (const visual of sheet.visuals) {
      unique(visual.id);
      const dataset = declaration.datasets.find(d => d.id === visual.dataset);
      if (!dataset) throw new Error(`Visual '${visual.id}' reads an undeclared dataset '${visual.dataset}'`);
      const type = (column: string) => {
        const found = dataset.columns.find(c => c.name === column);
        if (!found) throw new Error(`Visual '${visual.id}' reads a column '${column}' that dataset '${dataset.id}' lacks`);
        return found.type;
      };
      for (const m of measuresOf(visual)) {
        if (!['INTEGER', 'DECIMAL'].includes(type(m.column))) throw new Error(`Visual '${visual.id}' sums the non-numeric column '${m.column}'`);
      }
      for (const column of dimensionsOf(visual)) type(column);
      for (const filter of visual.filters ?? []) type(filter.column);
      if (visual.kind === 'line' && type(visual.time) !== 'DATETIME') throw new Error(`Visual '${visual.id}': its time column '${visual.time}' is not a DATETIME`);
    }
  }
}

/** The measures a visual shows, its KPI target included. */
export function measuresOf(visual: VisualDeclaration): Measure[] {
  switch (visual.kind) {
    case 'kpi': return visual.target ? [visual.value, visual.target] : [visual.value];
    default: return [...visual.values];
  }
}

/** The columns a visual groups by, in order (a line chart's time column first). */
export function dimensionsOf(visual: VisualDeclaration): string[] {
  switch (visual.kind) {
    case 'kpi': return [];
    case 'line': return [visual.time, ...visual.color ? [visual.color] : []];
    case 'bar': return [visual.category, ...visual.color ? [visual.color] : []];
    case 'table': return [...visual.groupBy];
  }
}
