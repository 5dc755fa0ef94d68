-- Rule ownership (issue 6): the fencing token of the lease under which a rule's state was last
-- written. A state transition carries its writer's token and is applied only when the token is
-- not older than this one; taking over a rule's slot raises it first, so an instance that lost
-- its lease (paused, partitioned) can no longer fire or resolve the rule.
ALTER TABLE alert_rule ADD COLUMN fence_token BIGINT NOT NULL DEFAULT 0;

-- The token of the lease under which a firing was recorded (NULL: recorded before V6_5).
ALTER TABLE alert_firing ADD COLUMN fence_token BIGINT NULL;
