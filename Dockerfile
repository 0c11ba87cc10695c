# The mp-recon image the compose file runs: one image, one command per service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
# npm ci also compiles the TypeScript (the prepare script), so every process starts on the compiled CLI.
RUN npm ci --no-audit --no-fund && npm cache clean --force
ENV NODE_ENV=production
ENTRYPOINT ["node", "bin/mp-recon.js"]
