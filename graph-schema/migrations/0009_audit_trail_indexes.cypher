// Audit trail reads: newest first by chain sequence (a page walks the seq index in order and stops
// after its events), or by target or actor (name or id: an index seek, then sort the few events found).
CREATE INDEX auditevent_seq IF NOT EXISTS FOR (n:AuditEvent) ON (n.seq);
CREATE INDEX auditevent_target IF NOT EXISTS FOR (n:AuditEvent) ON (n.targetId);
CREATE INDEX auditevent_actor IF NOT EXISTS FOR (n:AuditEvent) ON (n.actorName);
CREATE INDEX auditevent_actor_id IF NOT EXISTS FOR (n:AuditEvent) ON (n.actorId);
