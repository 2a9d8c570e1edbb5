import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Next 16 writes AGENTS.md when it detects a coding agent (docs/development.md G7).
  agentRules: false,
  poweredByHeader: false,
  // A separate build dir lets two e2e runs (or a build and a running server) coexist on one machine.
  distDir: process.env.BINARYGATE_DIST_DIR || ".next",
  // The emulator runs user Lambda code in child processes; keep it out of the dashboard bundle.
  serverExternalPackages: ["@aws-sdk/client-api-gateway", "@aws-sdk/client-lambda"],
};

export default nextConfig;
