/** A view in the Glue Data Catalog, stored the way Athena stores the views it creates. */
import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { prestoViewDocument, prestoViewText, RenderedView } from './view-sql';

/**
 * Creates `view` in the Glue database `databaseName` as a `VIRTUAL_VIEW` table: no Athena query runs at
 * deployment, nothing is left behind on deletion, and a change of the view is an ordinary resource update.
 */
export function createGlueView(scope: Construct, id: string, databaseName: string, view: RenderedView, description: string): glue.CfnTable {
  return new glue.CfnTable(scope, id, {
    catalogId: Stack.of(scope).account,
    databaseName,
    tableInput: {
      name: view.name,
      description,
      tableType: 'VIRTUAL_VIEW',
      parameters: { presto_view: 'true', comment: 'Presto View' },
      viewOriginalText: viewOriginalText(scope, view, databaseName),
      viewExpandedText: '/* Presto View */',
      storageDescriptor: {
        columns: view.columns.map(c => ({ name: c.name, type: c.hiveType })),
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
