-- The firings API lists one tenant's firings at a time (the tenant of the request's API key), newest
-- first. Versioned 6.9 so that it does not clash with other issue-6 migrations.
CREATE INDEX alert_firing_tenant ON alert_firing (tenant, fired_at);
