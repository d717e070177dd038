import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AnalyticsWorkgroup, DashboardDataMode, EngagementDashboard, EngagementDashboardProps, EventsBucket, EventsDatabase, SpiceRefreshInterval,
} from '../../src';
import { engagementDashboard } from '../../src/dashboards/dashboard-declaration';
import { acknowledgements, expectCompliant } from '../support/compliance';
import { importedDatabase } from '../support/imported-database';

const OWNER = 'arn:aws:quicksight:eu-west-1:111122223333:user/default/analyst';
const VIEWER = 'arn:aws:quicksight:eu-west-1:111122223333:group/default/marketing';

function build(props: Partial<EngagementDashboardProps> = {}, options: { imported?: boolean } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = options.imported ? importedDatabase(stack, 'Events') : new EventsDatabase(stack, 'Events', {
    bucket: EventsBucket.create({ encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) }),
  });
  const dashboard = new EngagementDashboard(stack, 'Dashboard', { database, owners: [OWNER], viewers: [VIEWER], ...props });
  return { stack, database, dashboard, template: () => Template.fromStack(stack) };
}

const declaration = engagementDashboard(90, 'due_eventdb');

test('an Athena data source on the analytics workgroup, through a role of its own', () => {
  const { template, dashboard, stack } = build();
  const t = template();
  t.resourceCountIs('AWS::QuickSight::DataSource', 1);
  t.hasResourceProperties('AWS::QuickSight::DataSource', {
    AwsAccountId: '111122223333',
    Type: 'ATHENA',
    DataSourceParameters: {
      AthenaParameters: {
        WorkGroup: dashboard.workgroup.workGroupName,
        RoleArn: { 'Fn::GetAtt': [stack.getLogicalId(dashboard.role.node.defaultChild as never), 'Arn'] },
      },
    },
    SslProperties: { DisableSsl: false },
    Permissions: [{ Principal: OWNER, Actions: Match.arrayWith(['quicksight:DescribeDataSource', 'quicksight:PassDataSource']) }],
  });
});

test('only QuickSight, for this account, can assume the role', () => {
  const { template } = build();
  template().hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'quicksight.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnLike: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':quicksight:eu-west-1:111122223333:*'])] }) },
        },
      }],
    },
  });
});

test('the role may query the workgroup and read the database, every grant scoped to an ARN', () => {
  const { template, stack, dashboard } = build();
  const policies = template().findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: stack.getLogicalId(dashboard.role.node.defaultChild as never) }] },
  });
  type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
  const statements = Object.values(policies).flatMap(p => p.Properties.PolicyDocument.Statement as Statement[]);
  const actions = statements.flatMap(s => [s.Action].flat());
  expect(actions).toEqual(expect.arrayContaining([
    'athena:StartQueryExecution', 'athena:GetQueryResults', 'athena:GetWorkGroup',
    'glue:GetTable', 'glue:GetDatabase', 's3:GetObject', 's3:PutObject', 'kms:Decrypt', 'athena:GetDataCatalog',
  ]));
  for (const statement of statements) {
    expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
  }
  // The key is used only through S3 (and Athena for results): the confused deputy cannot use it directly.
  const kmsStatements = statements.filter(s => [s.Action].flat().some(a => a.startsWith('kms:')));
  expect(kmsStatements.length).toBeGreaterThan(0);
  for (const statement of kmsStatements) expect(statement.Condition).toMatchObject({ StringEquals: { 'kms:ViaService': expect.anything() } });
});

test('one direct-query dataset per declared dataset: its SQL and columns on the data source', () => {
  const { template, stack, dashboard } = build();
  const dataSets = Object.values(template().findResources('AWS::QuickSight::DataSet'));
  expect(dataSets).toHaveLength(declaration.datasets.length);
  const dataSourceArn = { 'Fn::GetAtt': [stack.getLogicalId(dashboard.dataSource), 'Arn'] };
  declaration.datasets.forEach((dataset, i) => {
    expect(dataSets[i].Properties).toMatchObject({
      Name: dataset.name,
      ImportMode: 'DIRECT_QUERY',
      PhysicalTableMap: {
        [dataset.id]: {
          CustomSql: { DataSourceArn: dataSourceArn, SqlQuery: dataset.sql, Columns: dataset.columns.map(c => ({ Name: c.name, Type: c.type })) },
        },
      },
      Permissions: [{ Principal: OWNER, Actions: expect.arrayContaining(['quicksight:PassDataSet']) }],
    });
  });
  template().resourceCountIs('AWS::QuickSight::RefreshSchedule', 0);
});

test('the datasets read only the period asked for', () => {
  const { template, database } = build({ period: Duration.days(30) });
  for (const dataSet of Object.values(template().findResources('AWS::QuickSight::DataSet'))) {
    const sql = JSON.stringify(dataSet.Properties.PhysicalTableMap);
    expect(sql).toContain("ingest_timestamp > current_timestamp - INTERVAL '30' DAY");
    expect(sql).not.toContain("INTERVAL '90' DAY");
    // QuickSight runs the SQL in no database: it names the views in theirs.
    expect(sql).toContain(JSON.stringify(`FROM "${database.databaseName}"."`).slice(1, -1));
  }
});

test('SPICE datasets, each refreshed on the schedule asked for', () => {
  const { template } = build({ dataMode: DashboardDataMode.SPICE, spiceRefreshInterval: SpiceRefreshInterval.WEEKLY, spiceRefreshTime: '05:30' });
  const t = template();
  for (const dataSet of Object.values(t.findResources('AWS::QuickSight::DataSet'))) expect(dataSet.Properties.ImportMode).toBe('SPICE');
  t.resourceCountIs('AWS::QuickSight::RefreshSchedule', declaration.datasets.length);
  t.hasResourceProperties('AWS::QuickSight::RefreshSchedule', {
    Schedule: {
      RefreshType: 'FULL_REFRESH',
      ScheduleFrequency: { Interval: 'WEEKLY', TimeOfTheDay: '05:30', TimeZone: 'UTC', RefreshOnDay: { DayOfWeek: 'MONDAY' } },
    },
  });
});

test('the dashboard: one sheet per declared sheet, each visual with its fields, shared with owners and viewers', () => {
  const { template } = build();
  const [dashboard] = Object.values(template().findResources('AWS::QuickSight::Dashboard'));
  const definition = dashboard.Properties.Definition;
  expect(definition.DataSetIdentifierDeclarations.map((d: { Identifier: string }) => d.Identifier)).toEqual(declaration.datasets.map(d => d.id));
  expect(definition.Sheets.map((s: { Name: string }) => s.Name)).toEqual(['Email', 'SMS and voice', 'All channels']);
  const visualKinds = definition.Sheets.flatMap((s: { Visuals: object[] }) => s.Visuals.map(v => Object.keys(v)[0]));
  expect(new Set(visualKinds)).toEqual(new Set(['KPIVisual', 'LineChartVisual', 'BarChartVisual', 'TableVisual']));
  const [emailLine] = definition.Sheets[0].Visuals.filter((v: object) => 'LineChartVisual' in v);
  expect(emailLine.LineChartVisual.ChartConfiguration.FieldWells.LineChartAggregatedFieldWells).toMatchObject({
    Category: [{ DateDimensionField: { Column: { DataSetIdentifier: 'email-engagement', ColumnName: 'event_hour' }, DateGranularity: 'DAY' } }],
    Values: ['sends', 'deliveries', 'opens', 'clicks', 'bounces', 'complaints'].map(column => ({
      NumericalMeasureField: expect.objectContaining({ Column: { DataSetIdentifier: 'email-engagement', ColumnName: column }, AggregationFunction: { SimpleNumericalAggregation: 'SUM' } }),
    })),
  });
  // A visual's filter applies to that visual alone.
  expect(definition.FilterGroups).toContainEqual(expect.objectContaining({
    FilterGroupId: 'phone-failures-filters',
    ScopeConfiguration: { SelectedSheets: { SheetVisualScopingConfigurations: [{ SheetId: 'sms-voice', Scope: 'SELECTED_VISUALS', VisualIds: ['phone-failures'] }] } },
    Filters: [{ CategoryFilter: expect.objectContaining({ Configuration: { FilterListConfiguration: { MatchOperator: 'EQUALS', CategoryValues: ['failed'], NullOption: 'NON_NULLS_ONLY' } } }) }],
  }));
  expect(dashboard.Properties.Permissions).toEqual([
    { Principal: OWNER, Actions: expect.arrayContaining(['quicksight:UpdateDashboardPermissions', 'quicksight:QueryDashboard']) },
    { Principal: VIEWER, Actions: ['quicksight:DescribeDashboard', 'quicksight:ListDashboardVersions', 'quicksight:QueryDashboard'] },
  ]);
});

test('cdk-nag and cfn-lint (which checks the dashboard definition against its schema) pass, direct query and SPICE', () => {
  const direct = build();
  expectCompliant(direct.stack);
  const spice = build({ dataMode: DashboardDataMode.SPICE }, { imported: true });
  expectCompliant(spice.stack);
  // The role's wildcards, each acknowledged with its reason: the objects under a prefix, the tables of one database.
  expect(acknowledgements(spice.dashboard.role).map(a => a.rule).sort()).toEqual([
    'Annotation::AwsSolutions-IAM5[Resource::<DashboardWorkgroupResultsBucket86BD55DC.Arn>/results/*]',
    'Annotation::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:eu-west-1:111122223333:table/engagement_events/*]',
    'Annotation::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::engagement-events-bucket/events/*]',
  ]);
});

test('a workgroup given is used rather than one of its own', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = importedDatabase(stack, 'Events');
  const workgroup = new AnalyticsWorkgroup(stack, 'Analytics', { database, workGroupName: 'engagement' });
  new EngagementDashboard(stack, 'Dashboard', { database, workgroup, viewers: [VIEWER] });
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::Athena::WorkGroup', 1);
  t.hasResourceProperties('AWS::QuickSight::DataSource', { DataSourceParameters: { AthenaParameters: { WorkGroup: 'engagement' } } });
});

test('a workgroup over another database is refused at synthesis', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const workgroup = new AnalyticsWorkgroup(stack, 'Analytics', { database: importedDatabase(stack, 'Other', 'other_events') });
  expect(() => new EngagementDashboard(stack, 'Dashboard', { database: importedDatabase(stack, 'Events'), workgroup, viewers: [VIEWER] }))
    .toThrow(/EngagementDashboard Stack\/Dashboard: workgroup Stack\/Analytics queries the database 'other_events', not 'engagement_events': give a workgroup over the dashboard's database/);
});

test.each<[string, Partial<EngagementDashboardProps>, RegExp]>([
  ['no one to share with', { owners: [], viewers: [] }, /EngagementDashboard Stack\/Dashboard: no one could open the dashboard: give owners or viewers/],
  ['a principal that is not a QuickSight ARN', { viewers: ['arn:aws:iam::111122223333:user/bob'] }, /owners and viewers: 'arn:aws:iam::111122223333:user\/bob' is not the ARN of a QuickSight user or group/],
  ['a period in part days', { period: Duration.hours(36) }, /period must be a whole number of days/],
  ['a refresh schedule for direct query', { spiceRefreshInterval: SpiceRefreshInterval.HOURLY }, /apply only to SPICE datasets: set dataMode to DashboardDataMode.SPICE/],
  ['a refresh time that is not HH:MM', { dataMode: DashboardDataMode.SPICE, spiceRefreshTime: '3am' }, /spiceRefreshTime '3am' is invalid: give HH:MM/],
])('%s is refused at synthesis, naming the construct and the fix', (_name, props, message) => {
  expect(() => build(props, { imported: true })).toThrow(message);
});
