import { Duration, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as quicksight from 'aws-cdk-lib/aws-quicksight';
import { Construct } from 'constructs';
import { engagementDashboard } from './dashboard-declaration';
import { datasetTables, quickSightDefinition } from './quicksight-definition';
import { IEventsDatabase } from '../database/events-database-ref';
import { renderAsNagNamesIt } from '../private/nag-names';
import { checkDatabaseGiven } from '../private/rules';
import { AnalyticsWorkgroup } from '../views/analytics-workgroup';

/** Where the dashboard's datasets keep their rows. */
export enum DashboardDataMode {
  /** Every view of the dashboard runs its query in Athena: always current, paid per query. */
  DIRECT_QUERY = 'DIRECT_QUERY',
  /** The rows are imported into SPICE, QuickSight's in-memory store, on a schedule: fast, as current as the last refresh. */
  SPICE = 'SPICE',
}

/** How often SPICE datasets are refreshed. */
export enum SpiceRefreshInterval {
  /** Every hour. */
  HOURLY = 'HOURLY',
  /** Every day, at `spiceRefreshTime`. */
  DAILY = 'DAILY',
  /** Every Monday, at `spiceRefreshTime`. */
  WEEKLY = 'WEEKLY',
}

/** Props of `EngagementDashboard`. */
export interface EngagementDashboardProps {
  /** The events database whose views the datasets query. */
  readonly database: IEventsDatabase;
  /**
   * The Athena workgroup the data source queries in; it must query `database`.
   * @default - an `AnalyticsWorkgroup` over `database`, without named queries
   */
  readonly workgroup?: AnalyticsWorkgroup;
  /**
   * ARNs of the QuickSight users or groups who own the dashboard, its datasets and its data source: they may
   * view, edit, share and delete them (`arn:aws:quicksight:<region>:<account>:user/default/<name>` or `group/...`).
   * @default - no owner (give at least one owner or viewer)
   */
  readonly owners?: string[];
  /**
   * ARNs of the QuickSight users or groups who may view the dashboard.
   * @default - no viewer (give at least one owner or viewer)
   */
  readonly viewers?: string[];
  /**
   * Whether the datasets query Athena on every view of the dashboard or are imported into SPICE on a schedule.
   * @default DashboardDataMode.DIRECT_QUERY
   */
  readonly dataMode?: DashboardDataMode;
  /**
   * How often SPICE datasets are refreshed (only with `DashboardDataMode.SPICE`).
   * @default SpiceRefreshInterval.DAILY
   */
  readonly spiceRefreshInterval?: SpiceRefreshInterval;
  /**
   * When a daily or weekly SPICE refresh starts, `HH:MM` in UTC (only with `DashboardDataMode.SPICE`).
   * @default '03:00'
   */
  readonly spiceRefreshTime?: string;
  /**
   * The period the dashboard shows, back from now, in whole days: each dataset reads only the partitions of
   * that period.
   * @default Duration.days(90)
   */
  readonly period?: Duration;
  /**
   * Name of the dashboard in QuickSight.
   * @default 'Engagement'
   */
  readonly dashboardName?: string;
}

/** What an owner may do with each kind of resource; a viewer may only view the dashboard. */
const DASHBOARD_VIEWER_ACTIONS = ['quicksight:DescribeDashboard', 'quicksight:ListDashboardVersions', 'quicksight:QueryDashboard'];
const DASHBOARD_OWNER_ACTIONS = [
  ...DASHBOARD_VIEWER_ACTIONS,
  'quicksight:UpdateDashboard', 'quicksight:DeleteDashboard', 'quicksight:UpdateDashboardPermissions',
  'quicksight:DescribeDashboardPermissions', 'quicksight:UpdateDashboardPublishedVersion',
];
const DATASET_OWNER_ACTIONS = [
  'quicksight:DescribeDataSet', 'quicksight:DescribeDataSetPermissions', 'quicksight:PassDataSet',
  'quicksight:DescribeIngestion', 'quicksight:ListIngestions', 'quicksight:UpdateDataSet', 'quicksight:DeleteDataSet',
  'quicksight:CreateIngestion', 'quicksight:CancelIngestion', 'quicksight:UpdateDataSetPermissions',
];
const DATA_SOURCE_OWNER_ACTIONS = [
  'quicksight:DescribeDataSource', 'quicksight:DescribeDataSourcePermissions', 'quicksight:PassDataSource',
  'quicksight:UpdateDataSource', 'quicksight:DeleteDataSource', 'quicksight:UpdateDataSourcePermissions',
];
const QUICKSIGHT_PRINCIPAL = /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(user|group|namespace)\/\S+$/;
const REFRESH_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * An Amazon QuickSight dashboard of engagement over the events database's views: email sends, deliveries, opens,
 * clicks, bounces and complaints over time and by subject and campaign; SMS and voice delivery, failures by
 * reason and cost by country; and every channel's message events side by side.
 *
 * An Athena data source on the analytics workgroup reads the views through an IAM role that only QuickSight in
 * this account can assume, allowed to query that workgroup and read that database and nothing else; one dataset
 * per SQL query of the dashboard (direct query, or SPICE refreshed on a schedule); and the dashboard, shared with
 * the owners and viewers given. The local preview (`scripts/run preview`) draws the same dashboard from sample
 * events as an HTML page.
 */
export class EngagementDashboard extends Construct {
  /** The role QuickSight assumes to query Athena for the data source. */
  public readonly role: iam.Role;
  /** The Athena workgroup the data source queries in. */
  public readonly workgroup: AnalyticsWorkgroup;
  /** The Athena data source. */
  public readonly dataSource: quicksight.CfnDataSource;
  /** The datasets, one per query of the dashboard. */
  public readonly dataSets: quicksight.CfnDataSet[];
  /** The dashboard. */
  public readonly dashboard: quicksight.CfnDashboard;
  /** ID of the dashboard in QuickSight. */
  public readonly dashboardId: string;

  /**
   * @param scope the construct to add the dashboard to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: EngagementDashboardProps) {
    super(scope, id);
    checkDatabaseGiven(this, 'EngagementDashboard', props?.database);
    const where = `EngagementDashboard ${this.node.path}`;
    const owners = props.owners ?? [];
    const viewers = props.viewers ?? [];
    if (owners.length + viewers.length === 0) {
      throw new Error(`${where}: no one could open the dashboard: give owners or viewers, the ARNs of QuickSight users or groups`);
    }
    for (const principal of [...owners, ...viewers]) {
      if (!Token.isUnresolved(principal) && !QUICKSIGHT_PRINCIPAL.test(principal)) {
        throw new Error(`${where}: owners and viewers: '${principal}' is not the ARN of a QuickSight user or group (arn:aws:quicksight:<region>:<account>:user/default/<name>)`);
      }
    }
    if (props.workgroup && props.workgroup.database.databaseName !== props.database.databaseName) {
      throw new Error(`${where}: workgroup ${props.workgroup.node.path} queries the database '${props.workgroup.database.databaseName}', `
        + `not '${props.database.databaseName}': give a workgroup over the dashboard's database, or none (one is created)`);
    }
    const days = props.period?.toDays({ integral: false }) ?? 90;
    if (!Number.isInteger(days) || days < 1) {
      throw new Error(`${where}: period must be a whole number of days, at least 1 (got ${props.period?.toHumanString()})`);
    }
    const dataMode = props.dataMode ?? DashboardDataMode.DIRECT_QUERY;
    if (dataMode !== DashboardDataMode.SPICE && (props.spiceRefreshInterval !== undefined || props.spiceRefreshTime !== undefined)) {
      throw new Error(`${where}: spiceRefreshInterval and spiceRefreshTime apply only to SPICE datasets: set dataMode to DashboardDataMode.SPICE or leave them out`);
    }
    const refreshTime = props.spiceRefreshTime ?? '03:00';
    if (!REFRESH_TIME.test(refreshTime)) {
      throw new Error(`${where}: spiceRefreshTime '${refreshTime}' is invalid: give HH:MM, e.g. '03:00'`);
    }

    const stack = Stack.of(this);
    const account = stack.account;
    const declaration = engagementDashboard(days, props.database.databaseName);
    const uniqueId = (suffix: string) => `${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}-${suffix}`;
    const permissions = (principals: readonly string[], actions: string[]) => principals.length > 0
      ? principals.map(principal => ({ principal, actions }))
      : undefined;

    this.workgroup = props.workgroup ?? new AnalyticsWorkgroup(this, 'Workgroup', { database: props.database, namedQueries: false });

    // Only QuickSight, on behalf of this account, may assume the role (the confused-deputy guard).
    this.role = new iam.Role(this, 'QuickSightRole', {
      description: `QuickSight's access to the engagement events database ${props.database.databaseName} through Athena workgroup ${this.workgroup.workGroupName}`,
      assumedBy: new iam.ServicePrincipal('quicksight.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'quicksight', resource: '*' }) },
      }),
    });
    this.workgroup.grantQuery(this.role);
    // What QuickSight reads of the Athena catalog to list and check the data source's tables.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['athena:GetDataCatalog', 'athena:GetDatabase', 'athena:GetTableMetadata', 'athena:ListDatabases', 'athena:ListTableMetadata'],
      resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
    }));
    acknowledgeWildcards(this.role);

    this.dataSource = new quicksight.CfnDataSource(this, 'DataSource', {
      awsAccountId: account,
      dataSourceId: uniqueId('athena'),
      name: `Engagement events (${props.database.databaseName})`,
      type: 'ATHENA',
      dataSourceParameters: { athenaParameters: { workGroup: this.workgroup.workGroupName, roleArn: this.role.roleArn } },
      sslProperties: { disableSsl: false },
      permissions: permissions(owners, DATA_SOURCE_OWNER_ACTIONS),
    });
    // QuickSight checks the connection when it creates the data source: the role's policy and the workgroup first,
    // and the views the datasets read.
    this.dataSource.node.addDependency(this.role, this.workgroup, props.database);

    this.dataSets = declaration.datasets.map(dataset => {
      const dataSet = new quicksight.CfnDataSet(this, `DataSet-${dataset.id}`, {
        awsAccountId: account,
        dataSetId: uniqueId(dataset.id),
        name: dataset.name,
        importMode: dataMode,
        ...datasetTables(dataset, this.dataSource.attrArn),
        permissions: permissions(owners, DATASET_OWNER_ACTIONS),
      });
      if (dataMode === DashboardDataMode.SPICE) {
        const interval = props.spiceRefreshInterval ?? SpiceRefreshInterval.DAILY;
        const schedule = new quicksight.CfnRefreshSchedule(this, `Refresh-${dataset.id}`, {
          awsAccountId: account,
          dataSetId: dataSet.dataSetId,
          schedule: {
            scheduleId: `${interval.toLowerCase()}-full-refresh`,
            refreshType: 'FULL_REFRESH',
            scheduleFrequency: {
              interval,
              timeZone: 'UTC',
              timeOfTheDay: interval === SpiceRefreshInterval.HOURLY ? undefined : refreshTime,
              refreshOnDay: interval === SpiceRefreshInterval.WEEKLY ? { dayOfWeek: 'MONDAY' } : undefined,
            },
          },
        });
        // The schedule names the dataset by its ID, which carries no dependency.
        schedule.node.addDependency(dataSet);
      }
      return dataSet;
    });

    this.dashboardId = uniqueId('dashboard');
    const dataSetArns = Object.fromEntries(declaration.datasets.map((d, i) => [d.id, this.dataSets[i].attrArn]));
    this.dashboard = new quicksight.CfnDashboard(this, 'Dashboard', {
      awsAccountId: account,
      dashboardId: this.dashboardId,
      name: props.dashboardName ?? declaration.name,
      definition: quickSightDefinition(declaration, dataSetArns),
      permissions: [
        ...permissions(owners, DASHBOARD_OWNER_ACTIONS) ?? [],
        ...permissions(viewers, DASHBOARD_VIEWER_ACTIONS) ?? [],
      ],
    });
    this.node.defaultChild = this.dashboard;
  }

  /** The dashboard's ARN. */
  public get dashboardArn(): string {
    return this.dashboard.attrArn;
  }
}

/** Why a resource of the role's policy ends with a wildcard, by what precedes it. */
const WILDCARD_REASONS: ReadonlyArray<[RegExp, string]> = [
  [/:table\/[^/]+\/\*$/, 'The views the datasets read are tables of the events database: Athena reads each view and the table under it'],
  [/\/results\/\*$/, 'Athena writes and reads query results under the results prefix of the workgroup\'s bucket, under names it makes'],
  [/\/events\/\*$/, 'Athena reads the Parquet objects under the events prefix of the events bucket, one per Firehose buffer'],
];

/**
 * The wildcards left in the role's policy (objects under a prefix, the tables of one database), each acknowledged
 * with its reason, so that users running cdk-nag see only what their own code produces.
 */
function acknowledgeWildcards(role: iam.Role): void {
  const policy = role.node.findChild('DefaultPolicy') as iam.Policy;
  const document = Stack.of(role).resolve(policy.document.toJSON()) as { Statement: Array<{ Resource: unknown }> };
  const resources = document.Statement.flatMap(statement => [statement.Resource].flat()).map(renderAsNagNamesIt);
  for (const resource of new Set(resources.filter(r => r.includes('*')))) {
    const reason = WILDCARD_REASONS.find(([pattern]) => pattern.test(resource))?.[1];
    if (reason) Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }
}
