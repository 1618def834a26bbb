# The storefront's image, used by docker-compose.yml. CI has no Docker engine and does not build it.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY --from=build /app ./
EXPOSE 3000
# Every replica runs the migrations at start; an advisory lock makes the first one apply them once.
CMD ["sh", "-c", "npm run db:migrate && exec node_modules/.bin/next start"]
