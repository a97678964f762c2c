# syntax=docker/dockerfile:1
# imagebump: build with `docker build -t imagebump .`; run as in examples/kubernetes/.
# Pin NODE_IMAGE by digest for releases (node:20-alpine@sha256:…): the tag moves with security fixes.
ARG NODE_IMAGE=node:20-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: nothing the build needs runs one, and it keeps the build hermetic.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# git for the environment repository (ssh for ssh:// remotes), CA roots for HTTPS registries and
# forges, tini as PID 1 so SIGTERM reaches node and zombies of git children are reaped.
RUN apk add --no-cache git openssh-client ca-certificates tini \
 && addgroup -S -g 10001 imagebump \
 && adduser -S -D -H -u 10001 -G imagebump -h /tmp -s /sbin/nologin imagebump
WORKDIR /app
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
# The root filesystem can be read-only: HOME and temp files live in /tmp, clones in the config's
# `workdir`; mount an emptyDir at each.
ENV NODE_ENV=production \
    HOME=/tmp \
    TMPDIR=/tmp
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/sbin/tini", "--", "node", "/app/dist/cli.js"]
CMD ["run", "--config", "/etc/imagebump/imagebump.yaml"]
