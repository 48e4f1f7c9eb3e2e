# One image for every Node process of the hub; docker-compose.yml picks the entry point per service.
# Stage 1 builds the portal (ui/, Vite) with the dev dependencies; the runtime image takes only ui/dist.
FROM node:20-bookworm-slim AS portal
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY ui/package.json ui/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsx scripts/portal-build.ts

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY ui/package.json ui/
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
COPY --from=portal /app/ui/dist ui/dist
ENV NODE_ENV=production
USER node
EXPOSE 4000 4001
CMD ["npx", "tsx", "gateway/server.ts"]
