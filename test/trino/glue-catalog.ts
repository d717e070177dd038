/**
 * The Glue catalog a synthesized template declares, written into Trino's file metastore, so that Trino reads
 * the table and the views exactly as the template declares them: columns, partition keys, SerDe, input and
 * output formats, parameters (partition projection included), and each view's `ViewOriginalText`, which
 * Trino decodes and checks itself as Athena does. Each table is written as Trino's own Glue metastore presents
 * a Glue table to the Hive connector (a table's description becomes its `comment` parameter, for one).
 *
 * CloudFormation references are resolved as a deployment would: a Glue database's `Ref` is its name, a
 * bucket's `Ref` its name (the logical ID in lower case when the template gives it none). `s3://<bucket>/<key>`
 * becomes `local:///<bucket>/<key>`: each bucket is the folder of its name under the catalog's local root.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A synthesized CloudFormation template, as `Template.fromStack(stack).toJSON()` returns it. */
export interface CfnTemplate {
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
}

/** An `AWS::Glue::Table` of the template, its references resolved and its S3 locations made local. */
export interface CatalogTable {
  readonly databaseName: string;
  readonly name: string;
  readonly tableType: string;
  readonly description?: string;
  readonly columns: readonly GlueColumn[];
  readonly partitionKeys: readonly GlueColumn[];
  readonly parameters: Record<string, string>;
  /** `local:///<bucket>/<prefix>` for a table; undefined for a view. */
  readonly location?: string;
  readonly serde?: string;
  readonly serdeParameters: Record<string, string>;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  readonly viewOriginalText?: string;
  readonly viewExpandedText?: string;
}

export interface GlueColumn {
  readonly name: string;
  /** Hive type string, as Glue stores it. */
  readonly type: string;
  readonly comment?: string;
}

/** The JSON inside a view's `ViewOriginalText` (`/* Presto View: <base64> *\/`). */
export interface PrestoView {
  readonly originalSql: string;
  readonly catalog: string;
  readonly schema: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

/** Resolves the intrinsic functions a Glue table's input may hold. */
export class TemplateResolver {
  constructor(private readonly template: CfnTemplate) {}

  /** The name a `Ref` to the resource resolves to. */
  refName(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`Ref to '${logicalId}', which the template does not hold`);
    switch (resource.Type) {
      case 'AWS::Glue::Database':
        return this.resolve((resource.Properties?.DatabaseInput as { Name: unknown }).Name) as string;
      case 'AWS::S3::Bucket': {
        const name = resource.Properties?.BucketName;
        return name === undefined ? logicalId.toLowerCase() : this.resolve(name) as string;
      }
      default:
        throw new Error(`Ref to '${logicalId}' (${resource.Type}) has no resolution here`);
    }
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, argument] = entries[0];
      switch (key) {
        case 'Ref':
          return this.refName(argument as string);
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, unknown[]];
          return parts.map(p => this.resolve(p)).join(separator);
        }
        case 'Fn::Base64':
          return Buffer.from(String(this.resolve(argument)), 'utf8').toString('base64');
        default:
          if (key.startsWith('Fn::')) throw new Error(`${key} has no resolution here: ${JSON.stringify(value).slice(0, 300)}`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }
}

/** `s3://<bucket>/<key>` → `local:///<bucket>/<key>`, wherever it appears in `text`. */
export function s3ToLocal(text: string): string {
  return text.replace(/s3:\/\//g, 'local:///');
}

/** The folder under the local root that `local:///<path>` stands for. */
export function localPath(localRoot: string, location: string): string {
  if (!location.startsWith('local:///')) throw new Error(`Not a local location: ${location}`);
  return path.join(localRoot, location.slice('local:///'.length));
}

/** Decodes `/* Presto View: <base64> *\/`. */
export function decodePrestoView(viewOriginalText: string): PrestoView {
  const match = /^\/\* Presto View: (\S+) \*\/$/.exec(viewOriginalText);
  if (!match) throw new Error(`Not a Presto view text: ${viewOriginalText.slice(0, 100)}`);
  return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as PrestoView;
}

/** Storage descriptor fields that mean nothing to a reader of Parquet files. */
const IGNORED_STORAGE_FIELDS = new Set(['Compressed', 'StoredAsSubDirectories']);
const READ_STORAGE_FIELDS = new Set(['Columns', 'Location', 'InputFormat', 'OutputFormat', 'SerdeInfo']);
const READ_TABLE_FIELDS = new Set(['Name', 'Description', 'TableType', 'Parameters', 'PartitionKeys', 'StorageDescriptor',
  'ViewOriginalText', 'ViewExpandedText']);

/**
 * The template's Glue tables and views. A table-input field this translation does not know fails loudly
 * (naming it), so a change to what the constructs declare cannot be silently lost on the way to Trino.
 */
export function catalogTables(template: CfnTemplate): CatalogTable[] {
  const resolver = new TemplateResolver(template);
  return Object.entries(template.Resources)
    // An Iceberg table is created by the Iceberg catalog from its declaration (see `icebergTables`).
    .filter(([, r]) => r.Type === 'AWS::Glue::Table' && r.Properties?.OpenTableFormatInput === undefined)
    .map(([logicalId, r]) => {
      const properties = resolver.resolve(r.Properties) as Record<string, unknown>;
      const input = properties.TableInput as Record<string, unknown>;
      const storage = (input.StorageDescriptor ?? {}) as Record<string, unknown>;
      const unknown = [
        ...Object.keys(input).filter(k => !READ_TABLE_FIELDS.has(k)),
        ...Object.keys(storage).filter(k => !READ_STORAGE_FIELDS.has(k) && !IGNORED_STORAGE_FIELDS.has(k)).map(k => `StorageDescriptor.${k}`),
      ];
      if (unknown.length > 0) {
        throw new Error(`${logicalId}: the Glue table input holds ${unknown.join(', ')}, which the Trino catalog writer does not translate yet`);
      }
      const serdeInfo = (storage.SerdeInfo ?? {}) as { SerializationLibrary?: string; Parameters?: Record<string, unknown> };
      const columns = (list: unknown): GlueColumn[] => ((list ?? []) as Array<{ Name: string; Type: string; Comment?: string }>)
        .map(c => ({ name: c.Name, type: c.Type, comment: c.Comment }));
      return {
        databaseName: String(properties.DatabaseName),
        name: String(input.Name),
        tableType: String(input.TableType),
        description: input.Description as string | undefined,
        columns: columns(storage.Columns),
        partitionKeys: columns(input.PartitionKeys),
        // Glue parameters are strings; CloudFormation turns a boolean given in the template into its text.
        parameters: Object.fromEntries(Object.entries((input.Parameters ?? {}) as Record<string, unknown>)
          .map(([k, v]) => [k, s3ToLocal(String(v))])),
        location: storage.Location === undefined ? undefined : s3ToLocal(String(storage.Location)),
        serde: serdeInfo.SerializationLibrary,
        serdeParameters: Object.fromEntries(Object.entries(serdeInfo.Parameters ?? {}).map(([k, v]) => [k, String(v)])),
        inputFormat: storage.InputFormat as string | undefined,
        outputFormat: storage.OutputFormat as string | undefined,
        viewOriginalText: input.ViewOriginalText as string | undefined,
        viewExpandedText: input.ViewExpandedText as string | undefined,
      };
    });
}

/**
 * Writes the tables and views into the file metastore under `<localRoot>/metastore/` (the layout Trino's
 * `FileHiveMetastore` reads: `.<schema>.trinoSchema` per schema, `<schema>/<table>/.trinoSchema` per table),
 * and creates each table's location folder. `trinoVersion` is the server's: the metastore refuses metadata
 * written for another version.
 */
export function writeFileMetastore(localRoot: string, tables: readonly CatalogTable[], trinoVersion: string): void {
  const metastore = path.join(localRoot, 'metastore');
  const writeJson = (file: string, value: unknown) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value, null, 2));
  };
  for (const schema of new Set(tables.map(t => t.databaseName))) {
    writeJson(path.join(metastore, `.${schema}.trinoSchema`), {
      writerVersion: trinoVersion, ownerName: 'test', ownerType: 'USER', parameters: {},
    });
  }
  const toColumn = (c: GlueColumn) => ({ name: c.name, type: c.type, ...(c.comment === undefined ? {} : { comment: c.comment }) });
  for (const table of tables) {
    const isView = table.tableType === 'VIRTUAL_VIEW';
    if (!isView) {
      if (table.location === undefined) throw new Error(`Table ${table.databaseName}.${table.name} has no location`);
      fs.mkdirSync(localPath(localRoot, table.location), { recursive: true });
    }
    writeJson(path.join(metastore, table.databaseName, table.name, '.trinoSchema'), {
      writerVersion: trinoVersion,
      owner: 'test',
      tableType: table.tableType,
      dataColumns: table.columns.map(toColumn),
      partitionColumns: table.partitionKeys.map(toColumn),
      // As Trino's Glue metastore reads a table (GlueConverter.fromGlueTable): the description replaces the comment.
      parameters: { ...table.parameters, ...(table.description === undefined ? {} : { comment: table.description }) },
      originalStorageFormat: isView ? {} : { serde: table.serde, inputFormat: table.inputFormat, outputFormat: table.outputFormat },
      serdeParameters: table.serdeParameters,
      ...(isView ? {} : { externalLocation: table.location }),
      ...(table.viewOriginalText === undefined ? {} : { viewOriginalText: table.viewOriginalText }),
      ...(table.viewExpandedText === undefined ? {} : { viewExpandedText: table.viewExpandedText }),
      columnStatistics: {},
    });
  }
}

/** An Iceberg table the template declares (`OpenTableFormatInput.IcebergInput`), its references resolved. */
export interface IcebergTableDeclaration {
  readonly databaseName: string;
  readonly name: string;
  /** `local:///<bucket>/<prefix>` */
  readonly location: string;
  readonly formatVersion: string;
  /** Each field's name and its Trino type, in schema order. */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly trinoType: string }>;
  /** The partition spec as Trino's `partitioning` table property writes it: `hour(ingest_timestamp)`. */
  readonly partitioning: readonly string[];
  readonly properties: Record<string, string>;
}

/** An Iceberg type (JSON, as the Iceberg spec and the Glue schema write it) as the Trino type Trino reads it as. */
export function icebergToTrinoType(type: unknown): string {
  if (typeof type === 'string') {
    const primitives: Record<string, string> = {
      string: 'varchar', long: 'bigint', int: 'integer', double: 'double', boolean: 'boolean', timestamp: 'timestamp(6)',
    };
    if (!primitives[type]) throw new Error(`Iceberg type '${type}' has no Trino type here`);
    return primitives[type];
  }
  const nested = type as { type: string; fields?: Array<{ name: string; type: unknown }>; element?: unknown; value?: unknown; key?: unknown };
  switch (nested.type) {
    case 'struct': return `row(${nested.fields!.map(f => `"${f.name}" ${icebergToTrinoType(f.type)}`).join(', ')})`;
    case 'list': return `array(${icebergToTrinoType(nested.element)})`;
    case 'map': return `map(${icebergToTrinoType(nested.key)}, ${icebergToTrinoType(nested.value)})`;
    default: throw new Error(`Iceberg type ${JSON.stringify(type).slice(0, 100)} has no Trino type here`);
  }
}

/** The template's Iceberg tables: each field's type read from the JSON text CloudFormation carries it in. */
export function icebergTables(template: CfnTemplate): IcebergTableDeclaration[] {
  const resolver = new TemplateResolver(template);
  return Object.values(template.Resources)
    .filter(r => r.Type === 'AWS::Glue::Table' && r.Properties?.OpenTableFormatInput !== undefined)
    .map(r => {
      const properties = resolver.resolve(r.Properties) as any;
      const iceberg = properties.OpenTableFormatInput.IcebergInput;
      const input = iceberg.IcebergTableInput;
      const fields = input.Schema.Fields as Array<{ Id: number; Name: string; Type: string }>;
      const parseType = (text: string) => text.startsWith('{') ? JSON.parse(text) : text;
      return {
        databaseName: String(properties.DatabaseName),
        name: String(properties.TableInput.Name),
        location: s3ToLocal(String(input.Location)),
        formatVersion: String(iceberg.Version),
        columns: fields.map(f => ({ name: f.Name, trinoType: icebergToTrinoType(parseType(f.Type)) })),
        partitioning: (input.PartitionSpec?.Fields ?? []).map((p: { SourceId: number; Transform: string }) =>
          `${p.Transform}(${fields.find(f => f.Id === p.SourceId)!.Name})`),
        properties: input.Properties ?? {},
      };
    });
}
