/**
 * Renders the dashboard declaration (dashboard-declaration.ts) for QuickSight: each dataset as the custom SQL
 * of an AWS::QuickSight::DataSet, and the sheets as the `Definition` of an AWS::QuickSight::Dashboard.
 */
import { CfnDashboard, CfnDataSetProps } from 'aws-cdk-lib/aws-quicksight';
import {
  DashboardDeclaration, DatasetDeclaration, Measure, ValueFilter, VisualDeclaration, VisualWidth,
} from './dashboard-declaration';

type Definition = CfnDashboard.DashboardVersionDefinitionProperty;
type Visual = CfnDashboard.VisualProperty;

/** The dataset's physical table: its SQL on the data source, and the columns of its result. */
export function datasetTables(dataset: DatasetDeclaration, dataSourceArn: string): Pick<CfnDataSetProps, 'physicalTableMap'> {
  return {
    physicalTableMap: {
      [dataset.id]: {
        customSql: {
          dataSourceArn,
          name: dataset.name,
          sqlQuery: dataset.sql,
          columns: dataset.columns.map(c => ({ name: c.name, type: c.type })),
        },
      },
    },
  };
}

/** QuickSight's layout grid is 36 columns wide. */
const GRID_COLUMNS: Record<VisualWidth, number> = { quarter: 9, half: 18, full: 36 };
const GRID_ROWS: Record<VisualWidth, number> = { quarter: 4, half: 12, full: 12 };

/** A field's ID, unique in the dashboard: the visual's, then the column's. */
const fieldId = (visual: VisualDeclaration, columnName: string, role = '') => `${visual.id}.${role}${columnName}`;

/** The dashboard's `Definition`: `dataSetArns` maps each dataset's `id` to the ARN of its QuickSight dataset. */
export function quickSightDefinition(declaration: DashboardDeclaration, dataSetArns: Readonly<Record<string, string>>): Definition {
  const filterGroups: CfnDashboard.FilterGroupProperty[] = [];
  const sheets = declaration.sheets.map(sheet => {
    for (const visual of sheet.visuals) {
      if (visual.filters?.length) filterGroups.push(filterGroup(sheet.id, visual));
    }
    return {
      sheetId: sheet.id,
      name: sheet.name,
      title: sheet.name,
      description: sheet.description,
      contentType: 'INTERACTIVE',
      visuals: sheet.visuals.map(renderVisual),
      layouts: [{
        configuration: {
          gridLayout: {
            elements: sheet.visuals.map(visual => ({
              elementId: visual.id,
              elementType: 'VISUAL',
              columnSpan: GRID_COLUMNS[visual.width],
              rowSpan: GRID_ROWS[visual.width],
            })),
          },
        },
      }],
    };
  });
  return {
    dataSetIdentifierDeclarations: declaration.datasets.map(d => {
      const arn = dataSetArns[d.id];
      if (!arn) throw new Error(`No QuickSight dataset for the dataset '${d.id}'`);
      return { identifier: d.id, dataSetArn: arn };
    }),
    sheets,
    filterGroups: filterGroups.length > 0 ? filterGroups : undefined,
  };
}

function column(visual: VisualDeclaration, name: string): CfnDashboard.ColumnIdentifierProperty {
  return { dataSetIdentifier: visual.dataset, columnName: name };
}

function measureField(visual: VisualDeclaration, measure: Measure, role = ''): CfnDashboard.MeasureFieldProperty {
  return {
    numericalMeasureField: {
      fieldId: fieldId(visual, measure.column, role),
      column: column(visual, measure.column),
      aggregationFunction: { simpleNumericalAggregation: 'SUM' },
    },
  };
}

function categoryField(visual: VisualDeclaration, name: string): CfnDashboard.DimensionFieldProperty {
  return { categoricalDimensionField: { fieldId: fieldId(visual, name), column: column(visual, name) } };
}

const title = (visual: VisualDeclaration) => ({ visibility: 'VISIBLE', formatText: { plainText: visual.title } });

/** Largest first, by the first measure. */
const largestFirst = (visual: VisualDeclaration, first: Measure) => [{ fieldSort: { fieldId: fieldId(visual, first.column), direction: 'DESC' } }];

function renderVisual(visual: VisualDeclaration): Visual {
  switch (visual.kind) {
    case 'kpi':
      return {
        kpiVisual: {
          visualId: visual.id,
          title: title(visual),
          chartConfiguration: {
            fieldWells: {
              values: [measureField(visual, visual.value)],
              targetValues: visual.target ? [measureField(visual, visual.target, 'target.')] : undefined,
            },
            kpiOptions: visual.target ? { progressBar: { visibility: 'VISIBLE' }, comparison: { comparisonMethod: 'PERCENT' } } : undefined,
          },
        },
      };
    case 'line':
      return {
        lineChartVisual: {
          visualId: visual.id,
          title: title(visual),
          chartConfiguration: {
            fieldWells: {
              lineChartAggregatedFieldWells: {
                category: [{
                  dateDimensionField: {
                    fieldId: fieldId(visual, visual.time),
                    column: column(visual, visual.time),
                    dateGranularity: visual.granularity,
                  },
                }],
                values: visual.values.map(m => measureField(visual, m)),
                colors: visual.color ? [categoryField(visual, visual.color)] : undefined,
              },
            },
            legend: { visibility: 'VISIBLE' },
          },
        },
      };
    case 'bar':
      return {
        barChartVisual: {
          visualId: visual.id,
          title: title(visual),
          chartConfiguration: {
            orientation: 'HORIZONTAL',
            barsArrangement: visual.color ? 'STACKED' : 'CLUSTERED',
            fieldWells: {
              barChartAggregatedFieldWells: {
                category: [categoryField(visual, visual.category)],
                values: visual.values.map(m => measureField(visual, m)),
                colors: visual.color ? [categoryField(visual, visual.color)] : undefined,
              },
            },
            sortConfiguration: { categorySort: largestFirst(visual, visual.values[0]) },
            legend: { visibility: 'VISIBLE' },
          },
        },
      };
    case 'table':
      return {
        tableVisual: {
          visualId: visual.id,
          title: title(visual),
          chartConfiguration: {
            fieldWells: {
              tableAggregatedFieldWells: {
                groupBy: visual.groupBy.map(name => categoryField(visual, name)),
                values: visual.values.map(m => measureField(visual, m)),
              },
            },
            fieldOptions: {
              selectedFieldOptions: visual.values.map(m => ({ fieldId: fieldId(visual, m.column), customLabel: m.label })),
            },
            sortConfiguration: { rowSort: largestFirst(visual, visual.values[0]) },
          },
        },
      };
  }
}

/** The visual's filters, applied to it alone. */
function filterGroup(sheetId: string, visual: VisualDeclaration): CfnDashboard.FilterGroupProperty {
  return {
    filterGroupId: `${visual.id}-filters`,
    crossDataset: 'SINGLE_DATASET',
    status: 'ENABLED',
    scopeConfiguration: { selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId, scope: 'SELECTED_VISUALS', visualIds: [visual.id] }] } },
    filters: (visual.filters ?? []).map((filter: ValueFilter, i) => ({
      categoryFilter: {
        filterId: `${visual.id}-filter-${i + 1}`,
        column: column(visual, filter.column),
        configuration: { filterListConfiguration: { matchOperator: 'EQUALS', categoryValues: [...filter.values], nullOption: 'NON_NULLS_ONLY' } },
      },
    })),
  };
}
