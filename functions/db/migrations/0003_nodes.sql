-- The liveness sweep looks for online nodes silent past the keepalive: index just those.
CREATE INDEX nodes_online_last_contact ON nodes (last_contact_at) WHERE online;
