import * as glue from 'aws-cdk-lib/aws-glue';
import { SchemaField, toHiveType } from '../../schema/event-schema';

/** A declared field as a column of a Glue table (`all_events`, or the legacy table): its Hive type and comment. */
export function toGlueColumn(field: SchemaField): glue.Column {
  return {
    name: field.name,
    type: { inputString: toHiveType(field.type), isPrimitive: field.type.kind === 'primitive' },
    comment: field.comment,
  };
}
