import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { HealthCheck, HealthHistory, HealthHour, HealthState } from '@sluice/contracts';
import { DATABASE_POOL } from '../../db/database';

export interface CheckRecord {
  success: boolean;
  errorCode: string | null;
  latencyMs: number;
  serverVersion: string | null;
  message?: string | null;
  hint?: string | null;
  manual: boolean;
}

/** The health history of connections, and their health columns. */
@Injectable()
export class HealthRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /**
   * Records a check and sets the connection's state: down when it failed, degraded when it took
   * over 3× the median of the last 24 hours, else up. Returns the state.
   */
  async record(connectionId: string, check: CheckRecord): Promise<HealthState> {
    const { rows } = await this.pool.query<{ state: HealthState }>(
      `with median as (
         select percentile_cont(0.5) within group (order by latency_ms) as ms from health_checks
          where connection_id = $1 and success and checked_at > now() - interval '24 hours'),
       added as (
         insert into health_checks (connection_id, success, error_code, latency_ms, server_version,
                                    manual, message, hint)
         values ($1, $2, $3, $4, $5, $6, $7, $8))
       update data_connections set health_checked_at = now(),
              health_state = case when not $2 then 'down'
                                  when (select ms from median) > 0 and $4 > 3 * (select ms from median) then 'degraded'
                                  else 'up' end
        where id = $1 returning health_state as state`,
      [
        connectionId,
        check.success,
        check.errorCode,
        check.latencyMs,
        check.serverVersion,
        check.manual,
        check.message ?? null,
        check.hint ?? null,
      ],
    );
    return rows[0]?.state ?? 'unknown';
  }

  /** The last 24 hours of each connection's checks, by hour, oldest first. */
  async recent(ids: string[]): Promise<Record<string, HealthHour[]>> {
    const { rows } = await this.pool.query<HealthHour & { id: string; hour: Date }>(
      `select connection_id as id, date_trunc('hour', checked_at) as hour, count(*)::int as checks,
              count(*) filter (where not success)::int as failures,
              round(percentile_cont(0.5) within group (order by latency_ms) filter (where success))::int
                as "p50LatencyMs"
         from health_checks
        where connection_id = any($1::uuid[]) and checked_at > now() - interval '24 hours'
        group by 1, 2 order by 1, 2`,
      [ids],
    );
    const out: Record<string, HealthHour[]> = Object.fromEntries(ids.map((id) => [id, []]));
    for (const { id, hour, ...rest } of rows) out[id]?.push({ hour: hour.toISOString(), ...rest });
    return out;
  }

  /** Removes checks older than `days`; how many. */
  async prune(days: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `delete from health_checks where checked_at < now() - make_interval(days => $1)`,
      [days],
    );
    return rowCount ?? 0;
  }

  async history(
    connectionId: string,
    from: Date,
    to: Date,
  ): Promise<Omit<HealthHistory, 'from' | 'to'>> {
    const range = [connectionId, from, to];
    const where = 'connection_id = $1 and checked_at between $2 and $3';
    const [checks, summary, failure] = await Promise.all([
      this.pool.query<HealthCheck & { checkedAt: Date }>(
        `select checked_at as "checkedAt", success, error_code as "errorCode",
                latency_ms as "latencyMs", server_version as "serverVersion", manual, message, hint
           from health_checks where ${where} order by checked_at desc limit 2000`,
        range,
      ),
      this.pool.query<{ n: number; up: number; p50: number | null; p95: number | null }>(
        `select count(*)::int as n, count(*) filter (where success)::int as up,
                round(percentile_cont(0.5) within group (order by latency_ms) filter (where success))::int as p50,
                round(percentile_cont(0.95) within group (order by latency_ms) filter (where success))::int as p95
           from health_checks where ${where}`,
        range,
      ),
      this.pool.query<{ checkedAt: Date; errorCode: HealthCheck['errorCode'] }>(
        `select checked_at as "checkedAt", error_code as "errorCode" from health_checks
          where ${where} and not success order by checked_at desc limit 1`,
        range,
      ),
    ]);
    const s = summary.rows[0]!;
    const last = failure.rows[0];
    return {
      checks: checks.rows.map((c) => ({ ...c, checkedAt: c.checkedAt.toISOString() })),
      summary: {
        checks: s.n,
        uptimePercent: s.n === 0 ? null : Math.round((s.up / s.n) * 10_000) / 100,
        p50LatencyMs: s.p50,
        p95LatencyMs: s.p95,
        lastFailure: last
          ? { checkedAt: last.checkedAt.toISOString(), errorCode: last.errorCode }
          : null,
      },
    };
  }
}
