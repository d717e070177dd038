export * from './database/events-database-ref';
export * from './database/events-database';
