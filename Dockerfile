# dockward in a container. Build: docker build -t dockward .
# Run (see README, "Container image"): read-only root filesystem, no capabilities,
# non-root, and the engine socket mounted read-only for scan only.
FROM node:22-bookworm-slim AS build
# better-sqlite3 compiles when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json npm-shrinkwrap.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
COPY --from=build /src/package.json /src/npm-shrinkwrap.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/bundle ./dist/bundle
COPY --from=build /src/schema ./schema
# The image's own non-root user; the history database lives under its HOME unless --db says otherwise.
ENV XDG_STATE_HOME=/tmp/state NODE_ENV=production
USER node
ENTRYPOINT ["node", "/app/dist/bundle/main.js"]
CMD ["scan"]
