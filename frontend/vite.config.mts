import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run dev` serves the site with hot reload and forwards /api to the API started by
// `make run` (or API_ORIGIN), so the session cookie stays same-origin.
const apiOrigin = process.env.API_ORIGIN ?? "http://127.0.0.1:5000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2020", sourcemap: false },
  server: { proxy: { "/api": { target: apiOrigin, changeOrigin: false } } },
  test: { include: ["src/**/*.test.ts", "src/**/*.test.tsx"], environment: "node" },
});
