# Debian's pgbouncer, the package `npm run scale-out -- --observe` runs, for docker-compose's `pgbouncer`
# service; its configuration is deploy/pgbouncer.ini, mounted at /etc/pgbouncer/pgbouncer.ini.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends pgbouncer \
 && rm -rf /var/lib/apt/lists/*
# PgBouncer refuses to run as root; the package's postgresql-common made the `postgres` user.
USER postgres
EXPOSE 6432
CMD ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]
