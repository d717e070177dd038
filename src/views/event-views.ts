import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { createGlueView } from './glue-view';
import { ALL_STANDARD_VIEWS, CUSTOM_VIEW_HEAD, CUSTOM_VIEW_TAIL, customEventView, ViewDeclaration } from './view-catalog';
import { renderView } from './view-sql';
import { IEventsDatabase } from '../database/events-database-ref';
import { checkCatalogName, checkDatabaseGiven } from '../private/rules';

/** Options of a view over a custom (app) event. */
export interface CustomEventViewOptions {
  /** The `event_type` the view selects, e.g. `purchase_completed` (as the app reports it). */
  readonly eventType: string;
  /**
   * Columns read from the event's `attributes`: view column name → attribute key. The columns are `varchar`.
   * @default - no attribute columns
   */
  readonly attributes?: { [column: string]: string };
  /**
   * Columns read from the event's `metrics`: view column name → metric key. The columns are `double`.
   * @default - no metric columns
   */
  readonly metrics?: { [column: string]: string };
}

/** Props of `EventViews`. */
export interface EventViewsProps {
  /** The events database whose `all_events` table the views select from. */
  readonly database: IEventsDatabase;
  /**
   * Create the standard views: the fifteen of the Digital User Engagement Events Database data dictionary
   * (`campaign_send`, `email_*`, `journey_send`, `sms_*`) plus `email_rendering_failure`,
   * `email_delivery_delay`, `email_subscription`; `mms_events`, `voice_events`, `rcs_events` (every status of an
   * End User Messaging MMS, voice or RCS message, with an `outcome` column) and `whatsapp_events` (every status
   * of a WhatsApp message and every message received); and `message_events`, every message event of every channel
   * in one vocabulary (channel, status). Set to false to create only custom event views.
   * @default true
   */
  readonly standardViews?: boolean;
  /**
   * A table in the same Glue database holding the events of an adopted Digital User Engagement Events Database
   * deployment, in that solution's table schema (see `LegacyEventsTable`). Every view then reads its rows,
   * shaped as `all_events` rows, after those of `all_events`; `ingest_timestamp` prunes both.
   * @default - the views read `all_events` only
   */
  readonly legacyTableName?: string;
}

/**
 * Athena views over the events table, one per event type (one per channel for MMS, voice, RCS and WhatsApp, and
 * one across every channel), created as Glue views: no Athena query runs at deployment, nothing is left behind
 * on deletion, and a change of a view is an ordinary resource update.
 *
 * Each view converts epoch milliseconds into `timestamp(3)`, names the Pinpoint attributes (the campaign,
 * treatment, journey and SMS details), parses the SMS sender context into `message_tags`, gives one row per
 * recipient for bounces, complaints and delays (keeping events with no recipient), and passes the
 * `ingest_timestamp` partition through so a filter on it prunes partitions through the view (declared as the
 * table holds it: `timestamp(3)` on Parquet, `timestamp(6)` on Iceberg).
 */
export class EventViews extends Construct {
  /** Names of the views created so far, in creation order. */
  public get viewNames(): string[] {
    return [...this.views.keys()];
  }

  private readonly database: IEventsDatabase;
  private readonly legacyTableName?: string;
  private readonly views = new Map<string, glue.CfnTable>();
  private readonly declarations = new Map<string, ViewDeclaration>();

  /**
   * @param scope the construct to add the views to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: EventViewsProps) {
    super(scope, id);
    checkDatabaseGiven(this, 'EventViews', props?.database);
    this.database = props.database;
    if (props.legacyTableName !== undefined) {
      checkCatalogName('EventViews: legacyTableName', props.legacyTableName);
      if (props.legacyTableName === props.database.tableName) {
        throw new Error(`EventViews: legacyTableName '${props.legacyTableName}' is the events table itself; name the adopted deployment's table`);
      }
    }
    this.legacyTableName = props.legacyTableName;
    // A view is created once the catalog it reads exists and removed before it: nothing to wait for with an
    // imported database, whose catalog another stack deployed.
    this.node.addDependency(props.database.catalogCreated);
    if (props.standardViews ?? true) {
      for (const view of ALL_STANDARD_VIEWS) {
        this.addView(view);
      }
    }
  }

  /**
   * Adds a view over a custom event: `event_timestamp`, `arrival_timestamp`, `application_id`, `endpoint_id`,
   * `aws_account_id`, then one column per attribute and metric, then `ingest_timestamp`.
   *
   * @param name view name: lower-case letters, digits and underscores, starting with a letter
   * @returns the Glue view resource
   */
  public addCustomEventView(name: string, options: CustomEventViewOptions): glue.CfnTable {
    const where = `EventViews: custom event view '${name}'`;
    if (!options.eventType || options.eventType.trim() === '') {
      throw new Error(`${where}: eventType must not be empty`);
    }
    const attributes = options.attributes ?? {};
    const metrics = options.metrics ?? {};
    const reserved = new Set([...CUSTOM_VIEW_HEAD, ...CUSTOM_VIEW_TAIL].map(f => f.name));
    const seen = new Set<string>();
    for (const [kind, columns] of [['attributes', attributes], ['metrics', metrics]] as const) {
      for (const [column, key] of Object.entries(columns)) {
        checkCatalogName(`${where}: ${kind} column`, column);
        if (reserved.has(column)) {
          throw new Error(`${where}: ${kind} column '${column}' clashes with a standard column of every custom view (${[...reserved].join(', ')})`);
        }
        if (seen.has(column)) {
          throw new Error(`${where}: column '${column}' is declared in both attributes and metrics`);
        }
        seen.add(column);
        if (typeof key !== 'string' || key.length === 0) {
          throw new Error(`${where}: ${kind} column '${column}' must name a non-empty ${kind === 'attributes' ? 'attribute' : 'metric'} key`);
        }
      }
    }
    return this.addView(customEventView(name, options.eventType, attributes, metrics));
  }

  /** The Glue view resource of a view, by name. */
  public view(name: string): glue.CfnTable {
    const view = this.views.get(name);
    if (!view) {
      throw new Error(`EventViews: no view named '${name}' (views: ${this.viewNames.join(', ')})`);
    }
    return view;
  }

  /** The Trino SQL of a view, as stored in the Glue catalog. */
  public viewSql(name: string): string {
    this.view(name);
    return renderView(this.declarations.get(name)!, this.database.tableName, this.legacyTableName, this.database.tableFormat).sql;
  }

  private addView(declaration: ViewDeclaration): glue.CfnTable {
    checkCatalogName('EventViews: view name', declaration.name);
    if (this.views.has(declaration.name)) {
      throw new Error(`EventViews: a view named '${declaration.name}' already exists; view names must be unique (standard views: ${ALL_STANDARD_VIEWS.map(v => v.name).join(', ')})`);
    }
    const rendered = renderView(declaration, this.database.tableName, this.legacyTableName, this.database.tableFormat);
    const table = createGlueView(this, declaration.name, this.database.databaseName, rendered);
    this.views.set(declaration.name, table);
    this.declarations.set(declaration.name, declaration);
    return table;
  }
}
