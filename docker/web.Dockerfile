# syntax=docker/dockerfile:1
# The H5 build of the mini-program, served by nginx (which also proxies /api/ to the api container).
#   docker build -f docker/web.Dockerfile --build-arg TARO_APP_API=/api/v1 -t huoban-web .
ARG NODE_IMAGE=node:26-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY contracts/package.json contracts/
COPY core/package.json core/
COPY api/package.json api/
COPY worker/package.json worker/
COPY bot/package.json bot/
COPY miniapp/package.json miniapp/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund --workspace=miniapp --workspace=core --include-workspace-root
COPY tsconfig.base.json ./
COPY contracts contracts
# the mini-program imports core's browser-safe period module (@huoban/core/period) from core's build
COPY core core
RUN npx tsc -b core
COPY miniapp miniapp
# Base URL the browser calls. The default goes through this nginx (same origin, no CORS).
ARG TARO_APP_API=/api/v1
ENV TARO_APP_API=${TARO_APP_API}
RUN npm run build:h5 -w miniapp

FROM nginx:1.27-alpine AS web
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/miniapp/dist/h5 /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK --interval=15s --timeout=5s --retries=4 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
