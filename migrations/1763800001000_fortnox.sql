-- Up Migration

-- Fortnox allows 25 requests per 5 s per (integration, tenant), counted over a sliding window
-- across every process we run. Each row is one request slot. A slot occupies the window from the
-- moment it is taken until `window` after the request *finished*: the server may have received the
-- request at any instant in between, so this is the only bookkeeping that provably stays under the
-- ceiling whatever the network or event-loop delays (see src/fortnox/rate-limiter.ts).
CREATE TABLE fortnox_rate_slots (
  id         bigserial PRIMARY KEY,
  tenant_id  text NOT NULL,
  taken_at   timestamptz NOT NULL,
  done_at    timestamptz               -- null while the request is in flight
);
CREATE INDEX fortnox_rate_slots_tenant_idx ON fortnox_rate_slots (tenant_id, taken_at);

-- Takes a slot for `p_tenant` or says how long to wait for one, in one round trip. The per-tenant
-- transaction-level advisory lock serialises takers across processes; plpgsql reads a fresh
-- snapshot per statement, so the count below sees every slot committed before the lock was granted.
-- Times come from the database clock (clock_timestamp), so dynos with skewed clocks agree.
CREATE FUNCTION fortnox_take_rate_slot(p_tenant text, p_limit integer, p_window_ms integer, p_max_flight_ms integer)
RETURNS TABLE (slot_id bigint, wait_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_now     timestamptz;
  v_window  interval := make_interval(secs => p_window_ms / 1000.0);
  v_flight  interval := make_interval(secs => p_max_flight_ms / 1000.0);
  v_used    integer;
  v_free_at timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('fortnox_rate:' || p_tenant, 0));
  v_now := clock_timestamp();
  -- Expired slots go, which keeps the table at most `limit` rows per tenant. A slot whose process
  -- died in flight is given up after p_max_flight_ms (the client's request timeout).
  DELETE FROM fortnox_rate_slots s
   WHERE s.tenant_id = p_tenant
     AND coalesce(s.done_at, s.taken_at + v_flight) + v_window <= v_now;
  -- An in-flight slot frees `window` after it finishes, so no earlier than now + window.
  SELECT count(*), min(coalesce(s.done_at + v_window, v_now + v_window))
    INTO v_used, v_free_at
    FROM fortnox_rate_slots s
   WHERE s.tenant_id = p_tenant;
  IF v_used < p_limit THEN
    INSERT INTO fortnox_rate_slots (tenant_id, taken_at) VALUES (p_tenant, v_now) RETURNING id INTO slot_id;
    wait_ms := 0;
  ELSE
    slot_id := NULL;
    wait_ms := greatest(1, ceil(extract(epoch FROM v_free_at - v_now) * 1000))::integer;
  END IF;
  RETURN NEXT;
END;
$$;

-- Down Migration
DROP FUNCTION fortnox_take_rate_slot(text, integer, integer, integer);
DROP TABLE fortnox_rate_slots;
