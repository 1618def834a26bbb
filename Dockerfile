# The storefront's image, used by docker-compose.yml. CI has no Docker engine and does not build it;
# tooling/dockerfile.test.ts reads this file and holds it to what the comments below say.

# Build: every dependency (TypeScript, Tailwind, the linters), then the production build.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# next build type-checks the project first: an image is never built from code that does not compile.
RUN npm run build

# Run: production dependencies only (tsx among them: the operator commands are TypeScript), the build, and
# the sources the server and those commands load at run time: lib/ (next.config.ts and its cache handlers
# read it), the migrations, and the entry points of `npm run db:migrate`, `npm run admin:create` and
# `npm start`'s environment check with the three tooling files they import. Nothing else of the repository:
# not the demo seed (so no container of this image can create the demo accounts), nor the tests, drills
# and benchmarks.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY next.config.ts tsconfig.json ./
COPY lib ./lib
COPY drizzle ./drizzle
COPY scripts/migrate.ts scripts/admin-create.ts scripts/check-env.ts ./scripts/
COPY tooling/cli.ts tooling/services.ts tooling/service-starters.ts ./tooling/
# The build belongs to the user the server runs as (Next.js keeps its own caches under .next); the code and
# the dependencies stay root's, read-only to the server.
COPY --from=build --chown=node:node /app/.next ./.next
USER node
EXPOSE 3000
# Every replica runs the migrations at start (an advisory lock makes the first one apply them once), then
# serves. Nothing here seeds: a deployment's first admin comes from `npm run admin:create`.
CMD ["sh", "-c", "npm run db:migrate && exec node_modules/.bin/next start"]
