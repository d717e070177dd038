export * from './database/events-database-ref';
export * from './database/events-database';
export * from './partitions/partition-strategy';
export * from './partitions/partition-registrar';
export * from './views/event-views';
export * from './views/analytics-workgroup';
export * from './database/legacy-events';
