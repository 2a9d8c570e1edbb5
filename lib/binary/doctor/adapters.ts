/**
 * Framework adapters keep their own binary list, a second list to keep in sync with the API's
 * (docs/real-world-failures.md §docs/aws-binary-rules.md P5). Given a function package's files (path → text; the zip is
 * read elsewhere, nothing here is executed), find the adapter, its version, whether the handler source sets the
 * adapter's setting for the media type at issue (a best-effort static reading), and the exact setting to change.
 */
import { contentTypeKey } from "../accept";
import type { DoctorFinding } from "./types";

/** The adapters the doctor knows. */
export type AdapterId =
  | "serverless-http"
  | "serverless-express"
  | "mangum"
  | "powertools-python"
  | "powertools-typescript"
  | "zappa"
  | "bref"
  | "chalice"
  | "lambda-web-adapter";

/** What the package says about one adapter. */
export interface AdapterReport {
  id: AdapterId;
  /** The package name as its registry spells it. */
  name: string;
  /** Installed version (a lock file or installed metadata) or the manifest's range; null when unknown. */
  version: string | null;
  /** The file the adapter was found in. */
  foundIn: string;
  /** "yes": the type is handled as it must be; "no": it is not; "unknown": the source does not say statically. */
  handlesType: "yes" | "no" | "unknown";
  /** What was read (or assumed as the adapter's default). */
  evidence: string;
  /** The exact setting that decides it, with the value the type needs. */
  setting: string;
}

/** Input: the package's files, the response media type at issue, and the function's environment variables. */
export interface AdapterInput {
  files: Readonly<Record<string, string>>;
  mediaType: string;
  environment?: Readonly<Record<string, string>>;
}

const SOURCE_RE = /\.(m?[jt]s|cjs|py|php)$/;
const quoted = (s: string) => [...s.matchAll(/["'`]([^"'`]+)["'`]/g)].map((m) => m[1]);

/** Whether `type` is text the way most adapters decide it (text/*, JSON, JavaScript, XML, YAML, +json/+xml). */
export function isTextMediaType(type: string): boolean {
  const t = contentTypeKey(type) ?? "";
  return (
    t.startsWith("text/") ||
    /^application\/(json|javascript|xml|yaml|x-yaml|x-ndjson|ndjson|x-www-form-urlencoded)$/.test(t) ||
    /\+(json|xml|yaml)$/.test(t)
  );
}

/** serverless-http / serverless-express matching: `*` is any run of characters (type-is style), exact otherwise. */
function listMatches(list: readonly string[], type: string): boolean {
  const t = contentTypeKey(type) ?? "";
  return list.some((e) => {
    const re = new RegExp(
      `^${e
        .trim()
        .toLowerCase()
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")}$`,
    );
    return re.test(t);
  });
}

/** A dependency's version: installed metadata first, then lock files, then the manifest's range. */
function nodeVersion(files: AdapterInput["files"], pkg: string): { version: string | null; foundIn: string } | null {
  for (const [path, text] of Object.entries(files)) {
    if (path === `node_modules/${pkg}/package.json` || path.endsWith(`/node_modules/${pkg}/package.json`)) {
      const v = safeJson(text)?.version;
      return { version: typeof v === "string" ? v : null, foundIn: path };
    }
  }
  for (const [path, text] of Object.entries(files)) {
    if (!/(^|\/)package\.json$/.test(path) || path.includes("node_modules/")) continue;
    const j = safeJson(text);
    const deps = { ...(j?.devDependencies as object), ...(j?.dependencies as object) } as Record<string, unknown>;
    if (typeof deps[pkg] === "string") return { version: deps[pkg] as string, foundIn: path };
  }
  return null;
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A Python distribution's version from installed dist-info, requirements.txt, pyproject.toml or Pipfile. */
function pythonVersion(files: AdapterInput["files"], dist: string): { version: string | null; foundIn: string } | null {
  const norm = dist.toLowerCase().replace(/[-_.]+/g, "[-_.]");
  const distInfo = new RegExp(`(^|/)${norm}-([^/]+?)\\.dist-info/`, "i");
  for (const path of Object.keys(files)) {
    const m = distInfo.exec(path);
    if (m) return { version: m[2], foundIn: path.slice(0, path.indexOf(".dist-info/") + 10) };
  }
  const line = new RegExp(
    `^\\s*["']?${norm}(\\[[^\\]]*\\])?\\s*(?:["']?\\s*=\\s*["']([^"'\\n]*)["']|([<>=!~]=?[^;#"'\\n]*))?`,
    "im",
  );
  for (const [path, text] of Object.entries(files)) {
    if (!/(^|\/)(requirements[^/]*\.txt|pyproject\.toml|Pipfile)$/.test(path)) continue;
    for (const raw of text.split("\n")) {
      // pyproject's dependencies are quoted PEP 508 strings: "mangum>=0.17",
      const entry = /^\s*["']/.test(raw) ? raw.replace(/^\s*["']/, "").replace(/["'],?\s*$/, "") : raw;
      const m = line.exec(entry);
      if (m) return { version: (m[2] ?? m[3] ?? "").trim() || null, foundIn: path };
    }
  }
  return null;
}

function sourcesImporting(files: AdapterInput["files"], re: RegExp): [string, string][] {
  return Object.entries(files).filter(([p, t]) => SOURCE_RE.test(p) && !p.includes("node_modules/") && re.test(t));
}

/**
 * Detects the adapters a package uses and reads each one's binary setting for `mediaType`
 * (docs/real-world-failures.md §P5).
 */
export function detectAdapters(input: AdapterInput): AdapterReport[] {
  const out: AdapterReport[] = [];
  for (const probe of PROBES) {
    const r = probe(input);
    if (r) out.push(r);
  }
  return out;
}

type Probe = (input: AdapterInput) => AdapterReport | null;

const serverlessHttp: Probe = ({ files, mediaType, environment }) => {
  const srcs = sourcesImporting(files, /(require\(|from\s+)["']serverless-http["']/);
  const found = nodeVersion(files, "serverless-http");
  if (!found && srcs.length === 0) return null;
  const setting = `serverless(app, { binary: ["${contentTypeKey(mediaType)}"] })`;
  const base = { id: "serverless-http", name: "serverless-http", version: found?.version ?? null } as const;
  const foundIn = found?.foundIn ?? srcs[0][0];
  for (const [path, text] of srcs) {
    const m = /\bbinary\s*:\s*(\[[^\]]*\]|true|false|[^,}\s]+)/.exec(text);
    if (!m) continue;
    if (m[1] === "true" || m[1] === "false") {
      const yes = m[1] === "true";
      return { ...base, foundIn, handlesType: yes ? "yes" : "no", evidence: `${path}: binary: ${m[1]}`, setting };
    }
    if (!m[1].startsWith("[")) {
      return {
        ...base,
        foundIn,
        handlesType: "unknown",
        evidence: `${path}: binary: ${m[1]} (not a literal)`,
        setting,
      };
    }
    const list = quoted(m[1]);
    const yes = listMatches(list, mediaType);
    return {
      ...base,
      foundIn,
      handlesType: yes ? "yes" : "no",
      evidence: `${path}: binary: ${JSON.stringify(list)}`,
      setting,
    };
  }
  const env = environment?.BINARY_CONTENT_TYPES;
  if (env !== undefined) {
    const list = env.split(",").map((s) => s.trim());
    const yes = listMatches(list, mediaType);
    return { ...base, foundIn, handlesType: yes ? "yes" : "no", evidence: `BINARY_CONTENT_TYPES=${env}`, setting };
  }
  return {
    ...base,
    foundIn,
    handlesType: "no",
    evidence: "no binary option: every body is sent as UTF-8 text",
    setting,
  };
};

const EXPRESS_PACKAGES = ["@codegenie/serverless-express", "@vendia/serverless-express", "aws-serverless-express"];

const serverlessExpress: Probe = ({ files, mediaType }) => {
  for (const pkg of EXPRESS_PACKAGES) {
    const esc = pkg.replace(/[/@.-]/g, "\\$&");
    const srcs = sourcesImporting(files, new RegExp(`(require\\(|from\\s+)["']${esc}["']`));
    const found = nodeVersion(files, pkg);
    if (!found && srcs.length === 0) continue;
    const v3 = pkg === "aws-serverless-express";
    const type = contentTypeKey(mediaType);
    const setting = v3
      ? `awsServerlessExpress.createServer(app, null, ["${type}"]) (binaryMimeTypes)`
      : `serverlessExpress({ app, binarySettings: { contentTypes: ["${type}"] } })`;
    const base = { id: "serverless-express", name: pkg, version: found?.version ?? null } as const;
    const foundIn = found?.foundIn ?? srcs[0][0];
    for (const [path, text] of srcs) {
      if (/\bisBinary\s*:/.test(text)) {
        return { ...base, foundIn, handlesType: "unknown", evidence: `${path}: binarySettings.isBinary`, setting };
      }
      const m = /\b(contentTypes|binaryMimeTypes)\s*[:=]\s*(\[[^\]]*\])/.exec(text);
      if (m) {
        const list = quoted(m[2]);
        const yes = listMatches(list, mediaType);
        return {
          ...base,
          foundIn,
          handlesType: yes ? "yes" : "no",
          evidence: `${path}: ${m[1]}: ${JSON.stringify(list)}`,
          setting,
        };
      }
    }
    // v4+ defaults to image/* (and gzip/deflate/br encodings); v3 lists nothing by default.
    const yes = !v3 && listMatches(["image/*"], mediaType);
    const evidence = v3 ? "no binaryMimeTypes: nothing is binary" : 'no binarySettings: the default is ["image/*"]';
    return { ...base, foundIn, handlesType: yes ? "yes" : "no", evidence, setting };
  }
  return null;
};

// Mangum's default text types (the HTTP page of Mangum's documentation); a body is text when its Content-Type contains one.
const MANGUM_TEXT = [
  "text/",
  "application/json",
  "application/javascript",
  "application/xml",
  "application/vnd.api+json",
];

const mangum: Probe = ({ files, mediaType }) => {
  const srcs = sourcesImporting(files, /(from\s+mangum\s+import|import\s+mangum)/);
  const found = pythonVersion(files, "mangum");
  if (!found && srcs.length === 0) return null;
  const type = contentTypeKey(mediaType) ?? "";
  const wantText = isTextMediaType(type);
  let list = MANGUM_TEXT;
  let evidence = `no text_mime_types: the defaults ${JSON.stringify(MANGUM_TEXT)}`;
  for (const [path, text] of srcs) {
    const m = /\btext_mime_types\s*=\s*(\[[^\]]*\])/.exec(text);
    if (m) {
      list = quoted(m[1]);
      evidence = `${path}: text_mime_types=${JSON.stringify(list)}`;
      break;
    }
  }
  const asText = list.some((t) => type.includes(t.toLowerCase()));
  const setting = wantText
    ? `Mangum(app, text_mime_types=[..., "${type}"]) so it is sent as text`
    : `Mangum(app, text_mime_types=[...]) without any entry matching "${type}", so it is base64-encoded`;
  return {
    id: "mangum",
    name: "mangum",
    version: found?.version ?? null,
    foundIn: found?.foundIn ?? srcs[0][0],
    handlesType: asText === wantText ? "yes" : "no",
    evidence,
    setting,
  };
};

const CHALICE_DEFAULT = [
  "application/octet-stream",
  "application/x-tar",
  "application/zip",
  "audio/basic",
  "audio/ogg",
  "audio/mp4",
  "audio/mpeg",
  "audio/wav",
  "audio/webm",
  "image/png",
  "image/jpg",
  "image/jpeg",
  "image/gif",
  "video/ogg",
  "video/mpeg",
  "video/webm",
];

const chalice: Probe = ({ files, mediaType }) => {
  const srcs = sourcesImporting(files, /from\s+chalice\s+import/);
  const found = pythonVersion(files, "chalice");
  if (!found && srcs.length === 0) return null;
  const type = contentTypeKey(mediaType) ?? "";
  let list = [...CHALICE_DEFAULT];
  let evidence = "app.api.binary_types left at Chalice's defaults";
  for (const [path, text] of srcs) {
    const set = /\.api\.binary_types\s*=\s*(\[[^\]]*\])/.exec(text);
    if (set) list = quoted(set[1]);
    for (const m of text.matchAll(/\.api\.binary_types\.(append|extend)\(([^)]*)\)/g)) list.push(...quoted(m[2]));
    if (set || /\.api\.binary_types\./.test(text)) evidence = `${path}: app.api.binary_types = ${JSON.stringify(list)}`;
  }
  const yes = list.map((t) => t.toLowerCase()).includes(type);
  return {
    id: "chalice",
    name: "chalice",
    version: found?.version ?? null,
    foundIn: found?.foundIn ?? srcs[0][0],
    handlesType: yes ? "yes" : "no",
    evidence,
    setting: `app.api.binary_types.append("${type}") (Chalice also needs the client's Accept to match it)`,
  };
};

const zappa: Probe = ({ files }) => {
  const found = pythonVersion(files, "zappa");
  const settings = Object.entries(files).find(([p]) => /(^|\/)zappa_settings\.(py|json|ya?ml|toml)$/.test(p));
  if (!found && !settings) return null;
  let handlesType: AdapterReport["handlesType"] = "yes";
  let evidence = "binary_support not set: Zappa's default is true";
  if (settings) {
    const m = /(BINARY_SUPPORT\s*=\s*|["']?binary_support["']?\s*[:=]\s*)(True|False|true|false)/.exec(settings[1]);
    if (m) {
      handlesType = /true/i.test(m[2]) ? "yes" : "no";
      evidence = `${settings[0]}: ${m[0].trim()}`;
    }
  }
  return {
    id: "zappa",
    name: "zappa",
    version: found?.version ?? null,
    foundIn: found?.foundIn ?? settings?.[0] ?? "",
    handlesType,
    evidence,
    setting: '"binary_support": true in zappa_settings.json (the default), then zappa update',
  };
};

const bref: Probe = ({ files, environment }) => {
  let version: string | null = null;
  let foundIn: string | null = null;
  for (const [path, text] of Object.entries(files)) {
    if (/(^|\/)composer\.lock$/.test(path)) {
      const pkgs = safeJson(text)?.packages;
      const b = Array.isArray(pkgs) ? pkgs.find((p) => p?.name === "bref/bref") : undefined;
      if (b) return brefReport(files, environment, typeof b.version === "string" ? b.version : null, path);
    }
    if (/(^|\/)composer\.json$/.test(path) && !path.includes("vendor/")) {
      const req = safeJson(text)?.require as Record<string, unknown> | undefined;
      if (req && typeof req["bref/bref"] === "string") {
        version = req["bref/bref"] as string;
        foundIn = path;
      }
    }
  }
  return foundIn ? brefReport(files, environment, version, foundIn) : null;
};

function brefReport(
  files: AdapterInput["files"],
  environment: AdapterInput["environment"],
  version: string | null,
  foundIn: string,
): AdapterReport {
  const env = environment?.BREF_BINARY_RESPONSES;
  const yml = Object.entries(files).find(
    ([p, t]) => /(^|\/)serverless\.ya?ml$/.test(p) && /BREF_BINARY_RESPONSES/.test(t),
  );
  const ymlValue = yml ? /BREF_BINARY_RESPONSES["']?\s*:\s*["']?([^"'\s#]+)/.exec(yml[1])?.[1] : undefined;
  const value = env ?? ymlValue;
  return {
    id: "bref",
    name: "bref/bref",
    version,
    foundIn,
    handlesType: value === "1" || value === "true" ? "yes" : "no",
    evidence: value === undefined ? "BREF_BINARY_RESPONSES is not set" : `BREF_BINARY_RESPONSES=${value}`,
    setting: "environment variable BREF_BINARY_RESPONSES=1 on the function (and `*/*` in the API's binary media types)",
  };
}

const powertools: Probe = ({ files }) => {
  const py = pythonVersion(files, "aws-lambda-powertools");
  const pySrc = sourcesImporting(files, /from\s+aws_lambda_powertools\.event_handler\s+import/);
  if (py || pySrc.length > 0) {
    return {
      id: "powertools-python",
      name: "aws-lambda-powertools",
      version: py?.version ?? null,
      foundIn: py?.foundIn ?? pySrc[0][0],
      handlesType: "unknown",
      evidence: "the event handler base64-encodes a Response whose body is bytes; a str body is sent as text",
      setting: "return Response(status_code=200, content_type=..., body=<bytes>), not a str or a decoded string",
    };
  }
  const ts = nodeVersion(files, "@aws-lambda-powertools/event-handler");
  if (!ts) return null;
  return {
    id: "powertools-typescript",
    name: "@aws-lambda-powertools/event-handler",
    version: ts.version,
    foundIn: ts.foundIn,
    handlesType: "unknown",
    evidence: "binary Web Response bodies were UTF-8-decoded before aws-powertools/powertools-lambda-typescript#5700",
    setting:
      "a release with aws-powertools/powertools-lambda-typescript#5700 (2026-09), returning a Response with bytes",
  };
};

const webAdapter: Probe = ({ files, environment }) => {
  const env = environment ?? {};
  const envHit =
    Object.keys(env).find((k) => k.startsWith("AWS_LWA_")) ??
    (env.AWS_LAMBDA_EXEC_WRAPPER === "/opt/bootstrap" ? "AWS_LAMBDA_EXEC_WRAPPER" : undefined);
  const docker = Object.entries(files).find(
    ([p, t]) => /(^|\/)Dockerfile[^/]*$/.test(p) && /aws-lambda-adapter/.test(t),
  );
  if (!envHit && !docker) return null;
  const version = docker ? (/aws-lambda-adapter:([\w.-]+)/.exec(docker[1])?.[1] ?? null) : null;
  return {
    id: "lambda-web-adapter",
    name: "aws-lambda-web-adapter",
    version,
    foundIn: docker?.[0] ?? `environment ${envHit}`,
    handlesType: "yes",
    evidence: "it base64-encodes by Content-Type and Content-Encoding (lambda_http); there is no list to edit",
    setting: "none: make the app send the right Content-Type (non-text types are base64-encoded)",
  };
};

const PROBES: Probe[] = [serverlessHttp, serverlessExpress, mangum, powertools, zappa, bref, chalice, webAdapter];

/** The adapter layer's findings: one per adapter found, or "no adapter found" (docs/real-world-failures.md §P5). */
export function checkAdapters(input: AdapterInput): DoctorFinding[] {
  const found = detectAdapters(input);
  const type = contentTypeKey(input.mediaType) ?? input.mediaType;
  if (found.length === 0) {
    return [
      {
        id: "adapter.none",
        layer: "adapter",
        status: "passed",
        cause: "No framework adapter found: the handler's own result decides isBase64Encoded.",
      },
    ];
  }
  return found.map((a) => {
    const who = `${a.name}${a.version ? ` ${a.version}` : ""} (${a.foundIn})`;
    const id = `adapter.${a.id}`;
    if (a.handlesType === "yes") {
      return { id, layer: "adapter", status: "passed", cause: `${who} handles ${type} correctly: ${a.evidence}.` };
    }
    if (a.handlesType === "unknown") {
      return {
        id,
        layer: "adapter",
        status: "not-checked",
        cause: `${who} is in use; its handling of ${type} cannot be read statically: ${a.evidence}.`,
        fix: a.setting,
      };
    }
    return {
      id,
      layer: "adapter",
      status: "failed",
      cause: `${who} does not handle ${type} as ${isTextMediaType(type) ? "text" : "binary"}: ${a.evidence}.`,
      fix: a.setting,
    };
  });
}
