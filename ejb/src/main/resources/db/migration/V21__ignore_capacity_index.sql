-- The stranded-task sweep finds the waiting tasks that ignore their worker's capacity (TaskRouter's
-- IgnoreCapacity, only for a task routed to a known worker) by that worker. On PostgreSQL the index
-- holds those tasks only, so the rest of the task writes do not maintain it
-- (${ignoringCapacityOnly} is a WHERE clause there and empty on H2, which has no partial indexes).
create index task_ignore_capacity_idx on task (routing_target) ${ignoringCapacityOnly};
