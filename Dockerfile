# The contact-center server. Runs TypeScript directly through tsx, like `npm start`;
# applies pending database migrations itself on start.
#   docker build -t contact-center .
#   APP_SECRET=$(openssl rand -base64 32) docker compose up -d    (see docker-compose.yml)
FROM node:20-bookworm-slim

# Prisma's CLI (migrate deploy, run on every start) looks for OpenSSL to pick its platform;
# ca-certificates for any TLS connection to PostgreSQL or Redis.
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl ca-certificates \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. `npm ci` runs the
# postinstall script, `prisma generate`, which needs the schema and prisma.config.ts;
# the config imports src/infra/pg-connection.ts, so that file comes along too.
# DATABASE_URL is deliberately not set at build time: generate does not connect, and
# prisma.config.ts falls back to a placeholder URL when it is unset.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY src/infra/pg-connection.ts ./src/infra/pg-connection.ts
# tsx and prisma are runtime dependencies; compilers, linters and test tools are not needed.
RUN npm ci --omit=dev && npm cache clean --force

COPY . .
# The website widget (/widget.js) and the agent console (/); `npm start` builds both in its prestart step.
RUN npm run build:widget && npm run build:console

# DATA_DIR holds the generated app secret when APP_SECRET is unset (and the embedded
# database when DATABASE_URL is unset). The server runs as the unprivileged node user.
RUN mkdir -p /app/data && chown node:node /app/data
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
USER node
EXPOSE 3000

HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# package.json "start" is `tsx src/main.ts`. Called directly, not through npm, so SIGTERM
# from `docker stop` reaches tsx, which relays it to the server for a graceful shutdown.
CMD ["node_modules/.bin/tsx", "src/main.ts"]
