export * from './database/events-database-ref';
