-- jobs schema version 6 for MariaDB 10.6+ (and MySQL 8.0+): the claim under limits, by kind. Placeholders:
-- ${schema} (the database) and ${prefix}.

-- Available jobs of one queue by kind, in claim order. When a kind is at its limit, a claim under limits
-- finds the queue's other kinds by a skip scan of this index and reads each one's head, instead of
-- walking the held kind's backlog in the claim index: its cost no longer grows with the jobs held back.
CREATE INDEX ${prefix}jobs_claim_kind_idx ON ${schema}.${prefix}jobs (state, queue, kind, negated_priority, scheduled_at, id);
