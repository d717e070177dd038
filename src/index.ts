export * from './database/events-database-ref';
export * from './database/events-database';
export * from './partitions/partition-strategy';
export * from './partitions/partition-registrar';
