import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Next 16 writes AGENTS.md when it detects a coding agent (toolchain.md G7).
  agentRules: false,
  poweredByHeader: false,
  // The emulator runs user Lambda code in child processes; keep it out of the dashboard bundle.
  serverExternalPackages: ["@aws-sdk/client-api-gateway", "@aws-sdk/client-lambda"],
};

export default nextConfig;
