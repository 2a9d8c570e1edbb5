import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { getTargetInfo } from "@/lib/aws";
import { getConfig } from "@/lib/config";
import "./globals.css";

// The header reflects the runtime environment (target, region), never the build machine's.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "BinaryGate",
  description: "API Gateway binary media types, stages and previews",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const config = getConfig();
  const target = getTargetInfo();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className={
            "sr-only rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:absolute " +
            "focus:top-2 focus:left-2 focus:z-50 dark:bg-sky-600 dark:text-slate-950"
          }
        >
          Skip to content
        </a>
        <SiteHeader
          targetLabel={target.label}
          region={target.region}
          account={target.account}
          endpoint={target.endpoint}
          readOnly={config.readOnly}
        />
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
          {children}
        </main>
      </body>
    </html>
  );
}
