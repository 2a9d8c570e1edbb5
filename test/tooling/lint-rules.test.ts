import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The architecture's import and environment rules are Biome rules (biome.jsonc). Each case below is a file
 * written at a path of a scratch project that holds only a copy of biome.jsonc, linted with that config, so a
 * change to the config that silently drops a rule fails here. `npm run lint` is `biome check .`.
 */

const ROOT = join(__dirname, "../..");
const BIOME = join(ROOT, "node_modules/.bin/biome");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "binarygate-lint-"));
  copyFileSync(join(ROOT, "biome.jsonc"), join(dir, "biome.jsonc"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, source: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), `${source}\n`);
}

/** The lint rules that fire on one file, by category (e.g. "lint/style/noRestrictedImports"). */
function rulesFiredOn(path: string, source: string): string[] {
  write(path, source);
  const r = spawnSync(BIOME, ["lint", "--vcs-enabled=false", "--reporter=json", path], { cwd: dir, encoding: "utf8" });
  const report = JSON.parse(r.stdout) as { diagnostics: { category: string }[] };
  return report.diagnostics.map((d) => d.category);
}

const RESTRICTED = "lint/style/noRestrictedImports";
const ENV = "lint/style/noProcessEnv";
const SDK = 'import { APIGatewayClient } from "@aws-sdk/client-api-gateway";\nexport const c = APIGatewayClient;';

describe("npm run lint fails on a boundary violation", () => {
  it("importing @aws-sdk/client-api-gateway from components/ makes `biome check` exit non-zero", () => {
    write("components/stages/leak.tsx", SDK);
    const r = spawnSync(BIOME, ["check", "--vcs-enabled=false", "components/stages/leak.tsx"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain("@aws-sdk/* is imported only in lib/aws/** and tests");
  });
});

describe("@aws-sdk/* only in lib/aws/** and tests", () => {
  it.each([
    "components/x/leak.tsx",
    "components/stages/redeploy-form.tsx",
    "lib/emulator/leak.ts",
    "lib/binary/leak.ts",
    "app/x/page.tsx",
    "proxy.ts",
    "scripts/leak.ts",
  ])("refused in %s", (path) => expect(rulesFiredOn(path, SDK)).toContain(RESTRICTED));
  it.each(["lib/aws/apigateway.ts", "test/aws/x.test.ts", "lib/aws/x.test.ts", "e2e/x.spec.ts"])(
    "allowed in %s",
    (path) => {
      expect(rulesFiredOn(path, SDK)).not.toContain(RESTRICTED);
    },
  );
});

describe("@smithy/* (the SDK's signer) only in lib/aws/** and tests", () => {
  const SIGNER = 'import { SignatureV4 } from "@smithy/signature-v4";\nexport const s = SignatureV4;';
  it.each(["lib/preview/x.ts", "components/x/y.tsx", "app/api/x/route.ts"])("refused in %s", (path) => {
    expect(rulesFiredOn(path, SIGNER)).toContain(RESTRICTED);
  });
  it("allowed in lib/aws/sign.ts", () => expect(rulesFiredOn("lib/aws/sign.ts", SIGNER)).not.toContain(RESTRICTED));
});

describe("nothing under lib/ or components/ imports app/", () => {
  it.each([
    ["components/x/form.tsx", "@/app/apis/[apiId]/actions"],
    ["components/x/form.tsx", "../../app/page"],
    ["lib/aws/x.ts", "@/app/page"],
    ["lib/emulator/x.ts", "@/app/page"],
  ])("refused: %s importing %s", (path, from) => {
    expect(rulesFiredOn(path, `import { a } from "${from}";\nexport const c = a;`)).toContain(RESTRICTED);
  });
  it("allowed from app/ itself", () => {
    expect(
      rulesFiredOn("app/x/page.tsx", 'import { a } from "@/app/apis/[apiId]/actions";\nexport const c = a;'),
    ).toEqual([]);
  });
});

describe("lib/binary imports only itself", () => {
  it.each(["node:fs", "zod", "../aws/inputs", "@/lib/aws/inputs", "@/lib/binary/accept"])("refused: %s", (from) => {
    expect(rulesFiredOn("lib/binary/x.ts", `import { a } from "${from}";\nexport const c = a;`)).toContain(RESTRICTED);
  });
  it("refused as a re-export too", () => {
    expect(rulesFiredOn("lib/binary/x.ts", 'export { a } from "../aws/inputs";')).toContain(RESTRICTED);
  });
  it("its own files are allowed", () => {
    expect(rulesFiredOn("lib/binary/x.ts", 'import { a } from "./accept";\nexport const c = a;')).toEqual([]);
  });
});

describe("process.env only in the config modules and scripts/", () => {
  const READ = "export const c = process.env.FOO;";
  it.each([
    "lib/aws/x.ts",
    "lib/emulator/dataplane/x.ts",
    "lib/binary/x.ts",
    "components/x.tsx",
    "app/page.tsx",
    "proxy.ts",
  ])("refused in %s", (path) => expect(rulesFiredOn(path, READ)).toContain(ENV));
  it.each(["lib/config.ts", "lib/emulator/config.ts", "scripts/x.ts", "test/x.test.ts"])("allowed in %s", (path) => {
    expect(rulesFiredOn(path, READ)).not.toContain(ENV);
  });
});

describe("no function over 120 lines outside tests", () => {
  const body = (n: number) => `export function f() {\n${"  console.log(1);\n".repeat(n)}}`;
  it("a 121-line function in lib/ is an error; 120 lines pass", () => {
    expect(rulesFiredOn("lib/x/long.ts", body(121))).toContain("lint/complexity/noExcessiveLinesPerFunction");
    expect(rulesFiredOn("lib/x/ok.ts", body(120))).not.toContain("lint/complexity/noExcessiveLinesPerFunction");
  });
  it("tests are exempt", () => {
    expect(rulesFiredOn("test/x/long.test.ts", body(200))).not.toContain("lint/complexity/noExcessiveLinesPerFunction");
  });
});
