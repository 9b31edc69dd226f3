# syntax=docker/dockerfile:1
# One image recipe for the Node processes; pick one with --target api | worker | bot.
#   docker build -f docker/node.Dockerfile --target api -t huoban-api .
ARG NODE_IMAGE=node:26-bookworm-slim

# ---- every dependency (dev included), for compiling ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# Toolchain only for a native module that ships no prebuilt binary for this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY contracts/package.json contracts/
COPY core/package.json core/
COPY api/package.json api/
COPY worker/package.json worker/
COPY bot/package.json bot/
COPY miniapp/package.json miniapp/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund

# ---- compile core, api, worker, bot ----
FROM deps AS build
COPY tsconfig.base.json ./
# the api's generated types (types only: the bot imports them with `import type`)
COPY contracts contracts
COPY core core
COPY api api
COPY worker worker
COPY bot bot
RUN npx tsc -b core api worker bot

# ---- production dependencies of the four Node workspaces only ----
FROM deps AS prod-deps
RUN rm -rf node_modules */node_modules \
 && npm ci --omit=dev --no-audit --no-fund \
      --workspace=core --workspace=api --workspace=worker --workspace=bot

# ---- shared runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production TZ=UTC
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /app/core/dist core/dist
COPY --from=build /app/api/dist api/dist
COPY --from=build /app/worker/dist worker/dist
COPY --from=build /app/bot/dist bot/dist
USER node

FROM runtime AS api
ENV PORT=3000 HUOBAN_API_HOST=0.0.0.0
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=4 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "api/dist/main.js"]

FROM runtime AS worker
CMD ["node", "worker/dist/main.js"]

FROM runtime AS bot
# wechaty keeps its login session (<name>.memory-card.json) in the working directory: a volume in compose.
USER root
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /data
CMD ["node", "/app/bot/dist/main.js"]
