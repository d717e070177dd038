/**
 * CloudWatch embedded metric format: a JSON log line that CloudWatch Logs turns into metrics, so a function
 * publishes metrics through its own log group, with no permission to call PutMetricData.
 */

/** CloudWatch namespace of every metric the library's functions publish. */
export const METRICS_NAMESPACE = 'EngagementEventsDatabase';

/**
 * One log line publishing `metrics` (counts) under one set of `dimensions`, with `fields` logged beside them.
 * @param dimensions the dimension names and values, e.g. `{ DeliveryStream: 'events' }`
 * @param metrics the metric names and their values, all counts
 * @param fields other fields of the log line (not metrics)
 */
export function embeddedMetricsLine(
  dimensions: Record<string, string>,
  metrics: Record<string, number>,
  fields: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{
        Namespace: METRICS_NAMESPACE,
        Dimensions: [Object.keys(dimensions)],
        Metrics: Object.keys(metrics).map(name => ({ Name: name, Unit: 'Count' })),
      }],
    },
    ...dimensions,
    ...metrics,
    ...fields,
  });
}
