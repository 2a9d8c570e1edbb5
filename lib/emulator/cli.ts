/**
 * `npm run emulator [-- flags]`: runs the embedded emulator in the foreground until SIGINT/SIGTERM.
 */
import { parseCliArgs } from "./config";
import { startEmulator } from "./index";
import { resetStateDir } from "./store";

const HELP = `BinaryGate emulator: API Gateway (REST APIs) and Lambda, AWS-wire-compatible, on loopback.

Usage: npm run emulator -- [options]

  --port <n>          port to listen on (0 = any free port)   env BINARYGATE_EMULATOR_PORT   default 4599
  --host <h>          address to bind                         env BINARYGATE_EMULATOR_HOST   default 127.0.0.1
                      (non-loopback needs BINARYGATE_EMULATOR_ALLOW_REMOTE=1)
  --state-dir <dir>   where state.json and code live          env BINARYGATE_EMULATOR_STATE_DIR default .binarygate/emulator
  --reset             delete the state directory before starting (discards all emulator data)
  --seed / --no-seed  create the demo APIs and functions      env BINARYGATE_EMULATOR_SEED   default off
  --access-key <k>    access key id clients must sign with    default test
  --secret-key <s>    secret key clients must sign with       default test
  --account <id>      12-digit account id in ARNs and errors  default 000000000000
  --allow-origin <o>  a browser origin (scheme://host[:port]) allowed to call the control planes and admin
                      endpoints; repeatable                   env BINARYGATE_EMULATOR_ALLOW_ORIGINS (comma-separated)
                      Without it, requests a browser sends from another site are refused (403).
  --allow-host <h>    a Host name accepted besides loopback names and {id}.execute-api.localhost (DNS rebinding);
                      repeatable                              env BINARYGATE_EMULATOR_ALLOW_HOSTS (comma-separated)
  -h, --help          this text

Admin endpoints (no signature; loopback peers only for the mutating ones): GET /_binarygate/health,
GET /_binarygate/metrics, POST|GET|DELETE /_binarygate/faults, POST /_binarygate/reset-demo (demo APIs back as
first seeded).

Replay the demo from scratch: npm run emulator -- --reset --seed   (or npm start -- --reset-demo)`;

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (options.help) {
    console.log(HELP);
    return;
  }
  const { config } = options;
  if (options.reset) {
    await resetStateDir(config.stateDir);
    console.log(`Deleted state directory ${config.stateDir} (--reset).`);
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(config);
  } catch (err) {
    console.error(`BinaryGate emulator failed to start: ${(err as Error).message}`);
    process.exit(1);
  }
  const { url, ctx } = emulator;
  console.log(
    [
      `BinaryGate emulator listening on ${url}  (state: ${ctx.store.dir}${config.seed ? ", seeded" : ""})`,
      `Accepts SigV4 with access key "${config.accessKeyId}" / secret "${config.secretAccessKey}", account ${config.accountId}, any region.`,
      "Point an AWS client at it:",
      `  export AWS_ACCESS_KEY_ID=${config.accessKeyId} AWS_SECRET_ACCESS_KEY=${config.secretAccessKey} AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1`,
      `  aws --endpoint-url ${url} apigateway get-rest-apis`,
      // AWS CLI before 2.13 (Debian's is 2.9.19) ignores AWS_ENDPOINT_URL and would call real AWS.
      `  export AWS_ENDPOINT_URL=${url}   # SDKs and AWS CLI >= 2.13 only; older CLIs need --endpoint-url`,
      `  export BINARYGATE_EMULATOR_URL=${url}`,
      `Health: ${url}/_binarygate/health`,
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    emulator
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        console.error("Shutdown failed:", err);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
