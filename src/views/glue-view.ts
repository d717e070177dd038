/** A view in the Glue Data Catalog, stored the way Athena stores the views it creates. */
import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { prestoViewDocument, prestoViewText, RenderedView } from './view-sql';

/**
 * Creates `view` in the Glue database `databaseName` as a `VIRTUAL_VIEW` table: no Athena query runs at
 * deployment, nothing is left behind on deletion, and a change of the view is an ordinary resource update.
 *
 * Stored as Athena stores the views it creates: no table description (engines reading the Glue catalog take a
 * description as the table's comment, and Trino only recognises a view whose comment is "Presto View"), the
 * description going in the view's own JSON instead, and an empty SerDe in the storage descriptor.
 */
export function createGlueView(scope: Construct, id: string, databaseName: string, view: RenderedView): glue.CfnTable {
  return new glue.CfnTable(scope, id, {
    catalogId: Stack.of(scope).account,
    databaseName,
    tableInput: {
      name: view.name,
      tableType: 'VIRTUAL_VIEW',
      parameters: { presto_view: 'true', comment: 'Presto View' },
      viewOriginalText: viewOriginalText(scope, view, databaseName),
      viewExpandedText: '/* Presto View */',
      storageDescriptor: {
        columns: view.columns.map(c => ({ name: c.name, type: c.hiveType })),
        serdeInfo: {},
      },
    },
  });
}

/** The view's text; when the database name is only known at deployment, CloudFormation encodes it. */
function viewOriginalText(scope: Construct, view: RenderedView, schema: string): string {
  if (!Token.isUnresolved(schema)) {
    return prestoViewText(view, schema);
  }
  const json = Stack.of(scope).toJsonString(prestoViewDocument(view, schema));
  return Fn.join('', ['/* Presto View: ', Fn.base64(json), ' */']);
}
